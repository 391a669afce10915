"""Time reports of a team's month: the participants' hours per activity, the staff's hours per project
phase with their hourly cost, and locking the month once reported (rapporterad). Each save is one
transaction; a reported month refuses every change."""

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participants.access_log import log_access
from participants.models import AccessLog

from ..models import (
    MAX_HOURS_PER_MONTH,
    ParticipantTimeReport,
    Participation,
    StaffTimeReport,
    Team,
    TeamMember,
    TimeReportMonth,
)
from ..timereports import enrolled_in_month, first_of_month, is_locked, last_of_month, rules_for

# A cell of the participant table: (enrolment id, participation id or None for time outside an activity).
ParticipantCell = tuple[int, int | None]
# A cell of the staff table: (team member id, project phase).
StaffCell = tuple[int, str]

LOCKED = gettext_lazy("Månaden är rapporterad och kan inte längre ändras.")


def _assert_open(team: Team, month: dt.date) -> None:
    # Lock the team row so that a lock and a save of the same month cannot interleave.
    Team.objects.select_for_update().filter(pk=team.pk).first()
    if is_locked(team, month):
        raise ValidationError(LOCKED)


def _check_hours(hours: Decimal | None) -> None:
    if hours is not None and not (0 <= hours <= MAX_HOURS_PER_MONTH):
        raise ValidationError(_("Ange timmar mellan 0 och 744 för månaden."))


def participant_hours_save(
    *,
    team: Team,
    month: dt.date,
    cells: Mapping[ParticipantCell, Decimal | None],
    by: Any,
    request: Any = None,
) -> int:
    """Save the participants' hours of the team's month: a number saves the cell, None removes it. Each
    participant whose hours change is access-logged. Answers how many cells changed."""
    month = first_of_month(month)
    with transaction.atomic():
        _assert_open(team, month)
        enrolments = set(enrolled_in_month(team, month).values_list("pk", flat=True))
        participations = dict(
            Participation.objects.filter(enrolment__in=enrolments, start_date__lte=last_of_month(month))
            .exclude(end_date__lt=month)
            .values_list("pk", "enrolment_id")
        )
        totals: dict[int, Decimal] = {}
        for (enrolment_id, participation_id), hours in cells.items():
            if enrolment_id not in enrolments:
                raise ValidationError(_("Deltagaren är inte inskriven i teamet under månaden."))
            if participation_id is not None and participations.get(participation_id) != enrolment_id:
                raise ValidationError(
                    _("Aktiviteten hör till en annan inskrivning eller pågår inte under månaden.")
                )
            _check_hours(hours)
            totals[enrolment_id] = totals.get(enrolment_id, Decimal(0)) + (hours or 0)
        if any(total > MAX_HOURS_PER_MONTH for total in totals.values()):
            raise ValidationError(_("En deltagare kan inte ha fler än 744 timmar i månaden."))
        existing = {
            (r.enrolment_id, r.participation_id): r
            for r in ParticipantTimeReport.objects.select_for_update().filter(
                enrolment__in=enrolments, month=month
            )
        }
        rate = rules_for(team.partnership_id).allowance_rate
        changed: dict[int, int] = {}
        for (enrolment_id, participation_id), hours in cells.items():
            row = existing.get((enrolment_id, participation_id))
            if hours is None:
                if row is not None:
                    row.delete()
                    changed[enrolment_id] = changed.get(enrolment_id, 0) + 1
            elif row is None:
                ParticipantTimeReport.objects.create(
                    enrolment_id=enrolment_id,
                    participation_id=participation_id,
                    month=month,
                    hours=hours,
                    allowance_rate=rate,
                    created_by=by,
                )
                changed[enrolment_id] = changed.get(enrolment_id, 0) + 1
            elif row.hours != hours:
                row.hours = hours
                row.save(update_fields=["hours"])
                changed[enrolment_id] = changed.get(enrolment_id, 0) + 1
        participants = dict(
            team.enrolments.filter(pk__in=changed).values_list("pk", "participant_id")  # type: ignore[attr-defined]
        )
        for enrolment_id in sorted(changed):
            log_access(
                request_or_user=request or by,
                participant=participants[enrolment_id],
                action=AccessLog.Action.CHANGE,
                detail=f"inskrivning {enrolment_id}: tidrapport {month:%Y-%m}",
            )
    return sum(changed.values())


def staff_hours_save(
    *,
    team: Team,
    month: dt.date,
    costs: Mapping[int, Decimal | None],
    cells: Mapping[StaffCell, Decimal | None],
    by: Any,
) -> int:
    """Save the team members' hourly costs and their hours per project phase in the team's month; each
    row keeps the member's hourly cost, so the salary cost of the month is fixed once reported. Answers
    how many cells changed."""
    month = first_of_month(month)
    with transaction.atomic():
        _assert_open(team, month)
        members = {m.pk: m for m in TeamMember.objects.select_for_update().filter(team=team)}
        if set(costs) - set(members) or {pk for pk, _phase in cells} - set(members):
            raise ValidationError(_("Teammedlemmen hör till ett annat team."))
        for pk, cost in costs.items():
            if cost is not None and cost < 0:
                raise ValidationError(_("Timkostnaden kan inte vara negativ."))
            if members[pk].hourly_cost != cost:
                members[pk].hourly_cost = cost
                members[pk].save(update_fields=["hourly_cost"])
        existing = {
            (r.member_id, r.project_phase): r
            for r in StaffTimeReport.objects.select_for_update().filter(member__team=team, month=month)
        }
        changed = 0
        for (pk, phase), hours in cells.items():
            _check_hours(hours)
            if phase not in StaffTimeReport.ProjectPhase.values:
                raise ValidationError(_("Okänd projektfas."))
            row, cost = existing.get((pk, phase)), members[pk].hourly_cost
            if hours is None:
                if row is not None:
                    row.delete()
                    changed += 1
                continue
            if cost is None:
                raise ValidationError(_("Ange timkostnad för %(member)s.") % {"member": members[pk].user})
            if row is None:
                StaffTimeReport.objects.create(
                    member_id=pk,
                    month=month,
                    project_phase=phase,
                    hours=hours,
                    hourly_cost=cost,
                    created_by=by,
                )
                changed += 1
            elif (row.hours, row.hourly_cost) != (hours, cost):
                row.hours, row.hourly_cost = hours, cost
                row.save(update_fields=["hours", "hourly_cost"])
                changed += 1
    return changed


def month_lock(*, team: Team, month: dt.date, by: Any) -> TimeReportMonth:
    """Mark the team's month as reported: from now on its time reports cannot change."""
    month = first_of_month(month)
    with transaction.atomic():
        _assert_open(team, month)
        return TimeReportMonth.objects.create(team=team, month=month, locked_by=by)
