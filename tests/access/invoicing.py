"""Access rules of the invoicing app's URLs: only the issuing organisation's `ekonomi`, the city's
`attestant` and coordinators reach invoice pages; every other role gets 403."""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

from iop.models import BudgetLine
from tests.access.matrix import only
from tests.factories import BudgetLineFactory

INVOICE_PEOPLE = ("ekonomi", "attestant", "samordnare")
TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def extend_world(world) -> None:
    """A submitted Q1 invoice (with a verification file), a draft for Q2 and an approved Q3."""
    from invoicing import services
    from invoicing.models import InvoiceLine

    partner = world.partner
    partner.street_address = "Testgatan 1"
    partner.postal_code = "211 00"
    partner.bankgiro = "5050-1055"
    partner.save()
    BudgetLineFactory(
        partnership=world.partnership,
        year=2025,
        category=BudgetLine.Category.SALARY,
        amount=Decimal("400000.00"),
    )
    ekonomi, attestant = world.users["ekonomi"], world.users["attestant"]
    invoice = services.invoice_create(
        partnership=world.partnership, period_start=dt.date(2025, 1, 1), by=ekonomi
    )
    line = InvoiceLine.objects.filter(invoice=invoice).first()
    line.verification_file.save("lonelista.pdf", ContentFile(TINY_PDF), save=False)
    line.verification_content_type = "application/pdf"
    line.save()
    world.invoice = services.invoice_submit(invoice=invoice, by=ekonomi)
    world.invoice_line = line
    world.invoice_draft = services.invoice_create(
        partnership=world.partnership, period_start=dt.date(2025, 4, 1), by=ekonomi
    )
    approved = services.invoice_create(
        partnership=world.partnership, period_start=dt.date(2025, 7, 1), by=ekonomi
    )
    approved = services.invoice_submit(invoice=approved, by=ekonomi)
    world.invoice_approved = services.invoice_approve(invoice=approved, by=attestant)


MATRIX = {
    "invoicing:list": only(*INVOICE_PEOPLE),
    "invoicing:create": only("ekonomi"),
    "invoicing:overview": only(*INVOICE_PEOPLE),
    "invoicing:bulk_export": only("attestant", "samordnare"),
    "invoicing:detail": only(*INVOICE_PEOPLE, kwargs=lambda w: {"pk": w.invoice.pk}),
    "invoicing:edit": only("ekonomi", kwargs=lambda w: {"pk": w.invoice_draft.pk}),
    "invoicing:submit": only("ekonomi", kwargs=lambda w: {"pk": w.invoice_draft.pk}),
    "invoicing:approve": only("attestant", kwargs=lambda w: {"pk": w.invoice.pk}),
    "invoicing:return": only("attestant", kwargs=lambda w: {"pk": w.invoice.pk}),
    "invoicing:mark_paid": only("ekonomi", "attestant", kwargs=lambda w: {"pk": w.invoice_approved.pk}),
    "invoicing:credit": only("ekonomi", kwargs=lambda w: {"pk": w.invoice_approved.pk}),
    "invoicing:download": only(*INVOICE_PEOPLE, kwargs=lambda w: {"pk": w.invoice.pk, "fmt": "csv"}),
    "invoicing:verification": only(
        *INVOICE_PEOPLE, kwargs=lambda w: {"pk": w.invoice.pk, "line_pk": w.invoice_line.pk}
    ),
}
