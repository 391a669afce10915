"""What the followup pages share: the roles that work with participants, short labels, and the
scoped lookups that check access and write the access-log row."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from followup.models import SelfAssessment, Talk
from followup.selectors import talks_visible_to
from iop.roles import Role
from participants.access_log import log_access, log_denied, valid_id
from participants.models import AccessLog, Placement
from participants.selectors import placements_visible_to

WORKERS = (Role.AMS, Role.HANDLEDARE, Role.SAMORDNARE)
# Short button and column labels that fit two to a row on a 360 px phone.
SHORT_KIND_LABELS: dict[str, Promise] = {
    Talk.Kind.STUDY_VISIT: gettext_lazy("Studiebesök"),
    Talk.Kind.START_MEETING: gettext_lazy("Introduktion"),
    Talk.Kind.SUPERVISION_TALK: gettext_lazy("Handledning"),
    Talk.Kind.FOLLOWUP_MEETING: gettext_lazy("Uppföljning"),
    Talk.Kind.EXIT_MEETING: gettext_lazy("Avslutning"),
    Talk.Kind.SUPPORT_TALK: gettext_lazy("Stödsamtal"),
    Talk.Kind.OTHER: gettext_lazy("Annat"),
}
# The talk kinds as nouns for page titles ("Nytt handledningssamtal – …"); all are neuter in Swedish.
TALK_NOUNS: dict[str, Promise] = {
    Talk.Kind.STUDY_VISIT: gettext_lazy("studiebesök"),
    Talk.Kind.START_MEETING: gettext_lazy("uppstartsmöte"),
    Talk.Kind.SUPERVISION_TALK: gettext_lazy("handledningssamtal"),
    Talk.Kind.FOLLOWUP_MEETING: gettext_lazy("uppföljningsmöte"),
    Talk.Kind.EXIT_MEETING: gettext_lazy("avslutningsmöte"),
    Talk.Kind.SUPPORT_TALK: gettext_lazy("stödsamtal"),
    Talk.Kind.OTHER: gettext_lazy("samtal"),
}
SHORT_ASSESSOR_LABELS: dict[str, Promise] = {
    SelfAssessment.Kind.PARTICIPANT: gettext_lazy("Deltagaren"),
    SelfAssessment.Kind.CASE_OFFICER: gettext_lazy("Handläggaren"),
    SelfAssessment.Kind.SUPERVISOR: gettext_lazy("Handledaren"),
}


# The app's scoped lookups: each checks the scope and writes the access-log row, a `view` of the
# participant it returns (every method: a form's GET, a re-shown invalid form, the read before a save, which
# then logs its own create/change row) or a `denied` row before the 404. A page cannot show a person
# without a row.


def placement_or_404(request: HttpRequest, pk: int, *, detail: str) -> Placement:
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
    log_access(
        request_or_user=request,
        participant=placement.participant_id,
        action=AccessLog.Action.VIEW,
        detail=detail,
    )
    return placement


def talk_or_404(request: HttpRequest, pk: int, *, detail: str) -> Talk:
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
    log_access(
        request_or_user=request,
        participant=talk.placement.participant_id,
        action=AccessLog.Action.VIEW,
        detail=detail,
    )
    return talk


def now_local() -> dt.datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


def bad_request(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    return render(request, template, context, status=400)


ASSESSMENT_KIND_ROLES: dict[str, tuple[str, ...]] = {
    SelfAssessment.Kind.PARTICIPANT: WORKERS,
    SelfAssessment.Kind.CASE_OFFICER: (Role.AMS, Role.SAMORDNARE),
    SelfAssessment.Kind.SUPERVISOR: (Role.HANDLEDARE, Role.SAMORDNARE),
}


def save_posted_form(
    request: HttpRequest,
    form: BaseForm,
    template: str,
    context: dict,
    *,
    save: Callable[[], Any],
    placement: Placement,
    action: str,
    detail: Callable[[Any], str],
    success: str,
    done: Callable[[Any], HttpResponse],
) -> HttpResponse:
    """A posted followup form: when valid, `save` runs the service with it. A refused save is shown at the
    form (400); a save writes its access-log row about the placement's participant (`action`, `detail` of
    what was saved), the success message, and answers `done` of what was saved."""
    if form.is_valid():
        try:
            saved = save()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            log_access(
                request_or_user=request,
                participant=placement.participant_id,
                action=action,
                detail=detail(saved),
            )
            messages.success(request, success)
            return done(saved)
    return bad_request(request, template, context | {"form": form})
