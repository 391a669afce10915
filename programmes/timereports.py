"""The rules and reads of time reports: the monthly minimum of participant hours, the flags of a team's
month, the participant allowance counted as co-financing and the salary costs from staff time reports.

Money is Decimal kronor: each report row's amount (hours × rate) is rounded half-up to the öre, as an
invoice line is (invoicing.money, which this app may not import), and the rows are summed exactly.
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet

from iop.models import Partnership

from .models import (
    DEFAULT_WEEKLY_MINIMUM,
    Enrolment,
    ParticipantTimeReport,
    ProgrammeTimeRules,
    StaffTimeReport,
    Team,
    TimeReportMonth,
)

ORE = Decimal("0.01")
ZERO = Decimal("0.00")


def row_amount(hours: Decimal, rate: Decimal) -> Decimal:
    """One report row's amount: hours × rate, rounded half-up to the öre."""
    return (Decimal(hours) * Decimal(rate)).quantize(ORE, rounding=ROUND_HALF_UP)


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def last_of_month(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def quarter(year: int, number: int) -> tuple[dt.date, dt.date]:
    """The first and last day of quarter `number` (1–4) of `year`."""
    first = dt.date(year, 3 * number - 2, 1)
    return first, last_of_month(dt.date(year, 3 * number, 1))


def rules_for(partnership: Partnership | int) -> ProgrammeTimeRules:
    """The programme's time-report rules, or the defaults (2 hours a week, no allowance) without a row."""
    pk = partnership if isinstance(partnership, int) else partnership.pk
    return ProgrammeTimeRules.objects.filter(partnership_id=pk).first() or ProgrammeTimeRules(
        partnership_id=pk, weekly_minimum_hours=DEFAULT_WEEKLY_MINIMUM
    )


def required_hours(weekly_minimum: Decimal, month: dt.date, start: dt.date, end: dt.date | None) -> Decimal:
    """The participant hours a month requires: the weekly minimum × the weeks enrolled in the month, where
    the weeks are the enrolled days of the month / 7 (a whole 30-day month at 2 h/week: 2 × 30/7 = 8,57 h).
    A participant enrolled or written out mid-month owes only the enrolled part. Rounded half-up to 0,01 h.
    The one place this rule is computed."""
    first, last = first_of_month(month), last_of_month(month)
    days = (min(last, end or last) - max(first, start)).days + 1
    if days <= 0:
        return ZERO
    return (Decimal(weekly_minimum) * Decimal(days) / Decimal(7)).quantize(ORE, rounding=ROUND_HALF_UP)


def enrolled_in_month(team: Team, month: dt.date) -> QuerySet[Enrolment]:
    """The team's enrolments with at least one day in the month."""
    return Enrolment.objects.filter(team=team, start_date__lte=last_of_month(month)).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=first_of_month(month))
    )


def is_locked(team: Team | int, month: dt.date) -> bool:
    pk = team if isinstance(team, int) else team.pk
    return TimeReportMonth.objects.filter(team_id=pk, month=first_of_month(month)).exists()


@dataclass(frozen=True)
class MonthRow:
    """One enrolled participant's month: hours reported, hours required and the flags."""

    enrolment: Enrolment
    hours: Decimal
    required: Decimal
    reported: bool

    @property
    def missing(self) -> bool:
        """No time report at all this month (saknar tidrapport)."""
        return not self.reported

    @property
    def under_minimum(self) -> bool:
        """Reported, but fewer hours than the month requires."""
        return self.reported and self.hours < self.required


def month_rows(team: Team, month: dt.date) -> list[MonthRow]:
    """Every participant enrolled in the team during the month with the hours reported and the flags (three
    queries: rules, enrolments, report sums)."""
    month = first_of_month(month)
    minimum = rules_for(team.partnership_id).weekly_minimum_hours
    enrolments = list(
        enrolled_in_month(team, month).select_related("participant").order_by("start_date", "pk")
    )
    sums: dict[int, Decimal] = {}
    for enrolment_id, hours in ParticipantTimeReport.objects.filter(
        enrolment__in=[e.pk for e in enrolments], month=month
    ).values_list("enrolment_id", "hours"):
        sums[enrolment_id] = sums.get(enrolment_id, ZERO) + hours
    return [
        MonthRow(
            enrolment=e,
            hours=sums.get(e.pk, ZERO),
            required=required_hours(minimum, month, e.start_date, e.end_date),
            reported=e.pk in sums,
        )
        for e in enrolments
    ]


def _by_month(rows: list[tuple[dt.date, Decimal, Decimal]]) -> dict[dt.date, Decimal]:
    totals: dict[dt.date, Decimal] = {}
    for month, hours, rate in rows:
        totals[month] = totals.get(month, ZERO) + row_amount(hours, rate)
    return dict(sorted(totals.items()))


@dataclass(frozen=True)
class PeriodAmounts:
    """An amount per month of a period and its total, in kronor to the öre."""

    by_month: dict[dt.date, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.by_month.values(), ZERO)


def allowance_cofinancing(partnership: Partnership, start: dt.date, end: dt.date) -> PeriodAmounts:
    """The participant allowance counted as co-financing for the months from `start` to `end`: the sum of
    hours × the allowance rate of every participant time report of the programme (one query)."""
    rows = ParticipantTimeReport.objects.filter(
        enrolment__partnership=partnership, month__gte=first_of_month(start), month__lte=end
    ).values_list("month", "hours", "allowance_rate")
    return PeriodAmounts(_by_month(list(rows)))


def salary_costs(partnership: Partnership, start: dt.date, end: dt.date) -> PeriodAmounts:
    """The salary costs of the months from `start` to `end`: the sum of hours × hourly cost of every staff
    time report of the programme's teams (one query)."""
    rows = StaffTimeReport.objects.filter(
        member__team__partnership=partnership, month__gte=first_of_month(start), month__lte=end
    ).values_list("month", "hours", "hourly_cost")
    return PeriodAmounts(_by_month(list(rows)))
