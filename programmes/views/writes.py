"""Write pages of a programme: enrol, change team or process leader, phase talks and the next phase,
participations in activities with their talks.
Each validates a form and calls a service, which logs the write in its own transaction."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from iop.forms import apply_errors
from iop.permissions import PROGRAMME_TEAM_WRITERS, PROGRAMME_WRITERS, allow

from ..access import enrolment_or_404, participant_by_pnr, team_or_404
from ..forms import (
    UNKNOWN_PARTICIPANT,
    EnrolForm,
    ParticipationEndForm,
    ParticipationStartForm,
    ParticipationTalkForm,
    PhaseAdvanceForm,
    PhaseTalkForm,
    ReassignForm,
)
from ..selectors import teams_visible_to
from ..services import (
    enrolment_create,
    enrolment_reassign,
    participation_end,
    participation_start,
    participation_talk_add,
    phase_advance,
    phase_talk_add,
)
from .pages import render_enrolment


@require_http_methods(["GET", "POST"])
@allow(PROGRAMME_WRITERS)
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    team = team_or_404(request, pk)
    form = EnrolForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid():
        participant = participant_by_pnr(request, form.cleaned_data["personal_identity_number"])
        if participant is None:
            form.add_error("personal_identity_number", UNKNOWN_PARTICIPANT)
        else:
            try:
                enrolment = enrolment_create(
                    partnership=team.partnership,
                    participant=participant,
                    team=team,
                    process_leader=form.cleaned_data["process_leader"],
                    start_date=form.cleaned_data["start_date"],
                    by=request.user,
                    request=request,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Deltagaren är inskriven."))
                return redirect("programmes:enrolment", pk=enrolment.pk)
    status = 400 if form.is_bound else 200
    return render(request, "programmes/enrol_form.html", {"team": team, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@allow(PROGRAMME_WRITERS)
def reassign(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_or_404(request, pk, detail="byt team eller processledare")
    teams = teams_visible_to(request.user).filter(partnership=enrolment.partnership_id).order_by("name")
    initial = {"team": enrolment.team_id, "process_leader": enrolment.process_leader_id}
    form = ReassignForm(request.POST or None, teams=teams, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment_reassign(enrolment=enrolment, by=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Team och processledare är sparade."))
            return redirect("programmes:enrolment", pk=enrolment.pk)
    status = 400 if form.is_bound else 200
    return render(
        request, "programmes/reassign_form.html", {"enrolment": enrolment, "form": form}, status=status
    )


def _enrolment_form_post(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type,
    form_key: str,
    write: Callable,
    detail: str,
    done: str,
    of_enrolment: bool = False,
) -> HttpResponse:
    """A form posted from the enrolment page: on success back to it, else the page with the form's errors.
    `of_enrolment`: the form offers choices of this enrolment (its activities or participations)."""
    enrolment = enrolment_or_404(request, pk, detail=detail)
    form = form_class(request.POST, enrolment=enrolment) if of_enrolment else form_class(request.POST)
    if form.is_valid():
        try:
            write(enrolment=enrolment, by=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("programmes:enrolment", pk=enrolment.pk)
    return render_enrolment(request, enrolment, status=400, **{form_key: form})


@require_POST
@allow(PROGRAMME_WRITERS)
def phase_talk(request: HttpRequest, pk: int) -> HttpResponse:
    return _enrolment_form_post(
        request,
        pk,
        form_class=PhaseTalkForm,
        form_key="talk_form",
        write=phase_talk_add,
        detail="uppföljningssamtal i fas",
        done=_("Samtalet är registrerat."),
    )


@require_POST
@allow(PROGRAMME_WRITERS)
def phase_next(request: HttpRequest, pk: int) -> HttpResponse:
    return _enrolment_form_post(
        request,
        pk,
        form_class=PhaseAdvanceForm,
        form_key="advance_form",
        write=phase_advance,
        detail="nästa fas",
        done=_("Deltagaren har gått vidare till nästa fas."),
    )


@require_POST
@allow(PROGRAMME_TEAM_WRITERS)
def participation_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _enrolment_form_post(
        request,
        pk,
        form_class=ParticipationStartForm,
        form_key="start_form",
        write=participation_start,
        detail="deltagande i aktivitet",
        done=_("Deltagandet i aktiviteten är registrerat."),
        of_enrolment=True,
    )


@require_POST
@allow(PROGRAMME_TEAM_WRITERS)
def participation_talk(request: HttpRequest, pk: int) -> HttpResponse:
    return _enrolment_form_post(
        request,
        pk,
        form_class=ParticipationTalkForm,
        form_key="activity_talk_form",
        write=participation_talk_add,
        detail="uppföljningssamtal i aktivitet",
        done=_("Samtalet är registrerat."),
        of_enrolment=True,
    )


@require_POST
@allow(PROGRAMME_TEAM_WRITERS)
def participation_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _enrolment_form_post(
        request,
        pk,
        form_class=ParticipationEndForm,
        form_key="activity_end_form",
        write=participation_end,
        detail="avsluta deltagande i aktivitet",
        done=_("Deltagandet i aktiviteten är avslutat."),
        of_enrolment=True,
    )
