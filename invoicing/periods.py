"""Payment periods (betalningsperioder) derived from a partnership's agreement periods.

Periods are computed, not stored: they follow from the agreement periods (the original one and
every extension) and the partnership's invoicing frequency, so registering an extension yields the
next year's periods at once. Each period belongs to a budget year: the calendar year it starts in
when the partnership has budget lines for that year, otherwise the year its agreement period starts.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from iop.dates import add_months
from iop.models import BudgetLine, Partnership

from .money import ZERO, split_evenly

MONTHS_PER_PERIOD: dict[str, int] = {
    Partnership.InvoicingFrequency.MONTHLY: 1,
    Partnership.InvoicingFrequency.QUARTERLY: 3,
    Partnership.InvoicingFrequency.HALF_YEARLY: 6,
    Partnership.InvoicingFrequency.YEARLY: 12,
}


@dataclass(frozen=True)
class PaymentPeriod:
    """One payment period of a partnership: dates, budget year and its place among that year's periods."""

    partnership_id: int
    start: dt.date
    end: dt.date
    budget_year: int
    index: int  # 1-based among the periods of the budget year
    count: int  # periods in the budget year

    @property
    def label(self) -> str:
        return f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"

    @property
    def key(self) -> str:
        """Form value identifying the period: `<partnership id>|<start date>`."""
        return f"{self.partnership_id}|{self.start.isoformat()}"

    def has_ended(self, today: dt.date) -> bool:
        return self.end < today


def payment_periods(partnership: Partnership) -> list[PaymentPeriod]:
    """All payment periods of a partnership, in date order (uses prefetched periods and budget lines)."""
    months = MONTHS_PER_PERIOD.get(partnership.invoicing_frequency, 3)
    budget_years = {line.year for line in partnership.budget_lines.all()}
    raw: list[tuple[dt.date, dt.date, int]] = []
    seen: set[dt.date] = set()
    last_day = partnership.terminated_on
    for agreement in sorted(partnership.periods.all(), key=lambda p: p.start):
        start = agreement.start
        while start <= agreement.end:
            end = min(add_months(start, months) - dt.timedelta(days=1), agreement.end)
            if last_day and start > last_day:
                break
            if last_day:
                end = min(end, last_day)
            if start not in seen:
                seen.add(start)
                year = start.year if start.year in budget_years else agreement.start.year
                raw.append((start, end, year))
            start = end + dt.timedelta(days=1)
    raw.sort()
    counts: dict[int, int] = {}
    for _start, _end, year in raw:
        counts[year] = counts.get(year, 0) + 1
    seen_in_year: dict[int, int] = {}
    periods = []
    for start, end, year in raw:
        seen_in_year[year] = seen_in_year.get(year, 0) + 1
        periods.append(
            PaymentPeriod(
                partnership_id=partnership.pk,
                start=start,
                end=end,
                budget_year=year,
                index=seen_in_year[year],
                count=counts[year],
            )
        )
    return periods


def find_period(partnership: Partnership, start: dt.date) -> PaymentPeriod | None:
    return next((p for p in payment_periods(partnership) if p.start == start), None)


def category_budgets(partnership: Partnership, year: int) -> dict[str, Decimal]:
    """The year's budget per category (uses prefetched budget lines), in category order."""
    # One pass over the lines: each `.all()` on a prefetched relation builds a queryset, and the budget
    # overview asks this for every partnership.
    totals: dict[str, Decimal] = {}
    for line in partnership.budget_lines.all():
        if line.year == year:
            totals[line.category] = totals.get(line.category, ZERO) + line.amount
    return {value: totals[value] for value in BudgetLine.Category.values if value in totals}


def fixed_shares(partnership: Partnership, period: PaymentPeriod) -> dict[str, Decimal]:
    """The fixed share of each category's yearly budget for one period.

    Each category's budget is split in öre over the year's periods (`split_evenly`), so the
    periods of a year sum exactly to the category budget and hence to the yearly budget.
    """
    return {
        category: split_evenly(amount, period.count)[period.index - 1]
        for category, amount in category_budgets(partnership, period.budget_year).items()
    }
