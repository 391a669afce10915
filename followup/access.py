"""The followup app's access module: the scoped lookups of its pages and the access-log rows they write.

Each lookup checks the scope and writes the access-log row: a `view` of the participant it returns
(every method: a form's GET, a re-shown invalid form, the read before a save, whose create/change row the
save writes in its own transaction) or a `denied` row before the 404. A page cannot show a
person without a row. Views never call `log_access` themselves (tests/test_views_do_not_log_by_hand.py).
"""

from django.http import Http404, HttpRequest

from followup.models import Talk
from followup.selectors import talks_visible_to
from participants.access import log_read
from participants.access_log import log_denied, valid_id
from participants.models import Placement
from participants.selectors import placements_visible_to


def placement_or_404(request: HttpRequest, pk: int, *, detail: str) -> Placement:
    """The placement `pk` if the user may see it (logged as a read of its participant), else a logged 404."""
    placement = None
    if valid_id(pk) is not None:
        placement = (
            placements_visible_to(request.user)
            .select_related("participant", "partnership", "supervisor", "work_area", "end_reason")
            .filter(pk=pk)
            .first()
        )
    if placement is None:
        log_denied(request_or_user=request, detail=f"uppföljning plats {pk}")
        raise Http404
    log_read(request, placement.participant_id, detail=detail)
    return placement


def talk_or_404(request: HttpRequest, pk: int, *, detail: str) -> Talk:
    """The talk `pk` if the user may see it (logged as a read of its participant), else a logged 404."""
    talk = None
    if valid_id(pk) is not None:
        talk = (
            talks_visible_to(request.user)
            .select_related(
                "placement__participant", "placement__partnership", "placement__work_area", "created_by"
            )
            .filter(pk=pk)
            .first()
        )
    if talk is None:
        log_denied(request_or_user=request, detail=f"samtal {pk}")
        raise Http404
    assert talk.placement is not None, "the talks found here belong to a placement"
    log_read(request, talk.placement.participant_id, detail=detail)
    return talk


def log_participant_list(request: HttpRequest) -> None:
    """ "Mina deltagare" showed the user's participants (one row for the list)."""
    log_read(request, None, detail="mina deltagare (uppföljning)")
