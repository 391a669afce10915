import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from invoicing import services
from invoicing.models import Invoice, InvoiceNumberCounter
from iop.models import BudgetLine, Partnership

from .factories import setup


@pytest.mark.django_db
def test_numbers_are_consecutive_per_issuing_organisation():
    s = setup()
    other = setup(case_number="ASN-2024-2222", partner=None)
    numbers = []
    for start in (dt.date(2025, 1, 1), dt.date(2025, 4, 1)):
        invoice = services.invoice_create(partnership=s.partnership, period_start=start, by=s.ekonomi)
        invoice = services.invoice_submit(invoice=invoice, by=s.ekonomi)
        numbers.append(services.invoice_approve(invoice=invoice, by=s.attestant).number)
    assert numbers == [1, 2]
    assert InvoiceNumberCounter.objects.get(organisation=s.partner).last_number == 2
    assert other.partnership.invoices.count() == 0


@pytest.mark.django_db
def test_a_refused_submission_and_a_returned_invoice_use_up_no_number():
    s = setup(method=Partnership.InvoicingMethod.ACTUAL_COST)
    empty = services.invoice_create(partnership=s.partnership, period_start=dt.date(2025, 1, 1), by=s.ekonomi)
    with pytest.raises(ValidationError):
        services.invoice_submit(invoice=empty, by=s.ekonomi)
    fixed = setup(case_number="ASN-2024-3333", partner=s.partner)
    invoice = services.invoice_create(
        partnership=fixed.partnership, period_start=dt.date(2025, 1, 1), by=s.ekonomi
    )
    invoice = services.invoice_submit(invoice=invoice, by=s.ekonomi)
    invoice = services.invoice_return(invoice=invoice, by=fixed.attestant, comment="Fel referens")
    assert invoice.number is None
    assert not InvoiceNumberCounter.objects.filter(organisation=s.partner, last_number__gt=0).exists()
    invoice = services.invoice_submit(invoice=invoice, by=s.ekonomi)
    assert services.invoice_approve(invoice=invoice, by=fixed.attestant).number == 1


@pytest.mark.django_db(transaction=True)
def test_numbers_are_only_taken_inside_a_transaction():
    s = setup()
    with pytest.raises(RuntimeError):
        services.allocate_invoice_number(organisation=s.partner)
    assert not InvoiceNumberCounter.objects.exists()


@pytest.mark.skipif(
    not connection.vendor == "postgresql", reason="needs PostgreSQL row locks (SELECT … FOR UPDATE)"
)
@pytest.mark.django_db(transaction=True)
def test_invoices_approved_at_the_same_moment_get_gap_free_unique_numbers():
    s = setup(
        frequency=Partnership.InvoicingFrequency.MONTHLY,
        budget=[(BudgetLine.Category.OTHER, "Allt", None, Decimal("1200000.00"))],
    )
    drafts = [
        services.invoice_submit(
            invoice=services.invoice_create(
                partnership=s.partnership, period_start=dt.date(2025, month, 1), by=s.ekonomi
            ),
            by=s.ekonomi,
        )
        for month in range(1, 13)
    ]
    barrier = threading.Barrier(len(drafts))
    errors: list[BaseException] = []

    def submit(invoice: Invoice) -> None:
        try:
            barrier.wait(timeout=30)
            services.invoice_approve(invoice=invoice, by=s.attestant)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(d,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    numbers = sorted(Invoice.objects.filter(seller=s.partner).values_list("number", flat=True))
    assert numbers == list(range(1, 13))
    assert InvoiceNumberCounter.objects.get(organisation=s.partner).last_number == 12
