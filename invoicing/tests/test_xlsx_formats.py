"""The xlsx exports keep their formats when streamed: bold header, amounts as numbers with two
decimals, dates as dates."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from invoicing import services
from invoicing.documentation import (
    invoice_documentation,
    make_approved_invoices_xlsx,
    make_invoice_documentation_xlsx,
)
from invoicing.selectors import approved_invoices_in
from iop.xlsx import MONEY_FORMAT

from .factories import setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved():
    s = setup()
    invoice = services.invoice_create(
        partnership=s.partnership, period_start=dt.date(2025, 1, 1), by=s.ekonomi
    )
    invoice = services.invoice_submit(invoice=invoice, by=s.ekonomi)
    return services.invoice_approve(invoice=invoice, by=s.attestant)


def test_the_approved_invoices_export_has_numbers_and_dates(approved):
    year = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    book = load_workbook(io.BytesIO(make_approved_invoices_xlsx(list(approved_invoices_in(*year)), *year)))
    header, row, total = list(book["Fakturor"].iter_rows())
    assert all(c.font.b for c in header) and not any(c.font.b for c in row)
    assert row[6].is_date and row[6].value.date() == dt.date(2025, 1, 1)  # period from
    assert row[6].number_format == "yyyy-mm-dd"
    assert Decimal(str(row[15].value)) == approved.total and row[15].number_format == MONEY_FORMAT
    assert Decimal(str(total[15].value)) == approved.total and total[15].number_format == MONEY_FORMAT
    assert book["Fakturor"].column_dimensions["P"].width == 18
    lines = list(book["Rader"].iter_rows())
    assert len(lines) == 1 + approved.lines.count()
    assert lines[1][6].number_format == MONEY_FORMAT


def test_the_documentation_xlsx_fits_its_columns_and_formats_amounts(approved):
    doc = invoice_documentation(approved)
    book = load_workbook(io.BytesIO(make_invoice_documentation_xlsx(doc)))
    assert book.properties.title == doc.title
    cells = {row[0].value: row[1] for row in book["Underlag"].iter_rows()}
    assert cells["Att betala"].number_format == MONEY_FORMAT
    assert cells["Period från"].is_date and cells["Period från"].number_format == "yyyy-mm-dd"
    assert book["Underlag"]["A1"].font.b
    widest = max(len(str(r[0].value)) for r in book["Underlag"].iter_rows())
    assert book["Underlag"].column_dimensions["A"].width == min(widest + 2, 70)
