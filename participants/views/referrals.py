"""Referral pages (anvisning) and the waiting list (kö).

Who may do what:
- create a referral and change its status (study visit, accepted, declined, withdrawn): the responsible
  case officer (arbetsmarknadssekreterare) and samordnare;
- see a partnership's queue: case officers, handledare of the partnership's organisations, samordnare;
  everyone sees the positions, names only as `participants.selectors.queue_names_visible_to` allows
  (supervisors: those who can start within 30 days and consented to their organisation); each name
  shown is an access-log row;
- reorder the queue (with a reason): samordnare only.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from iop.http import AuthenticatedHttpRequest
from iop.permissions import allow, is_coordinator
from iop.roles import Role
from iop.row_urls import row_url
from iop.selectors import partnerships_visible_to
from participants.access import (
    PARTICIPANT_ROLES,
    log_list_read,
    participant_or_deny,
    referral_or_deny,
    require_change_right,
)
from participants.forms import QueueOverrideForm, ReferralForm, ReferralStatusForm
from participants.models import AccessLog, Referral
from participants.selectors import (
    display_name,
    participants_visible_to,
    queue_names_visible_to,
    referral_queue,
)
from participants.services import (
    referral_create,
    referral_set_queue_override,
    referral_set_status,
)
from participants.services.referrals import TRANSITIONS

from ._forms import logged_form_page

S = Referral.Status
# Status changes offered as buttons (placed is set by starting the placement).
STATUS_ACTIONS: dict[str, Promise] = {
    S.STUDY_VISIT_BOOKED: gettext_lazy("Boka studiebesök"),
    S.ACCEPTED: gettext_lazy("Anta"),
    S.DECLINED: gettext_lazy("Avböj"),
    S.WITHDRAWN: gettext_lazy("Återkalla"),
}


@require_http_methods(["GET", "POST"])
@allow(Role.AMS, Role.SAMORDNARE)
def referral_create_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    participant = participant_or_deny(request, pk, detail="ny anvisning")
    require_change_right(request, participant, detail="ny anvisning")
    form = ReferralForm(request.POST or None)
    context = {"form": form, "p": participant, "name": display_name(participant, request.user)}

    def save() -> Referral:
        data = form.cleaned_data
        return referral_create(
            participant=participant,
            partnership=data["partnership"],
            case_officer=participant.case_officer,
            referred_on=data["referred_on"],
            reason=data["reason"],
            preferred_work_area=data["preferred_work_area"],
            by=request.user,
        )

    return logged_form_page(
        request,
        form,
        "participants/referral_form.html",
        context,
        save=save,
        action=AccessLog.Action.CREATE,
        participant=participant,
        detail=lambda referral: f"anvisning {referral.pk}",
        success=_("Anvisningen är skickad."),
    )


@require_http_methods(["GET", "POST"])
@allow(Role.AMS, Role.SAMORDNARE)
def referral_status(request: AuthenticatedHttpRequest, pk: int, status: str) -> HttpResponse:
    """GET: a confirmation page asking for what the new status needs. POST: change the status."""
    if status not in STATUS_ACTIONS:
        raise Http404
    referral = referral_or_deny(request, pk, detail="ändra anvisning")
    participant = referral.participant
    require_change_right(request, participant, detail="ändra anvisning")
    form = ReferralStatusForm(request.POST or None, status=status)
    context = {
        "form": form,
        "referral": referral,
        "p": participant,
        "name": display_name(participant, request.user),
        "action": STATUS_ACTIONS[status],
        "allowed": status in TRANSITIONS.get(referral.status, set()),
    }

    def save() -> Referral:
        data = form.cleaned_data
        return referral_set_status(
            referral=referral,
            status=status,
            by=request.user,
            on=data["on"],
            study_visit_on=data.get("study_visit_on"),
            reason=data.get("reason", ""),
        )

    return logged_form_page(
        request,
        form,
        "participants/referral_status.html",
        context,
        save=save,
        action=AccessLog.Action.CHANGE,
        participant=participant,
        detail=f"anvisning {referral.pk} {Referral.Status(status).label.lower()}",
        success=_("Anvisningens status är ändrad."),
    )


@require_http_methods(["GET"])
@allow(PARTICIPANT_ROLES)
def queue(request: HttpRequest, pk: int) -> HttpResponse:
    """The partnership's waiting list: everyone involved sees positions; names only where allowed."""
    partnership = partnerships_visible_to(request.user).filter(pk=pk).first()
    if partnership is None:
        raise Http404
    # Only the columns the page shows: a large programme's queue has hundreds of entries.
    entries = list(
        referral_queue(partnership).only(
            "participant_id",
            "partnership_id",
            "status",
            "referred_on",
            "queue_override",
            "queue_override_reason",
            "participant__first_name",
            "participant__last_name",
            "participant__pseudonym",
            "participant__protected_identity",
            "participant__case_officer_id",
            "case_officer__username",
            "case_officer__first_name",
            "case_officer__last_name",
        )
    )
    visible = queue_names_visible_to(request.user, partnership, entries)
    linkable = set(
        participants_visible_to(request.user)
        .filter(pk__in=[r.participant_id for r in entries])
        .values_list("pk", flat=True)
    )
    detail_url, reorder_url = row_url("participants:detail"), row_url("participants:queue_reorder")
    rows = [
        {
            "position": position,
            "referral": r,
            "visible": r.pk in visible,
            "detail_url": detail_url(r.participant_id) if r.participant_id in linkable else "",
            "reorder_url": reorder_url(r.pk),
            "name": display_name(r.participant, request.user) if r.pk in visible else "",
            "case_officer": r.case_officer.get_full_name() or r.case_officer.username,
            # Plain strings: a queue has hundreds of rows and template filters cost per row.
            "referred_on": r.referred_on.isoformat() if r.referred_on else "",
            "override": f"{r.queue_override}: {r.queue_override_reason}" if r.queue_override else "–",
        }
        for position, r in enumerate(entries, start=1)
    ]
    log_list_read(request, participants=[r.participant_id for r in entries if r.pk in visible], detail="kö")
    return render(
        request,
        "participants/queue_detail.html",
        {"partnership": partnership, "rows": rows, "may_reorder": is_coordinator(request.user)},
    )


@require_http_methods(["GET", "POST"])
@allow(Role.SAMORDNARE)
def queue_reorder(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Coordinator sets a manual queue position for one accepted referral, with a reason."""
    referral = referral_or_deny(request, pk, detail="ändra köordning")
    if referral.status != S.ACCEPTED:
        raise Http404
    form = QueueOverrideForm(
        request.POST or None,
        initial={"position": referral.queue_override, "reason": referral.queue_override_reason},
    )
    context = {"form": form, "referral": referral, "name": display_name(referral.participant, request.user)}
    return logged_form_page(
        request,
        form,
        "participants/queue_reorder.html",
        context,
        save=lambda: referral_set_queue_override(
            referral=referral,
            position=form.cleaned_data["position"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        ),
        action=AccessLog.Action.CHANGE,
        participant=referral.participant,
        detail=f"köordning anvisning {referral.pk}",
        success=_("Köordningen är ändrad."),
        done=lambda _result: redirect("participants:queue", pk=referral.partnership_id),
    )
