"""Every kind of generated PDF is tagged (PDF/UA-1), in Swedish and titled. No browser needed: the
builders run on the demo data. Kinds join the test as their apps register them."""

import pytest

from iop.demo import STADSMISSION_CASE
from iop.models import Partnership
from tests.browser.pdf_checks import pdf_accessibility_problems, pdf_tag_tree_problems

pytestmark = [pytest.mark.django_db]


def test_the_pdf_check_notices_an_untagged_pdf_without_language_or_title():
    from weasyprint import HTML

    untagged = HTML(string="<html><body><p>Otaggad</p></body></html>").write_pdf()
    problems = pdf_accessibility_problems(untagged)
    assert any("language" in p for p in problems)
    assert any("structure tree" in p for p in problems)
    assert any("title" in p for p in problems)


TABLE_WITH_RUNNING_FOOTER = """<html lang="sv"><head><title>Prov</title><style>
@page { @bottom-right { content: "Sida " counter(page) " av " counter(pages); } }</style></head><body>
<table><caption>Deltagare per kvartal</caption>
<thead><tr><th scope="col">Kvartal</th><th scope="col">Antal</th></tr></thead>
<tbody><tr><th scope="row">Q1</th><td>12</td></tr></tbody></table></body></html>"""


def test_the_tag_tree_check_notices_weasyprints_unscoped_headers_and_tagged_footers():
    from weasyprint import HTML

    raw = HTML(string=TABLE_WITH_RUNNING_FOOTER).write_pdf(pdf_variant="pdf/ua-1")
    problems = pdf_tag_tree_problems(raw)
    assert any("3 of 3 header cells have no /Scope" in p for p in problems), problems
    assert any("outside the tag tree" in p for p in problems), problems
    assert any("not an artifact" in p for p in problems), problems


def test_finishing_gives_header_cells_the_html_scope_and_makes_the_footer_an_artifact():
    import io

    import pikepdf
    from weasyprint import HTML

    from iop.pdf_tags import _struct_elements, finish_tagged_pdf

    content = finish_tagged_pdf(HTML(string=TABLE_WITH_RUNNING_FOOTER).write_pdf(pdf_variant="pdf/ua-1"))
    assert pdf_tag_tree_problems(content) == []
    assert pdf_accessibility_problems(content) == []
    with pikepdf.open(io.BytesIO(content)) as pdf:
        headers = [e for e in _struct_elements(pdf.Root.StructTreeRoot) if e.get("/S") == pikepdf.Name.TH]
        headers.sort(key=lambda e: str(e.ID))  # "table-row-column"
        assert [str(e.A.Scope) for e in headers] == ["/Column", "/Column", "/Row"]
        page_text = pdf.pages[0].Contents.read_bytes()
    assert b"/Artifact << /Type /Pagination >> BDC" in page_text


def test_every_report_kind_renders_a_tagged_swedish_pdf_with_a_title(demo_db):
    from reporting.builders import REPORT_BUILDERS, REPORT_NEEDS

    partnership = Partnership.objects.get(case_number=STADSMISSION_CASE)
    values = {"partnership": partnership.pk, "year": 2025, "quarter": 4}
    assert REPORT_BUILDERS, "no report kind is registered"
    for kind, build in REPORT_BUILDERS.items():
        content, filename = build({name: values[name] for name in REPORT_NEEDS[kind]})
        assert filename.endswith(".pdf")
        assert pdf_accessibility_problems(content) == [], kind
        assert pdf_tag_tree_problems(content) == [], kind


def test_invoice_documentation_pdfs_are_tagged_swedish_and_titled(demo_db):
    from invoicing.documentation import invoice_documentation, make_invoice_documentation_pdf
    from invoicing.models import Invoice

    invoices = list(Invoice.objects.order_by("pk")[:3])
    assert invoices, "the invoicing demo data has no invoice"
    for invoice in invoices:
        content = make_invoice_documentation_pdf(invoice_documentation(invoice))
        assert pdf_accessibility_problems(content) == [], invoice.pk
        assert pdf_tag_tree_problems(content) == [], invoice.pk
