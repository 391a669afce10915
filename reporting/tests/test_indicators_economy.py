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
    # As of 2025-12-31: Q1–Q3 submitted and paid (3 × 481 659,25 kr); Q4 was submitted on 2026-01-08.
    assert economy.invoiced_total == Decimal("1444977.75")
    assert economy.paid_total == Decimal("1444977.75")
    # As of the end of June: the first quarter's invoice only (submitted in April, paid in May).
    june = compute_indicators(partnership=p, start=dt.date(2025, 1, 1), end=dt.date(2025, 6, 30)).economy
    assert (june.invoiced_total, june.paid_total) == (Decimal("481659.25"), Decimal("481659.25"))
