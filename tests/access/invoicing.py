"""Access rules of the invoicing app's URLs: only the issuing organisation's `ekonomi`, the city's
`attestant` and coordinators reach invoice pages; every other role gets 403."""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from invoicing.models import PartnerDocumentKind
from iop.models import BudgetLine
from tests.access.matrix import only
from tests.factories import BudgetLineFactory

INVOICE_PEOPLE = ("ekonomi", "attestant", "samordnare")
# What the partner delivers: read by the partner's ekonomi and styrgrupp and the city's attestant and
# coordinator; handed in by the partner's users; received and acknowledged by the coordinator. A user of
# another organisation is refused by the scoped lookup (invoicing/tests/test_partner_delivery_views.py).
DELIVERY_READERS = ("ekonomi", "styrgrupp", "attestant", "samordnare")
PARTNER = ("ekonomi", "styrgrupp")
# A programme's ESF budget: read by the economy roles and the steering group, edited by the roles that edit
# budgets (the coordinator); refusals through the pages: invoicing/tests/test_esf_budget_views.py.
ESF_BUDGET_READERS = ("ekonomi", "styrgrupp", "attestant", "samordnare")
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
    # What the partner delivers: the 2025 annual accounts and a notice of economic change.
    kind = PartnerDocumentKind.objects.get(code="arsredovisning")
    world.partner_document = services.partner_document_upload(
        partnership=world.partnership,
        kind=kind,
        year=2025,
        upload=SimpleUploadedFile("arsredovisning-2025.pdf", TINY_PDF, content_type="application/pdf"),
        by=ekonomi,
    )
    # A programme's ESF budget: the ESF grant and one line.
    from invoicing.models import CostType, EsfBudgetLine, EsfFinancier, FundingForm, ProjectPhase

    world.esf_financier = EsfFinancier.objects.create(partnership=world.partnership, name="ESF", is_esf=True)
    world.esf_line = EsfBudgetLine.objects.create(
        partnership=world.partnership,
        phase=ProjectPhase.IMPLEMENTATION,
        cost_type=CostType.PERSONNEL,
        financier=world.esf_financier,
        funding_form=FundingForm.CASH,
        amount=Decimal("47000.00"),
    )
    world.economic_notice = services.economic_change_notify(
        partnership=world.partnership,
        description="Bidrag från Region Skåne upphör.",
        amount=Decimal("-120000.00"),
        effective_from=dt.date(2025, 7, 1),
        by=ekonomi,
    )


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
    "invoicing:partner_deliveries": only(*DELIVERY_READERS, kwargs=lambda w: {"pk": w.partnership.pk}),
    "invoicing:partner_document_download": only(
        *DELIVERY_READERS, kwargs=lambda w: {"pk": w.partner_document.pk}
    ),
    # POST only; an empty form is bad input (400) for those who may post.
    "invoicing:partner_document_upload": only(
        *PARTNER, status=400, method="post", data=lambda w: {}, kwargs=lambda w: {"pk": w.partnership.pk}
    ),
    "invoicing:economic_notice_create": only(
        *PARTNER, status=400, method="post", data=lambda w: {}, kwargs=lambda w: {"pk": w.partnership.pk}
    ),
    "invoicing:partner_document_deadline": only(
        "samordnare", status=400, method="post", data=lambda w: {}, kwargs=lambda w: {"pk": w.partnership.pk}
    ),
    "invoicing:partner_document_receive": only(
        "samordnare",
        status=302,
        method="post",
        data=lambda w: {},
        kwargs=lambda w: {"pk": w.partner_document.pk},
    ),
    "invoicing:economic_notice_acknowledge": only(
        "samordnare",
        status=302,
        method="post",
        data=lambda w: {},
        kwargs=lambda w: {"pk": w.economic_notice.pk},
    ),
    "invoicing:esf_budget": only(*ESF_BUDGET_READERS, kwargs=lambda w: {"pk": w.partnership.pk}),
    "invoicing:esf_budget_line_create": only("samordnare", kwargs=lambda w: {"pk": w.partnership.pk}),
    "invoicing:esf_budget_line_edit": only(
        "samordnare", kwargs=lambda w: {"pk": w.partnership.pk, "line_pk": w.esf_line.pk}
    ),
    "invoicing:esf_financier_create": only("samordnare", kwargs=lambda w: {"pk": w.partnership.pk}),
    "invoicing:esf_financier_edit": only(
        "samordnare", kwargs=lambda w: {"pk": w.partnership.pk, "financier_pk": w.esf_financier.pk}
    ),
    # POST with an empty form: bad input (400) for the coordinator, nothing saved.
    "invoicing:esf_flat_rate": only(
        "samordnare", status=400, method="post", data=lambda w: {}, kwargs=lambda w: {"pk": w.partnership.pk}
    ),
}
