"""The PDF foundation and the partnership summary: A4, PDF/UA, page numbers, contents, expected figures."""

import io
import re

import pytest
from pypdf import PdfReader

from iop.demo import seed_stadsmission
from reporting.builders import ReportDataError, build_partnership_summary, partnership_summary_context
from reporting.pdf import StaticOnlyFetcher, html_to_pdf


def pdf_text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, re.sub(r"[\xa0\u202f]", " ", text)


@pytest.fixture
def summary(db):
    partnership = seed_stadsmission()
    content, filename = build_partnership_summary({"partnership": partnership.pk, "year": 2025})
    return partnership, content, filename


def test_the_partnership_summary_lists_the_registry_facts(summary):
    partnership, content, filename = summary
    reader, text = pdf_text(content)
    assert filename == "sammanstallning-ASN-2024-1234-2025.pdf"
    assert "ASN-2024-1234" in text
    assert "Stiftelsen Skåne Stadsmission" in text
    assert "Arbetsmarknads- och socialnämnden, Malmö stad" in text
    assert "2025-01-01" in text and "2025-12-31" in text
    assert "1 926 637 kr" in text
    assert "1 641 792,19 kr" in text
    assert "175 392 kr" in text
    assert "Platser samtidigt" in text and "24" in text
    assert "72 per år" in text


def test_the_pdf_is_a4_tagged_titled_and_numbered(summary):
    _, content, _ = summary
    reader, text = pdf_text(content)
    n = len(reader.pages)
    assert content.startswith(b"%PDF-")
    assert reader.metadata.title == "Sammanställning av partnerskapet ASN-2024-1234"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert f"Sida 1 av {n}" in text and f"Sida {n} av {n}" in text
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv"
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data()
    assert b'pdfuaid:part="1"' in xmp  # PDF/UA-1 identification


def test_the_contents_give_the_page_of_each_chapter(summary):
    _, content, _ = summary
    reader, _ = pdf_text(content)
    toc = reader.pages[1].extract_text().replace("\xa0", " ")
    economy_page = next(i + 1 for i, p in enumerate(reader.pages) if "Budget 2025" in p.extract_text())
    assert re.search(rf"Ekonomi\W*{economy_page}\b", toc)


def test_the_budget_chart_is_embedded_with_its_text_as_text(summary):
    _, content, _ = summary
    _, text = pdf_text(content)
    assert "Budget 2025 per kategori" in text  # the chart's title, drawn as text by the SVG renderer


def test_a_missing_partnership_is_a_data_error(db):
    with pytest.raises(ReportDataError):
        partnership_summary_context(partnership_id=999999, year=2025)


def test_the_fetcher_serves_static_files_only():
    fetcher = StaticOnlyFetcher()
    css = fetcher.fetch("file:///static/css/reporting-print.css")
    assert b"@page" in css.read()
    for url in (
        "https://example.org/evil.css",
        "file:///etc/passwd",
        "file:///static/../../etc/passwd",
        "file:///static/no-such-file.css",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_a_remote_image_is_not_fetched():
    content = html_to_pdf(
        '<html lang="sv"><head><title>T</title></head><body><p>Hej</p><img src="http://127.0.0.1:9/x.png" alt="x"></body></html>'
    )
    _, text = pdf_text(content)
    assert "Hej" in text
