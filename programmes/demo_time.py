"""Demo time reports of MALMÖKRAFTEN 2.0: one quarter (October–December 2026) of the demo participants'
hours per activity and of the demo process leaders' hours with an hourly cost. Seed 003 gives the rule
(at least 2 hours a week, a monthly report from every participant) and the budget total of the participant
allowance (16 015 966 kr), not per-hour figures: every hour, the allowance rate per hour and the hourly
costs here are INVENTED demo figures. One participant is under the minimum in November and one has no
report in December, so the flags show. October and November are reported (locked). Idempotent."""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from iop.models import Partnership

from .models import (
    Enrolment,
    ParticipantTimeReport,
    Participation,
    ProgrammeTimeRules,
    StaffTimeReport,
    Team,
    TeamMember,
)
from .services import month_lock, participant_hours_save, staff_hours_save
from .timereports import enrolled_in_month, last_of_month

MONTHS = (dt.date(2026, 10, 1), dt.date(2026, 11, 1), dt.date(2026, 12, 1))
REPORTED = MONTHS[:2]
ALLOWANCE_RATE = Decimal("68.75")  # invented: kr per hour of activity
HOURLY_COSTS = (Decimal("412.37"), Decimal("398.50"), Decimal("425.00"))  # invented: kr per hour
# Invented participant hours per ongoing activity and month, by the demo participant's place (0–5).
HOURS = (Decimal("12.5"), Decimal("10.25"), Decimal("16"), Decimal("9.75"), Decimal("14"), Decimal("11.5"))
UNDER_MINIMUM = (1, MONTHS[1])  # invented: 1,5 hours in November, under 2 h/week
MISSING = (4, MONTHS[2])  # invented: no report in December
STAFF_HOURS = (Decimal("140.5"), Decimal("132.25"), Decimal("118"))  # invented: hours a month per leader


@transaction.atomic
def seed_time_reports(partnership: Partnership) -> None:
    ProgrammeTimeRules.objects.get_or_create(
        partnership=partnership, defaults={"allowance_rate": ALLOWANCE_RATE}
    )
    if ParticipantTimeReport.objects.filter(enrolment__partnership=partnership).exists():
        return
    places = {
        e.pk: i
        for i, e in enumerate(
            Enrolment.objects.filter(
                partnership=partnership, participant__last_name="Demodeltagare"
            ).order_by("start_date", "pk")
        )
    }
    teams = (
        Team.objects.filter(partnership=partnership, enrolments__pk__in=places).distinct().order_by("name")
    )
    for team in teams:
        members = list(TeamMember.objects.filter(team=team).order_by("pk"))
        leader = members[0].user
        for month in MONTHS:
            participant_hours_save(team=team, month=month, cells=_cells(team, month, places), by=leader)
            costs = {m.pk: HOURLY_COSTS[i % len(HOURLY_COSTS)] for i, m in enumerate(members)}
            hours = {
                (m.pk, StaffTimeReport.ProjectPhase.IMPLEMENTATION.value): STAFF_HOURS[i % len(STAFF_HOURS)]
                for i, m in enumerate(members)
            }
            staff_hours_save(team=team, month=month, costs=costs, cells=hours, by=leader)
            if month in REPORTED:
                month_lock(team=team, month=month, by=leader)


def _cells(team: Team, month: dt.date, places: dict[int, int]) -> dict:
    enrolled = [pk for pk in enrolled_in_month(team, month).values_list("pk", flat=True) if pk in places]
    ongoing = Participation.objects.filter(
        enrolment__in=enrolled, start_date__lte=last_of_month(month)
    ).exclude(end_date__lt=month)
    cells: dict = {}
    for enrolment_id, participation_id in ongoing.values_list("enrolment_id", "pk"):
        place = places[enrolment_id]
        if (place, month) == MISSING:
            continue
        hours = Decimal("1.5") if (place, month) == UNDER_MINIMUM else HOURS[place]
        cells[(enrolment_id, participation_id)] = hours
    return cells
