"""The shared xlsx writer: header, amounts, dates, widths, streamed rows."""

import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from iop.xlsx import MONEY_FORMAT, Sheet, column_widths, fitted_widths, make_xlsx


def _book(*sheets, title=""):
    return load_workbook(io.BytesIO(make_xlsx(sheets, title=title)))


def test_it_writes_a_bold_header_amounts_as_numbers_and_dates_as_dates():
    rows = iter([["Stiftelsen", Decimal("1234.50"), dt.date(2025, 3, 31), None, 7]])  # read once
    book = _book(Sheet("Fakturor", ["Säljare", "Belopp", "Datum", "Tom", "Antal"], rows), title="Export")
    ws = book["Fakturor"]
    header, row = ws[1], ws[2]
    assert [c.value for c in header] == ["Säljare", "Belopp", "Datum", "Tom", "Antal"]
    assert all(c.font.b for c in header)
    assert not any(c.font.b for c in row)
    assert row[1].value == 1234.5 and row[1].number_format == MONEY_FORMAT
    assert row[2].is_date and row[2].value.date() == dt.date(2025, 3, 31)
    assert row[2].number_format == "yyyy-mm-dd"
    assert row[3].value is None and row[4].value == 7 and row[4].number_format == "General"
    assert book.properties.title == "Export"


def test_it_keeps_the_sheets_in_order_with_their_widths_and_frozen_header():
    book = _book(
        Sheet("Deltagare", ["a", "b"], [], freeze_header=True),
        Sheet("Kolumner", ["c"], [["x"]], widths={"A": 26, "C": 90}),
    )
    assert book.sheetnames == ["Deltagare", "Kolumner"]
    assert book["Deltagare"].freeze_panes == "A2"
    assert book["Kolumner"].freeze_panes is None
    assert book["Kolumner"].column_dimensions["A"].width == 26
    assert book["Kolumner"].column_dimensions["C"].width == 90


def test_fitted_widths_follow_the_longest_value_within_bounds():
    rows = [["Nr", "Beskrivning"], [1, "x" * 100], [12345678901, None]]
    assert fitted_widths(rows) == {"A": 13, "B": 70}
    assert fitted_widths([["a"]]) == {"A": 10}
    assert column_widths([18, 18]) == {"A": 18, "B": 18}
