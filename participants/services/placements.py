"""Services for placements (arbetsträningsplatser): start, extend, end, pauses, steps and plans.

Every write that can change occupancy locks the partnership row first (capacity.lock_partnership)
and then checks the capacity rule, all inside one transaction.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from iop.cache_version import bumps_data_version
from iop.dates import add_months
from iop.legal_force import require_legal_force
from iop.models import Partnership, StaffMember, User, WorkArea
from iop.notifications import notify
from participants.models import EndReason, Participant, Placement, PlacementExtension, Referral
from participants.models.placement_records import IndividualPlan, Pause, WorkingTimeStep
from participants.occupancy import ONE_DAY
from participants.selectors import referral_queue
from participants.services.records import save_with_history

from .capacity import assert_place_free, lock_partnership
from .errors import ErrorCode
from .hooks import placement_changed
from .referrals import has_sharing_consent


@dataclass(frozen=True)
class ExtensionDecision:
    """The recorded decision (beslut) behind an extension; a joint decision needs both approvals and
    the participant consulted."""

    decided_on: dt.date
    reason: str
    participant_consulted: bool = False
    approved_by_city_user: User | None = None
    approved_by_city_name: str = ""
    approved_by_partner_user: User | None = None
    approved_by_partner_name: str = ""


def _locked_placement(placement: Placement, expected_version: int | None) -> Placement:
    fresh = Placement.objects.select_for_update().select_related("partnership").get(pk=placement.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise ValidationError(
            _("Arbetsträningsplatsen har ändrats av någon annan. Ladda om sidan och försök igen."),
            code=ErrorCode.STALE,
        )
    return fresh


def _save(placement: Placement, by: User | None) -> Placement:
    placement.version += 1
    return save_with_history(placement, by)


@bumps_data_version
@transaction.atomic
def placement_start(
    *,
    participant: Participant,
    partnership: Partnership,
    start_date: dt.date,
    by: User | None = None,
    work_area: WorkArea | None = None,
    supervisor: User | None = None,
    referral: Referral | None = None,
    planned_end_date: dt.date | None = None,
) -> Placement:
    """Start a placement. Locks the partnership, then refuses when a place is missing on any day
    (naming the first full date), when the participant lacks consent or already has an overlapping
    placement there, when the planned end passes start + max months (use placement_extend), or when it
    starts before the board's decision gained legal force (iop.legal_force)."""
    partnership = lock_partnership(partnership)
    require_legal_force(
        partnership,
        start_date,
        refused=_("Arbetsträningen kan inte börja %(day)s") % {"day": f"{start_date:%Y-%m-%d}"},
        field="start_date",
    )
    if planned_end_date is None:
        if not partnership.max_months:
            raise ValidationError({"planned_end_date": _("Ange planerat slutdatum.")})
        planned_end_date = add_months(start_date, partnership.max_months)
    if referral is not None:
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if referral.participant_id != participant.pk or referral.partnership_id != partnership.pk:
            raise ValidationError(_("Anvisningen gäller en annan deltagare eller ett annat partnerskap."))
        if referral.status != Referral.Status.ACCEPTED:
            raise ValidationError(_("Bara en antagen anvisning kan leda till en arbetsträningsplats."))
    if not has_sharing_consent(participant=participant, partnership=partnership, day=start_date):
        raise ValidationError(_("Deltagaren saknar giltigt samtycke för partnerskapet på startdagen."))
    placement = Placement(
        participant=participant,
        partnership=partnership,
        work_area=work_area,
        supervisor=supervisor,
        referral=referral,
        start_date=start_date,
        planned_end_date=planned_end_date,
    )
    placement._history_user = by  # type: ignore[attr-defined]
    placement.full_clean()
    assert_place_free(partnership, start_date, planned_end_date)
    placement.save()
    placement_changed([placement.pk])
    if referral is not None:
        referral.status = Referral.Status.PLACED
        referral.status_changed_on = start_date
        referral._history_user = by  # type: ignore[attr-defined]
        referral.save(update_fields=["status", "status_changed_on"])
    return placement


@bumps_data_version
@transaction.atomic
def placement_extend(
    *,
    placement: Placement,
    new_end_date: dt.date,
    by: User | None = None,
    decision: ExtensionDecision | None = None,
    expected_version: int | None = None,
) -> Placement:
    """Move the planned end later (förlängning). Beyond start + max months only with a complete joint
    decision; refused when a place is missing on any added day."""
    partnership = lock_partnership(placement.partnership_id)
    placement = _locked_placement(placement, expected_version)
    placement.partnership = partnership
    if placement.end_date is not None:
        raise ValidationError(_("Arbetsträningen är redan avslutad."))
    if new_end_date <= placement.planned_end_date:
        raise ValidationError({"new_end_date": _("Det nya slutdatumet måste ligga efter det nuvarande.")})
    limit = placement.max_planned_end_without_extension()
    beyond = limit is not None and new_end_date > limit
    if beyond:
        if decision is None or not _complete(decision):
            raise ValidationError(
                _(
                    "Förlängning efter %(limit)s kräver ett gemensamt beslut av båda parter "
                    "tillsammans med deltagaren."
                )
                % {"limit": f"{limit:%Y-%m-%d}"},
                code="needs_joint_decision",
            )
    assert_place_free(
        partnership, placement.planned_end_date + ONE_DAY, new_end_date, exclude_placement_id=placement.pk
    )
    if decision is not None:
        extension = PlacementExtension(
            placement=placement,
            previous_end_date=placement.planned_end_date,
            new_end_date=new_end_date,
            joint_decision=_complete(decision),
            created_by=by,
            **vars(decision),  # the decision's fields are the extension's fields of the same names
        )
        save_with_history(extension, by)
    placement.planned_end_date = new_end_date
    return _save(placement, by)


def _complete(decision: ExtensionDecision) -> bool:
    return bool(
        decision.participant_consulted
        and (decision.approved_by_city_user or decision.approved_by_city_name.strip())
        and (decision.approved_by_partner_user or decision.approved_by_partner_name.strip())
        and decision.reason.strip()
    )


@bumps_data_version
@transaction.atomic
def placement_end(
    *,
    placement: Placement,
    end_date: dt.date,
    end_reason: EndReason,
    by: User | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> Placement:
    """End a placement (avslut) with a date and a reason. If the queue has a referral, its case officer
    and the partnership's supervisors are notified that a place frees."""
    lock_partnership(placement.partnership_id)
    placement = _locked_placement(placement, expected_version)
    if placement.end_date is not None:
        raise ValidationError(_("Arbetsträningen är redan avslutad."))
    placement.end_date = end_date
    placement.end_reason = end_reason
    placement.end_note = note
    _save(placement, by)
    _notify_place_freed(placement)
    return placement


def _notify_place_freed(placement: Placement) -> int:
    next_referral = referral_queue(placement.partnership_id).first()
    if next_referral is None:
        return 0
    supervisors = User.objects.filter(
        staff_roles__partnership_id=placement.partnership_id,
        staff_roles__role=StaffMember.Role.SUPERVISOR,
        staff_roles__active=True,
        is_active=True,
    ).distinct()
    users = {u.pk: u for u in [next_referral.case_officer, *supervisors]}
    assert placement.end_date is not None, "called when the placement has ended"
    free_from = placement.end_date + ONE_DAY
    # No personal data in the text: the linked pages check access.
    return notify(
        users=users.values(),
        kind="place_freed",
        message=_("En plats blir ledig i %(partnership)s från %(date)s. Nästa anvisning i kön kan placeras.")
        % {"partnership": placement.partnership.title, "date": f"{free_from:%Y-%m-%d}"},
        dedupe_key=f"place-freed:{placement.pk}:{placement.end_date:%Y%m%d}",
        due_date=free_from,
    )


@bumps_data_version
@transaction.atomic
def pause_add(
    *,
    placement: Placement,
    start_date: dt.date,
    category: str,
    end_date: dt.date | None = None,
    note: str = "",
    by: User | None = None,
) -> Pause:
    """Register a pause (uppehåll). No health details in `note`."""
    lock_partnership(placement.partnership_id)
    pause = Pause(placement=placement, start_date=start_date, end_date=end_date, category=category, note=note)
    return save_with_history(pause, by)


@bumps_data_version
@transaction.atomic
def pause_end(*, pause: Pause, end_date: dt.date, by: User | None = None) -> Pause:
    """Set or move the pause's last day. Where paused days do not keep the place, the days taken back
    are checked against the capacity rule."""
    partnership = lock_partnership(pause.placement.partnership_id)
    pause = Pause.objects.select_related("placement").get(pk=pause.pk)
    old_end = pause.end_date or pause.placement.occupied_until
    if not partnership.paused_keeps_place and end_date < old_end:
        assert_place_free(partnership, end_date + ONE_DAY, old_end, exclude_placement_id=pause.placement_id)
    pause.end_date = end_date
    return save_with_history(pause, by)


@bumps_data_version
@transaction.atomic
def working_time_step_add(
    *, placement: Placement, from_date: dt.date, percent: int, note: str = "", by: User | None = None
) -> WorkingTimeStep:
    """Register a working-time step (sysselsättningsgrad) from a date."""
    step = WorkingTimeStep(placement=placement, from_date=from_date, percent=percent, note=note)
    return save_with_history(step, by)


@bumps_data_version
@transaction.atomic
def plan_revise(
    *, placement: Placement, goals: str, agreed_on: dt.date, by: User | None = None
) -> IndividualPlan:
    """Record a new revision of the individual plan; earlier revisions are kept."""
    Placement.objects.select_for_update().filter(pk=placement.pk).first()
    last = placement.plans.aggregate(m=Max("revision"))["m"] or 0
    plan = IndividualPlan(
        placement=placement, revision=last + 1, agreed_on=agreed_on, goals=goals, created_by=by
    )
    return save_with_history(plan, by)
