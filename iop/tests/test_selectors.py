"""Agreement years, budget per year and the meeting count of the partnership page."""

import datetime as dt
from decimal import Decimal

import pytest

from iop.models import Partnership
from iop.selectors import agreement_year, budget_by_year
from tests.factories import BudgetLineFactory, PartnershipFactory, PeriodFactory

pytestmark = pytest.mark.django_db


def _partnership(start, end) -> Partnership:
    p = PartnershipFactory()
    PeriodFactory(partnership=p, start=start, end=end)
    return Partnership.objects.prefetch_related("periods", "budget_lines", "in_kind", "other_funding").get(
        pk=p.pk  # type: ignore[attr-defined]
    )


@pytest.mark.parametrize(
    "today,expected",
    [
        (dt.date(2018, 6, 1), (dt.date(2018, 7, 1), dt.date(2019, 6, 30))),
        (dt.date(2019, 6, 30), (dt.date(2018, 7, 1), dt.date(2019, 6, 30))),
        (dt.date(2019, 7, 1), (dt.date(2019, 7, 1), dt.date(2020, 6, 30))),
        (dt.date(2026, 1, 1), (dt.date(2019, 7, 1), dt.date(2020, 6, 30))),
    ],
)
def test_the_agreement_year_runs_twelve_months_from_the_start(today, expected):
    p = _partnership(dt.date(2018, 7, 1), dt.date(2020, 6, 30))
    assert agreement_year(p, today, nearest=True) == expected


@pytest.mark.parametrize("today", [dt.date(2018, 6, 30), dt.date(2020, 7, 1), dt.date(2026, 1, 1)])
def test_there_is_no_agreement_year_outside_the_agreement_period(today):
    p = _partnership(dt.date(2018, 7, 1), dt.date(2020, 6, 30))
    assert agreement_year(p, today) is None


def test_the_last_agreement_year_ends_with_the_agreement():
    p = _partnership(dt.date(2018, 7, 1), dt.date(2020, 3, 31))
    assert agreement_year(p, dt.date(2020, 3, 31)) == (dt.date(2019, 7, 1), dt.date(2020, 3, 31))
    assert agreement_year(p, dt.date(2020, 4, 1)) is None
    assert agreement_year(p, dt.date(2020, 4, 1), nearest=True) == (dt.date(2019, 7, 1), dt.date(2020, 3, 31))


def test_a_partnership_without_a_period_has_no_agreement_year():
    assert agreement_year(PartnershipFactory(), dt.date(2025, 1, 1), nearest=True) is None


def test_budget_is_totalled_per_year_in_decimal():
    p = PartnershipFactory()
    BudgetLineFactory(partnership=p, year=2025, amount=Decimal("1751245.00"))
    BudgetLineFactory(
        partnership=p, year=2025, category="work_clothes", fte=None, amount=Decimal("175392.00")
    )
    BudgetLineFactory(partnership=p, year=2026, amount=Decimal("0.10"))
    years = budget_by_year(
        Partnership.objects.prefetch_related("budget_lines", "in_kind", "other_funding").get(pk=p.pk)
    )
    assert [(y.year, y.total) for y in years] == [(2025, Decimal("1926637.00")), (2026, Decimal("0.10"))]
