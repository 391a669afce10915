"""What is recorded on an ongoing placement: pauses (uppehåll), working-time steps (sysselsättningsgrad)
and revisions of the individual plan. Handledare (daily running of the placement), the case officer and
samordnare record them on placements they can see through `placements_visible_to`; an ended placement
takes no new records (404).
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from iop.permissions import allow
from participants.access import PARTICIPANT_ROLES, deny, placement_or_deny
from participants.forms import PauseEndForm, PauseForm, PlanForm, WorkingTimeStepForm
from participants.models import AccessLog, Pause, Placement
from participants.selectors import placements_visible_to
from participants.services import (
    pause_add,
    pause_end,
    plan_revise,
    working_time_step_add,
)

from ._forms import placement_form_context, placement_form_page


def _recorded(request, pk: int, detail: str) -> Placement:
    """Placements on which handledare, case officer and coordinator record pauses, steps and plans."""
    placement = placement_or_deny(request, pk, detail=detail)
    if placement.is_ended:
        raise Http404
    return placement


def _record_view(request, pk: int, *, form_class, template: str, detail: str, save, done: str, **form_kw):
    placement = _recorded(request, pk, detail)
    form = form_class(request.POST or None, **form_kw)
    return placement_form_page(
        request,
        placement,
        form,
        template,
        placement_form_context(request, placement, form),
        write=lambda: save(placement, form.cleaned_data),
        detail=detail,
        success=done,
        action=AccessLog.Action.CREATE,
    )


@require_http_methods(["GET", "POST"])
@allow(PARTICIPANT_ROLES)
def pause_create(request: HttpRequest, pk: int) -> HttpResponse:
    def save(placement, d):
        pause_add(
            placement=placement,
            start_date=d["start_date"],
            end_date=d["end_date"],
            category=d["category"],
            note=d["note"],
            by=request.user,
        )

    return _record_view(
        request,
        pk,
        form_class=PauseForm,
        template="participants/pause_form.html",
        detail="uppehåll",
        save=save,
        done=_("Uppehållet är registrerat."),
        initial={"start_date": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
@allow(PARTICIPANT_ROLES)
def pause_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    pause = Pause.objects.filter(pk=pk, placement__in=placements_visible_to(request.user)).first()
    if pause is None:
        ref = Pause.objects.filter(pk=pk).values_list("placement__participant_id", flat=True).first()
        deny(request, participant_ref=ref, detail=f"avsluta uppehåll {pk}")

    def save(placement, d):
        pause_end(pause=pause, end_date=d["end_date"], by=request.user)

    return _record_view(
        request,
        pause.placement_id,
        form_class=PauseEndForm,
        template="participants/pause_end.html",
        detail="uppehåll avslutat",
        save=save,
        done=_("Uppehållets slut är registrerat."),
        initial={"end_date": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
@allow(PARTICIPANT_ROLES)
def step_create(request: HttpRequest, pk: int) -> HttpResponse:
    def save(placement, d):
        step = working_time_step_add(
            placement=placement,
            from_date=d["from_date"],
            percent=d["percent"],
            note=d["note"],
            by=request.user,
        )
        number = sorted(placement.working_time_steps.all(), key=lambda s: (s.from_date, s.pk)).index(step) + 1
        # The work-training method: steps 1–2 usually stay under half time. A warning, not a rule.
        if number <= 2 and step.percent >= 50:
            messages.warning(
                request,
                _("Steg %(n)s ligger på %(p)s %%. Steg 1–2 brukar vara under 50 %% av heltid.")
                % {"n": number, "p": step.percent},
            )

    return _record_view(
        request,
        pk,
        form_class=WorkingTimeStepForm,
        template="participants/step_form.html",
        detail="sysselsättningsgrad",
        save=save,
        done=_("Steget är registrerat."),
        initial={"from_date": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
@allow(PARTICIPANT_ROLES)
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    def save(placement, d):
        plan_revise(placement=placement, goals=d["goals"], agreed_on=d["agreed_on"], by=request.user)

    latest = (
        placements_visible_to(request.user)
        .filter(pk=pk)
        .values_list("plans__goals", flat=True)
        .order_by("-plans__revision")
        .first()
    )
    return _record_view(
        request,
        pk,
        form_class=PlanForm,
        template="participants/plan_form.html",
        detail="individuell plan",
        save=save,
        done=_("Planen är sparad."),
        initial={"agreed_on": timezone.localdate(), "goals": latest or ""},
    )
