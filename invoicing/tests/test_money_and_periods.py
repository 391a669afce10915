import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from invoicing.money import split_evenly, vat_breakdown
from invoicing.periods import fixed_shares, payment_periods
from invoicing.selectors import partnership_queryset
from iop.models import AgreementPeriod, BudgetLine, Partnership
from tests.factories import BudgetLineFactory, PartnershipFactory, PeriodFactory

from .factories import setup


def test_the_seed_budget_splits_into_four_equal_quarters():
    assert split_evenly(Decimal("1926637.00"), 4) == [Decimal("481659.25")] * 4


def test_an_odd_budget_puts_the_remaining_ore_on_the_first_periods():
    shares = split_evenly(Decimal("100000.01"), 4)
    assert shares == [Decimal("25000.01"), Decimal("25000.00"), Decimal("25000.00"), Decimal("25000.00")]
    assert sum(shares) == Decimal("100000.01")


@given(
    ore=st.integers(min_value=0, max_value=10**12),
    parts=st.integers(min_value=1, max_value=24),
)
def test_shares_always_sum_exactly_and_differ_by_at_most_one_ore(ore, parts):
    total = Decimal(ore) / 100
    shares = split_evenly(total, parts)
    assert sum(shares) == total
    assert max(shares) - min(shares) <= Decimal("0.01")
    assert all(s == s.quantize(Decimal("0.01")) for s in shares)


def test_vat_is_rounded_once_per_rate_and_credit_notes_mirror_invoices():
    lines = [
        (Decimal("10.05"), Decimal("25.00")),
        (Decimal("10.05"), Decimal("25.00")),
        (Decimal("100"), Decimal("0")),
    ]
    assert vat_breakdown(lines)[Decimal("25.00")] == (Decimal("20.10"), Decimal("5.03"))
    negated = vat_breakdown([(-a, r) for a, r in lines])
    assert negated[Decimal("25.00")] == (Decimal("-20.10"), Decimal("-5.03"))


def _periods(partnership):
    return payment_periods(partnership_queryset().get(pk=partnership.pk))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "frequency, count, first_end",
    [
        (Partnership.InvoicingFrequency.QUARTERLY, 4, dt.date(2025, 3, 31)),
        (Partnership.InvoicingFrequency.MONTHLY, 12, dt.date(2025, 1, 31)),
        (Partnership.InvoicingFrequency.HALF_YEARLY, 2, dt.date(2025, 6, 30)),
        (Partnership.InvoicingFrequency.YEARLY, 1, dt.date(2025, 12, 31)),
    ],
)
def test_payment_periods_follow_the_invoicing_frequency(frequency, count, first_end):
    partnership = PartnershipFactory(invoicing_frequency=frequency)
    PeriodFactory(partnership=partnership)
    BudgetLineFactory(partnership=partnership)
    periods = _periods(partnership)
    assert len(periods) == count
    assert periods[0].start == dt.date(2025, 1, 1) and periods[0].end == first_end
    assert periods[-1].end == dt.date(2025, 12, 31)
    assert [p.index for p in periods] == list(range(1, count + 1))


@pytest.mark.django_db
def test_the_seed_agreement_has_the_four_payment_periods_of_the_agreement():
    s = setup()
    assert [(p.start, p.end) for p in _periods(s.partnership)] == [
        (dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
        (dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        (dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
        (dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
    ]


@pytest.mark.django_db
def test_an_extension_yields_the_next_years_periods_with_that_years_budget():
    s = setup()
    AgreementPeriod.objects.create(
        partnership=s.partnership,
        kind=AgreementPeriod.Kind.EXTENSION,
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        approved_on=dt.date(2025, 9, 1),
    )
    BudgetLineFactory(
        partnership=s.partnership,
        year=2026,
        category=BudgetLine.Category.SALARY,
        amount=Decimal("2000000.02"),
    )
    partnership = partnership_queryset().get(pk=s.partnership.pk)
    periods = payment_periods(partnership)
    next_year = [p for p in periods if p.budget_year == 2026]
    assert len(periods) == 8 and len(next_year) == 4
    assert next_year[0].start == dt.date(2026, 1, 1)
    shares = [fixed_shares(partnership, p) for p in next_year]
    assert [sh[BudgetLine.Category.SALARY] for sh in shares] == [
        Decimal("500000.01"),
        Decimal("500000.01"),
        Decimal("500000.00"),
        Decimal("500000.00"),
    ]
    assert all(BudgetLine.Category.WORK_CLOTHES not in sh for sh in shares)


@pytest.mark.django_db
def test_a_terminated_partnership_has_no_periods_after_the_termination():
    s = setup()
    Partnership.objects.filter(pk=s.partnership.pk).update(
        status="terminated", terminated_on=dt.date(2025, 5, 15)
    )
    periods = _periods(s.partnership)
    assert [p.end for p in periods] == [dt.date(2025, 3, 31), dt.date(2025, 5, 15)]


@pytest.mark.django_db
def test_fixed_shares_per_category_sum_to_the_quarter_amount_of_the_seed_budget():
    s = setup()
    partnership = partnership_queryset().get(pk=s.partnership.pk)
    for period in payment_periods(partnership):
        shares = fixed_shares(partnership, period)
        assert shares == {
            BudgetLine.Category.SALARY: Decimal("437811.25"),
            BudgetLine.Category.WORK_CLOTHES: Decimal("43848.00"),
        }
        assert sum(shares.values()) == Decimal("481659.25")
