"""Services for referrals (anvisningar) and the waiting list (kö)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iop.cache_version import bumps_data_version
from iop.models import Partnership, PartnershipParty, User, WorkArea
from participants.models import Consent, Participant, Referral
from participants.services.records import save_with_history

S = Referral.Status
# Allowed status changes through referral_set_status. PLACED is set only by placement_start.
TRANSITIONS: dict[str, set[str]] = {
    S.NEW: {S.STUDY_VISIT_BOOKED, S.ACCEPTED, S.DECLINED, S.WITHDRAWN},
    S.STUDY_VISIT_BOOKED: {S.STUDY_VISIT_BOOKED, S.ACCEPTED, S.DECLINED, S.WITHDRAWN},
    S.ACCEPTED: {S.DECLINED, S.WITHDRAWN},
    S.PLACED: set(),
    S.DECLINED: set(),
    S.WITHDRAWN: set(),
}


def has_sharing_consent(*, participant: Participant, partnership: Partnership, day: dt.date) -> bool:
    """A consent valid on `day` allowing sharing with a non-city party of the partnership."""
    org_ids = partnership.parties.exclude(role=PartnershipParty.Role.CITY).values("organisation_id")
    return (
        Consent.objects.valid_on(day)
        .filter(participant=participant, partnership=partnership, organisation_id__in=org_ids)
        .exists()
    )


@bumps_data_version
@transaction.atomic
def referral_create(
    *,
    participant: Participant,
    partnership: Partnership,
    case_officer: User,
    referred_on: dt.date,
    reason: str = "",
    preferred_work_area: WorkArea | None = None,
    by: User | None = None,
) -> Referral:
    """Refer (anvisa) a participant to a partnership. Refused without a valid consent for the partnership's
    non-profit party on the referral date, and while another referral to it is open."""
    if not has_sharing_consent(participant=participant, partnership=partnership, day=referred_on):
        raise ValidationError(
            _(
                "Deltagaren saknar giltigt samtycke för partnerskapet %(date)s. "
                "Registrera samtycket innan anvisningen skickas."
            )
            % {"date": f"{referred_on:%Y-%m-%d}"},
            code="no_consent",
        )
    referral = Referral(
        participant=participant,
        partnership=partnership,
        case_officer=case_officer,
        referred_on=referred_on,
        reason=reason,
        preferred_work_area=preferred_work_area,
        status=S.NEW,
        status_changed_on=referred_on,
    )
    return save_with_history(referral, by)


@bumps_data_version
@transaction.atomic
def referral_set_status(
    *,
    referral: Referral,
    status: str,
    by: User | None = None,
    on: dt.date | None = None,
    study_visit_on: dt.date | None = None,
    reason: str = "",
) -> Referral:
    """Move a referral along its state machine (new → study_visit_booked → accepted; declined/withdrawn
    with a reason). Invalid transitions are refused; `placed` is set by placement_start only."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if status == S.PLACED:
        raise ValidationError(
            {"status": _("En anvisning blir placerad när arbetsträningen startas.")}, code="transition"
        )
    if status not in TRANSITIONS.get(referral.status, set()):
        raise ValidationError(
            {
                "status": _("Anvisningen kan inte gå från ”%(from)s” till ”%(to)s”.")
                % {
                    "from": referral.get_status_display(),
                    "to": S(status).label if status in S.values else status,
                }
            },
            code="transition",
        )
    if status == S.STUDY_VISIT_BOOKED:
        referral.study_visit_on = study_visit_on
    if status in Referral.CLOSED_WITH_REASON:
        referral.closed_reason = reason
    referral.status = status
    referral.status_changed_on = on or timezone.localdate()
    return save_with_history(referral, by)


@transaction.atomic
def referral_set_queue_override(
    *, referral: Referral, position: int | None, reason: str = "", by: User | None = None
) -> Referral:
    """Coordinator's manual queue position (lower first); None restores ordering by referral date."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    referral.queue_override = position
    referral.queue_override_reason = reason if position is not None else ""
    return save_with_history(referral, by)
