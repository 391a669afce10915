"""The budget overview pages through the partnerships (each is a table of its own) and shows only the
chosen year's budget."""

from decimal import Decimal

import pytest
from django.urls import reverse

from invoicing.views import overview as overview_view
from iop.models import BudgetLine
from tests.factories import BudgetLineFactory

from .factories import approved_amendment, setup

pytestmark = pytest.mark.django_db


def _case_numbers(response) -> list[str]:
    return [o.partnership.case_number for o in response.context["overviews"]]


def test_the_overview_pages_through_the_partnerships_in_case_number_order(client, monkeypatch):
    s = setup(case_number="ASN-2024-5000")
    for n in (1, 2):
        setup(case_number=f"ASN-2024-500{n}", partner=s.partner)
    monkeypatch.setattr(overview_view, "OVERVIEW_PAGE_SIZE", 2)
    client.force_login(s.samordnare)
    first = client.get(reverse("invoicing:overview"), {"year": "2025"})
    second = client.get(reverse("invoicing:overview"), {"year": "2025", "page": "2"})
    assert _case_numbers(first) == ["ASN-2024-5000", "ASN-2024-5001"]
    assert _case_numbers(second) == ["ASN-2024-5002"]
    assert "page=2" in first.content.decode() and "year=2025" in first.content.decode()


def test_a_page_number_past_the_end_shows_the_last_page(client, monkeypatch):
    s = setup(case_number="ASN-2024-5000")
    setup(case_number="ASN-2024-5001", partner=s.partner)
    monkeypatch.setattr(overview_view, "OVERVIEW_PAGE_SIZE", 1)
    client.force_login(s.samordnare)
    response = client.get(reverse("invoicing:overview"), {"year": "2025", "page": "99"})
    assert response.status_code == 200
    assert _case_numbers(response) == ["ASN-2024-5001"]


def test_the_overview_counts_only_the_chosen_years_budget(client):
    s = setup()
    BudgetLineFactory(
        partnership=s.partnership, year=2026, category=BudgetLine.Category.SALARY, amount=Decimal("1000.00")
    )
    client.force_login(s.samordnare)
    response = client.get(reverse("invoicing:overview"), {"year": "2025"})
    total = response.context["overviews"][0].total
    assert total.budget == sum((line.amount for line in s.budget_lines), Decimal("0.00"))


def test_the_overview_adds_the_years_approved_budget_amendments_only(client):
    s = setup()
    approved_amendment(s.partnership, year=2025, increase=Decimal("500.00"))
    approved_amendment(s.partnership, year=2025, increase=Decimal("70.00"), approved=False)
    approved_amendment(s.partnership, year=2026, increase=Decimal("9000.00"))
    client.force_login(s.attestant)
    response = client.get(reverse("invoicing:overview"), {"year": "2025"})
    assert response.context["overviews"][0].amendment_increase == Decimal("500.00")
