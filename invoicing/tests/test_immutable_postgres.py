"""PostgreSQL: approved invoices and their lines cannot be changed even by SQL that bypasses the
models (bulk `update()`, raw SQL), as the access log cannot; the workflow's own steps still work."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import F

from invoicing import services
from invoicing.models import Invoice, InvoiceLine

from .factories import setup

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the immutability triggers exist only on PostgreSQL"
    ),
]


def approved(s, start=dt.date(2025, 1, 1)) -> Invoice:
    invoice = services.invoice_create(partnership=s.partnership, period_start=start, by=s.ekonomi)
    invoice = services.invoice_submit(invoice=invoice, by=s.ekonomi)
    return services.invoice_approve(invoice=invoice, by=s.attestant)


def refused(statement) -> None:
    with pytest.raises(DatabaseError, match="approved invoice"), transaction.atomic():
        statement()


def test_sql_cannot_change_an_approved_invoices_lines_or_amounts():
    s = setup()
    invoice = approved(s)
    lines = InvoiceLine.objects.filter(invoice=invoice)
    refused(lambda: lines.update(amount=F("amount") + 1))
    refused(lambda: lines.update(description="ändrad"))
    refused(lambda: lines.delete())
    refused(
        lambda: InvoiceLine.objects.bulk_create(
            [InvoiceLine(invoice=invoice, category="other", description="x", amount=1)]
        )
    )
    rows = Invoice.objects.filter(pk=invoice.pk)
    refused(lambda: rows.update(total=F("total") + 1, total_net=F("total_net") + 1))
    refused(lambda: rows.update(number=99))
    refused(lambda: rows.update(status="draft"))
    refused(lambda: rows.delete())

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE invoicing_invoiceline SET amount = amount + 1 WHERE invoice_id = %s", [invoice.pk]
            )

    refused(raw)
    invoice.refresh_from_db()
    assert invoice.total == sum(line.amount for line in invoice.lines.all())


def test_the_workflow_still_pays_and_credits_an_approved_invoice():
    s = setup()
    invoice = approved(s)
    invoice = services.invoice_mark_paid(invoice=invoice, by=s.attestant, paid_on=invoice.invoice_date)
    note = services.credit_note_create(original=invoice, by=s.ekonomi, reason="Fel")
    note = services.invoice_submit(invoice=note, by=s.ekonomi)
    services.invoice_approve(invoice=note, by=s.attestant)
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID and invoice.is_credited
    refused(lambda: Invoice.objects.filter(pk=invoice.pk).update(paid_on=dt.date(2025, 1, 1)))


def test_drafts_and_returned_invoices_stay_editable_by_sql():
    s = setup()
    invoice = services.invoice_create(
        partnership=s.partnership, period_start=dt.date(2025, 1, 1), by=s.ekonomi
    )
    assert InvoiceLine.objects.filter(invoice=invoice).update(description="ny text") > 0
