"""The engine's economy figures agree with the invoicing app (seed-000 demo invoices)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from iop.models import Partnership
from reporting.indicators import compute_indicators

pytestmark = pytest.mark.django_db


def test_budget_invoiced_and_paid_come_from_the_invoices():
    call_command("seed_demo", "--demo-users", verbosity=0)
    p = Partnership.objects.get(case_number="ASN-2024-1234")
    economy = compute_indicators(partnership=p, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)).economy
    assert economy.invoicing_available
    assert economy.budget_total == Decimal("1926637.00")
    # Q1–Q4 issued (Q4 submitted, awaiting approval); Q1–Q3 paid: 3 × 481 659,25 kr.
    assert economy.invoiced_total == Decimal("1926637.00")
    assert economy.paid_total == Decimal("1444977.75")
