"""Placement pages (arbetsträningsplats): start from an accepted referral, the placement page, edit,
extension and end.

Who may do what (on placements the user can see through `placements_visible_to`):
- start, edit (work area, supervisor), extend, end: the responsible case officer and samordnare
  (the city owns those decisions; an extension beyond the maximum also records the partner's approval);
- the placement page: handledare, the case officer and samordnare; other roles 403, logged.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from iop.dates import add_months
from iop.forms import apply_errors
from iop.http import AuthenticatedHttpRequest
from iop.permissions import ANY_ROLE, allow
from iop.roles import Role
from iop.user_lookup import user_lookup_response
from participants.access import (
    may_change_participant,
    placement_for_lookup,
    placement_or_deny,
    referral_or_deny,
    require_change_right,
)
from participants.forms import PlacementEditForm, PlacementEndForm, PlacementExtendForm, PlacementStartForm
from participants.forms.placements import extension_approvers
from participants.models import AccessLog, Placement, Referral
from participants.selectors import display_name, placement_page, queue_position
from participants.services import (
    ExtensionDecision,
    placement_end,
    placement_extend,
    placement_start,
    placement_write_logged,
)
from participants.services.errors import ErrorCode
from participants.services.placement_update import placement_update

from ._forms import placement_form_context, placement_form_page

STALE_MESSAGE = gettext_lazy(
    "Någon annan har ändrat placeringen medan du redigerade. Ladda om sidan och gör om ändringen."
)
DECIDERS = (Role.AMS, Role.SAMORDNARE)


def _codes(exc: ValidationError) -> set[str]:
    errors = (
        [e for errs in exc.error_dict.values() for e in errs]
        if hasattr(exc, "error_dict")
        else exc.error_list
    )
    return {e.code for e in errors if e.code}


def _apply(form, exc: ValidationError) -> None:
    if ErrorCode.STALE in _codes(exc):
        form.add_error(None, STALE_MESSAGE)
    else:
        apply_errors(form, exc)


def _decider_page(
    request: HttpRequest,
    placement: Placement,
    form: Form,
    template: str,
    *,
    write: Callable[[], Any],
    detail: str,
    success: str,
    **extra: Any,
) -> HttpResponse:
    """A decider's change to a placement (edit, extend, end): a stale version is shown as such."""
    return placement_form_page(
        request,
        placement,
        form,
        template,
        placement_form_context(request, placement, form, **extra),
        write=write,
        detail=detail,
        success=success,
        on_error=_apply,
    )


def _decider_placement(request: HttpRequest, pk: int, detail: str) -> Placement:
    placement = placement_or_deny(request, pk, detail=detail)
    require_change_right(request, placement.participant, detail=detail)
    return placement


@require_http_methods(["GET", "POST"])
@allow(*DECIDERS)
def placement_start_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Start a placement from an accepted referral. When the partnership is full the service names
    the first full date; the referral then simply stays in the queue."""
    referral = referral_or_deny(request, pk, detail="starta arbetsträning")
    participant = referral.participant
    require_change_right(request, participant, detail="starta arbetsträning")
    if referral.status != Referral.Status.ACCEPTED:
        raise Http404
    partnership = referral.partnership
    form = PlacementStartForm(
        request.POST or None,
        partnership=partnership,
        initial={"work_area": referral.preferred_work_area_id, "start_date": timezone.localdate()},
    )
    context = {
        "form": form,
        "referral": referral,
        "p": participant,
        "name": display_name(participant, request.user),
        "max_months": partnership.max_months,
        "full": False,
    }
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                placement = placement_write_logged(
                    request_or_user=request,
                    write=lambda: placement_start(
                        participant=participant,
                        partnership=partnership,
                        start_date=data["start_date"],
                        planned_end_date=data["planned_end_date"],
                        work_area=data["work_area"],
                        supervisor=data["supervisor"],
                        referral=referral,
                        by=request.user,
                    ),
                    detail="start",
                    action=AccessLog.Action.CREATE,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
                if ErrorCode.CAPACITY in _codes(exc):
                    context["full"] = True
                    context["position"] = queue_position(referral)
            else:
                messages.success(request, _("Arbetsträningen är startad."))
                return redirect("participants:placement_detail", pk=placement.pk)
        return render(request, "participants/placement_start.html", context, status=400)
    return render(request, "participants/placement_start.html", context)


@require_http_methods(["GET"])
@allow(ANY_ROLE)
def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The placement page; a view is logged like the participant page."""
    user = request.user
    # A refusal is logged before the page is read (`placement_page` reads in its own transaction).
    placement = placement_or_deny(request, pk, detail="arbetsträningsplats")
    page = placement_page(placement.pk)
    placement, steps, changes = page.placement, page.steps, page.changes
    decider = may_change_participant(user, placement.participant)
    return render(
        request,
        "participants/placement_detail.html",
        {
            "placement": placement,
            "name": display_name(placement.participant, user),
            "plans": sorted(placement.plans.all(), key=lambda p: -p.revision),
            "extensions": list(placement.extensions.all()),
            "pauses": list(placement.pauses.all()),
            "steps": list(enumerate(steps, start=1)),
            "changes": changes,
            "decider": decider and not placement.is_ended,
            "may_record": not placement.is_ended,
            "limit": placement.max_planned_end_without_extension(),
            "overdue": not placement.is_ended and placement.planned_end_date < timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@allow(*DECIDERS)
def placement_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Work area and supervisor, with optimistic locking: a stale version saves nothing."""
    placement = _decider_placement(request, pk, "ändra arbetsträningsplats")
    form = PlacementEditForm(
        request.POST or None,
        partnership=placement.partnership,
        initial={
            "work_area": placement.work_area_id,
            "supervisor": placement.supervisor_id,
            "version": placement.version,
        },
    )

    def update() -> Any:
        return placement_update(
            placement=placement,
            work_area=form.cleaned_data["work_area"],
            supervisor=form.cleaned_data["supervisor"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )

    return _decider_page(
        request,
        placement,
        form,
        "participants/placement_edit.html",
        write=update,
        detail="verksamhet/handledare",
        success=_("Arbetsträningsplatsen är sparad."),
    )


@require_http_methods(["GET", "POST"])
@allow(*DECIDERS)
def placement_extend_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Extension (förlängning): beyond the maximum months only as a recorded joint decision."""
    placement = _decider_placement(request, pk, "förlänga arbetsträning")
    initial = {"version": placement.version, "new_end_date": add_months(placement.planned_end_date, 1)}
    form = PlacementExtendForm(request.POST or None, initial=initial, placement=placement)

    def extend() -> Any:
        d = form.cleaned_data
        decision = ExtensionDecision(
            decided_on=d["decided_on"],
            reason=d["reason"],
            participant_consulted=d["participant_consulted"],
            approved_by_city_user=d["approved_by_city_user"],
            approved_by_city_name=d["approved_by_city_name"],
            approved_by_partner_user=d["approved_by_partner_user"],
            approved_by_partner_name=d["approved_by_partner_name"],
        )
        return placement_extend(
            placement=placement,
            new_end_date=d["new_end_date"],
            decision=decision,
            by=request.user,
            expected_version=d["version"],
        )

    return _decider_page(
        request,
        placement,
        form,
        "participants/placement_extend.html",
        write=extend,
        detail="förlängning",
        success=_("Förlängningen är registrerad."),
        limit=placement.max_planned_end_without_extension(),
    )


@require_http_methods(["GET", "POST"])
@allow(*DECIDERS)
def placement_end_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    placement = _decider_placement(request, pk, "avsluta arbetsträning")
    form = PlacementEndForm(
        request.POST or None, initial={"version": placement.version, "end_date": timezone.localdate()}
    )

    def end() -> Any:
        d = form.cleaned_data
        return placement_end(
            placement=placement,
            expected_version=d["version"],
            end_date=d["end_date"],
            end_reason=d["end_reason"],
            note=d["note"],
            by=request.user,
        )

    return _decider_page(
        request,
        placement,
        form,
        "participants/placement_end.html",
        write=end,
        detail="avslut",
        success=_("Arbetsträningen är avslutad."),
    )


@require_GET
@allow(*DECIDERS)
def approver_lookup(request: AuthenticatedHttpRequest, pk: int, side: str) -> HttpResponse:
    """The extension form's suggestions (JSON) for who approved it on one side: users of the placement's
    parties of that side. Names of staff, no participant data: the placement is looked up without a
    read being logged, but only among those the user may see."""
    if side not in ("city", "partner"):
        raise Http404
    placement = placement_for_lookup(request, pk)
    return user_lookup_response(request, extension_approvers(placement.partnership, side=side))
