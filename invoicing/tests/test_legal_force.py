"""No invoice is submitted for a payment period that starts before the board's decision gained legal force
(seed 000 §9, iop.legal_force): the page shows the Swedish message naming the legal-force date field and the
invoice stays a draft, unnumbered and without party snapshots."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from invoicing import services
from invoicing.models import Invoice, InvoiceEvent

from .factories import setup

pytestmark = pytest.mark.django_db
Q1, Q2 = dt.date(2025, 1, 1), dt.date(2025, 4, 1)


@pytest.fixture
def s():
    s = setup()
    s.partnership.legal_force_date = dt.date(2025, 2, 15)
    s.partnership.save()
    return s


def test_an_invoice_for_a_period_before_legal_force_is_refused_on_the_page(client, s):
    invoice = services.invoice_create(partnership=s.partnership, period_start=Q1, by=s.ekonomi)
    client.force_login(s.ekonomi)
    url = reverse("invoicing:submit", args=[invoice.pk])
    problems = client.get(url).context["problems"]
    assert any("laga kraft först 2025-02-15" in p and "Beslutet vann laga kraft" in p for p in problems)
    assert client.post(url).status_code == 400
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.DRAFT
    assert invoice.submitted_at is None and invoice.seller_snapshot == {}
    assert not InvoiceEvent.objects.filter(invoice=invoice).exclude(action="created").exists()


def test_without_a_legal_force_date_the_service_refuses_and_names_the_field(s):
    s.partnership.legal_force_date = None
    s.partnership.save()
    invoice = services.invoice_create(partnership=s.partnership, period_start=Q2, by=s.ekonomi)
    with pytest.raises(ValidationError) as caught:
        services.invoice_submit(invoice=invoice, by=s.ekonomi)
    assert any("Fyll i fältet ”Beslutet vann laga kraft”" in m for m in caught.value.messages)
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.DRAFT


def test_a_period_starting_after_legal_force_is_submitted(s):
    invoice = services.invoice_create(partnership=s.partnership, period_start=Q2, by=s.ekonomi)
    assert services.invoice_submit(invoice=invoice, by=s.ekonomi).status == Invoice.Status.SUBMITTED
