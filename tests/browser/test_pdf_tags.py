"""Every kind of generated PDF is tagged (PDF/UA-1), in Swedish and titled. No browser needed: the
builders run on the demo data. Kinds join the test as their apps register them."""

import pytest

from iop.demo import STADSMISSION_CASE
from iop.models import Partnership
from tests.browser.pdf_checks import pdf_accessibility_problems

pytestmark = [pytest.mark.django_db]


def test_the_pdf_check_notices_an_untagged_pdf_without_language_or_title():
    from weasyprint import HTML

    untagged = HTML(string="<html><body><p>Otaggad</p></body></html>").write_pdf()
    problems = pdf_accessibility_problems(untagged)
    assert any("language" in p for p in problems)
    assert any("structure tree" in p for p in problems)
    assert any("title" in p for p in problems)


def test_every_report_kind_renders_a_tagged_swedish_pdf_with_a_title(demo_db):
    from reporting.builders import REPORT_BUILDERS, REPORT_NEEDS

    partnership = Partnership.objects.get(case_number=STADSMISSION_CASE)
    values = {"partnership": partnership.pk, "year": 2025, "quarter": 4}
    assert REPORT_BUILDERS, "no report kind is registered"
    for kind, build in REPORT_BUILDERS.items():
        content, filename = build({name: values[name] for name in REPORT_NEEDS[kind]})
        assert filename.endswith(".pdf")
        assert pdf_accessibility_problems(content) == [], kind


def test_invoice_documentation_pdfs_are_tagged_swedish_and_titled(demo_db):
    from invoicing.documentation import invoice_documentation, make_invoice_documentation_pdf
    from invoicing.models import Invoice

    invoices = list(Invoice.objects.order_by("pk")[:3])
    assert invoices, "the invoicing demo data has no invoice"
    for invoice in invoices:
        content = make_invoice_documentation_pdf(invoice_documentation(invoice))
        assert pdf_accessibility_problems(content) == [], invoice.pk
