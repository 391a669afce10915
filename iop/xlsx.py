"""Spreadsheet (xlsx) exports in one look, streamed: a bold header row, amounts as numbers with two
decimals, dates as dates (yyyy-mm-dd).

openpyxl's write-only mode writes each row as it comes instead of keeping every cell of the
workbook in memory, so an export of thousands of rows costs little more than writing them; only
the cells that need a style (header, amounts; dates get theirs from openpyxl) become cell objects.
Widths must be known before the rows: fixed ones, or `fitted_widths` of rows held in memory.
"""

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

MONEY_FORMAT = "#,##0.00"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Sheet:
    """One worksheet: the header row, then `rows` (any iterable, read once)."""

    title: str
    header: Sequence[Any]
    rows: Iterable[Sequence[Any]]
    widths: Mapping[str, float] = field(default_factory=dict)  # column letter → width
    freeze_header: bool = False


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
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
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
        ws.append([_style(WriteOnlyCell(ws, value), font=bold) for value in sheet.header])
        for row in sheet.rows:
            ws.append([_style(WriteOnlyCell(ws, v)) if isinstance(v, Decimal) else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _style(cell: Any, *, font: Any = None) -> Any:
    if font is not None:
        cell.font = font
    if isinstance(cell.value, Decimal):
        cell.number_format = MONEY_FORMAT
    return cell
