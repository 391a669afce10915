"""The programmes app's access module: lookup, scope check and access-log row in one call.

A programme, team or enrolment outside the user's scope answers 404 (it is not told apart from one that
does not exist); a refused enrolment is logged as a denied read of its participant. Reading an enrolment
is logged as a read of its participant; pages listing people log each person shown.
"""

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from iop.models import Partnership, User
from participants.access import log_list_read, log_pnr_search, log_read
from participants.access_log import log_denied, valid_id
from participants.models import Participant

from .models import Enrolment, Team
from .selectors import enrolments_visible_to, programmes_visible_to, teams_visible_to


def programme_or_404(request: HttpRequest, pk: int) -> Partnership:
    return get_object_or_404(programmes_visible_to(request.user), pk=pk)


def team_or_404(request: HttpRequest, pk: int) -> Team:
    return get_object_or_404(teams_visible_to(request.user).select_related("partnership"), pk=pk)


def leader_or_404(partnership: Partnership, pk: int) -> User:
    """A process leader: a member of one of the programme's teams."""
    return get_object_or_404(
        User.objects.filter(team_memberships__team__partnership=partnership).distinct(), pk=pk
    )


def enrolment_or_404(request: HttpRequest, pk: int, *, detail: str) -> Enrolment:
    """The enrolment `pk` if the user may see it (logged as a read of its participant), else a logged 404."""
    enrolment = (
        enrolments_visible_to(request.user)
        .select_related("participant", "partnership", "team", "process_leader", "phase")
        .filter(pk=pk)
        .first()
        if valid_id(pk) is not None
        else None
    )
    if enrolment is None:
        log_denied(request_or_user=request, participant=None, detail=f"inskrivning {pk}: {detail}")
        raise Http404
    log_read(request, enrolment.participant_id, detail=f"inskrivning {enrolment.pk}: {detail}")
    return enrolment


def log_caseload(request: HttpRequest, enrolments: Any, *, detail: str) -> None:
    """A caseload page showed these enrolments' participants: one row each."""
    log_list_read(request, [e.participant_id for e in enrolments], detail=detail, even_if_none=True)


def participant_by_pnr(request: HttpRequest, number: str) -> Participant | None:
    """The participant with this (normalised) personnummer, for enrolling; the search is logged with the
    number only as a keyed hash."""
    match = Participant.objects.filter(personal_identity_number=number).first()
    log_pnr_search(request, number=number, match=match)
    return match
