import csv
import datetime as dt
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from invoicing import services
from invoicing.documentation import (
    invoice_documentation,
    make_approved_invoices_xlsx,
    make_invoice_documentation_csv,
    make_invoice_documentation_pdf,
    make_invoice_documentation_xlsx,
    period_volume,
)
from invoicing.selectors import approved_invoices_in
from iop.models import BudgetLine, InKindContribution, Partnership

from .factories import setup

pytestmark = pytest.mark.django_db
Q = [dt.date(2025, 1, 1), dt.date(2025, 4, 1), dt.date(2025, 7, 1), dt.date(2025, 10, 1)]


def issue(s, start, approve=True):
    invoice = services.invoice_create(partnership=s.partnership, period_start=start, by=s.ekonomi)
    invoice = services.invoice_submit(invoice=invoice, by=s.ekonomi)
    return services.invoice_approve(invoice=invoice, by=s.attestant) if approve else invoice


@pytest.fixture
def third_quarter():
    s = setup()
    InKindContribution.objects.create(
        partnership=s.partnership, year=2025, description="Lokaler", estimated_value=Decimal("120000.00")
    )
    InKindContribution.objects.create(partnership=s.partnership, year=2025, description="IT")
    issue(s, Q[0])
    issue(s, Q[1])
    s.invoice = issue(s, Q[2])
    return s


def test_the_documentation_reconciles_with_the_invoice_and_the_budget(third_quarter):
    doc = invoice_documentation(third_quarter.invoice)
    assert doc.total == third_quarter.invoice.total == Decimal("481659.25")
    assert doc.category_totals == {
        "budget": Decimal("1926637.00"),
        "invoiced_earlier": Decimal("963318.50"),
        "this_invoice": Decimal("481659.25"),
        "remaining": Decimal("481659.25"),
    }
    assert sum(line.amount for line in doc.lines) == doc.total_net
    assert doc.submitted.name == str(third_quarter.ekonomi) and doc.approved.name == str(
        third_quarter.attestant
    )
    assert [r.description for r in doc.in_kind] == ["IT", "Lokaler"]
    assert [r.period_share for r in doc.in_kind] == [None, Decimal("30000.00")]
    assert doc.in_kind_period_total == Decimal("30000.00")
    assert doc.volume.places_paid_for == 24


def test_the_pdf_renders_as_tagged_swedish_pdf_ua_with_the_invoices_totals(third_quarter):
    pdf = make_invoice_documentation_pdf(invoice_documentation(third_quarter.invoice))
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages).replace("\xa0", " ")
    assert "Att betala" in text and "481 659,25 kr" in text
    assert "1 926 637,00 kr" in text and "963 318,50 kr" in text
    assert str(third_quarter.attestant) in text and str(third_quarter.ekonomi) in text
    assert "Lokaler" in text
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv"
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert reader.metadata.title.startswith("Fakturaunderlag faktura IOP-3")
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()


def test_the_xlsx_has_the_same_figures(third_quarter):
    book = load_workbook(
        io.BytesIO(make_invoice_documentation_xlsx(invoice_documentation(third_quarter.invoice)))
    )
    assert book.sheetnames == ["Underlag", "Budget", "Rader", "Moms", "Egen insats"]
    header = {row[0]: row[1] for row in book["Underlag"].iter_rows(values_only=True)}
    assert Decimal(str(header["Att betala"])) == Decimal("481659.25")
    assert header["Inskickad av"] == str(third_quarter.ekonomi)
    total_row = [r for r in book["Budget"].iter_rows(values_only=True) if r[0] == "Summa"][0]
    assert [Decimal(str(v)) for v in total_row[1:]] == [
        Decimal("1926637"),
        Decimal("963318.5"),
        Decimal("481659.25"),
        Decimal("481659.25"),
    ]


def test_the_csv_has_the_same_figures_with_sections_and_iso_values(third_quarter):
    content = make_invoice_documentation_csv(invoice_documentation(third_quarter.invoice))
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert ["Underlag", "Att betala", "481659.25"] in rows
    assert ["Underlag", "Period från", "2025-07-01"] in rows
    assert ["Budget", "Summa", "1926637.00", "963318.50", "481659.25", "481659.25"] in rows
    lines = [r for r in rows if r[0] == "Rader" and r[1] != "Rad"]
    assert sum(Decimal(r[6]) for r in lines) == Decimal("481659.25")


def test_a_draft_documentation_is_marked_as_draft():
    s = setup()
    draft = services.invoice_create(partnership=s.partnership, period_start=Q[0], by=s.ekonomi)
    pdf = make_invoice_documentation_pdf(invoice_documentation(draft))
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "UTKAST" in text


def test_actual_cost_lines_show_their_verification_references():
    s = setup(method=Partnership.InvoicingMethod.ACTUAL_COST)
    invoice = services.invoice_create(partnership=s.partnership, period_start=Q[0], by=s.ekonomi)
    services.invoice_update_draft(
        invoice=invoice,
        by=s.ekonomi,
        header={},
        lines=[
            {
                "budget_line": s.budget_lines[0],
                "description": "Lön januari",
                "cost_date": dt.date(2025, 1, 25),
                "amount": Decimal("45000.00"),
                "vat_rate": Decimal("0.00"),
                "verification_reference": "Lönelista 2025-01",
            }
        ],
    )
    doc = invoice_documentation(invoice)
    assert doc.lines[0].verification == "Lönelista 2025-01"
    text = PdfReader(io.BytesIO(make_invoice_documentation_pdf(doc))).pages[0].extract_text()
    assert "Lönelista 2025-01" in text


def test_volume_is_unknown_without_a_placement_model(monkeypatch, third_quarter):
    import participants.models

    monkeypatch.delattr(participants.models, "Placement", raising=False)
    volume = period_volume(third_quarter.invoice)
    assert volume.participants_active is None and volume.average_places_used is None


class _Rows:
    def __init__(self, rows):
        self.rows = rows

    def filter(self, *args, **kwargs):
        return self

    def values_list(self, *fields):
        return self.rows


def test_volume_counts_participants_and_average_places_per_day(monkeypatch, third_quarter):
    import participants.models

    fields = [
        SimpleNamespace(name=n)
        for n in ("partnership", "participant", "start_date", "end_date", "planned_end_date")
    ]
    fake = SimpleNamespace(
        _meta=SimpleNamespace(get_fields=lambda: fields),
        objects=_Rows(
            [
                (1, dt.date(2025, 6, 1), None, dt.date(2025, 12, 1)),  # not ended: whole quarter, 92 days
                (2, dt.date(2025, 8, 1), dt.date(2025, 8, 31), dt.date(2025, 11, 30)),  # ended: 31 days
                (1, dt.date(2025, 9, 30), None, dt.date(2026, 1, 29)),  # 1 day, same person again
                (3, dt.date(2025, 5, 1), None, dt.date(2025, 6, 30)),  # planned end before: 0 days
            ]
        ),
    )
    monkeypatch.setattr(participants.models, "Placement", fake, raising=False)
    volume = period_volume(third_quarter.invoice)
    assert volume.participants_active == 2
    assert volume.average_places_used == Decimal("1.3")  # 124 place-days / 92 days


def test_the_bulk_export_lists_every_approved_invoice_of_the_period(third_quarter):
    issue(third_quarter, Q[3], approve=False)
    invoices = list(approved_invoices_in(dt.date(2025, 1, 1), dt.date(2025, 12, 31)))
    assert len(invoices) == 3
    book = load_workbook(
        io.BytesIO(make_approved_invoices_xlsx(invoices, dt.date(2025, 1, 1), dt.date(2025, 12, 31)))
    )
    rows = list(book["Fakturor"].iter_rows(values_only=True))
    assert [r[2] for r in rows[1:4]] == ["IOP-1", "IOP-2", "IOP-3"]
    assert Decimal(str(rows[-1][-1])) == Decimal("1444977.75")
    assert len(list(book["Rader"].iter_rows())) == 1 + 6


def test_volume_uses_the_real_placements_of_the_partnership(third_quarter):
    from participants.tests.factories import PlacementFactory

    s = third_quarter
    PlacementFactory(partnership=s.partnership, start_date=dt.date(2025, 6, 1))  # planned end 2025-10-01
    PlacementFactory(partnership=s.partnership, start_date=dt.date(2025, 1, 13))  # planned end 2025-05-13
    volume = period_volume(s.invoice)
    assert volume.participants_active == 1
    assert volume.average_places_used == Decimal("1.0")  # 92 place-days / 92 days
    assert volume.places_paid_for == 24


def test_invoiced_earlier_and_remaining_come_from_what_was_issued_not_from_period_order():
    """Q1–Q4 invoiced, Q1 credited and invoiced again: the new Q1 invoice's documentation shows the
    whole year as invoiced and nothing left (period order showed 1 444 977,75 kr left)."""
    s = setup()
    first = issue(s, Q[0])
    for start in Q[1:]:
        issue(s, start)
    note = services.credit_note_create(original=first, by=s.ekonomi, reason="Fel referens")
    note = services.invoice_approve(
        invoice=services.invoice_submit(invoice=note, by=s.ekonomi), by=s.attestant
    )
    again = issue(s, Q[0])
    doc = invoice_documentation(again)
    assert doc.category_totals["invoiced_earlier"] == Decimal("1444977.75")  # 4 × 481 659,25 − 481 659,25
    assert doc.category_totals["this_invoice"] == Decimal("481659.25")
    assert doc.category_totals["remaining"] == Decimal("0.00")
    credit_doc = invoice_documentation(note)
    assert credit_doc.category_totals["invoiced_earlier"] == Decimal("1926637.00")
    assert credit_doc.category_totals["remaining"] == Decimal("481659.25")


def test_the_csv_never_shows_a_negative_zero():
    s = setup(budget=[(BudgetLine.Category.OTHER, "Allt", None, Decimal("400000.00"))])
    first = issue(s, Q[0])
    note = services.credit_note_create(original=first, by=s.ekonomi, reason="Fel")
    note = services.invoice_approve(
        invoice=services.invoice_submit(invoice=note, by=s.ekonomi), by=s.attestant
    )
    content = make_invoice_documentation_csv(invoice_documentation(note)).decode("utf-8-sig")
    assert "-0.00" not in content
    assert "0.00" in content  # the VAT of the credit note (0 % × a negative amount)
