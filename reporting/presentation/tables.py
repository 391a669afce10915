"""A published table and the presentation of one result, and how their values read."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from iop import charts, disclosure
from iop.templatetags.iop_format import format_number
from reporting.indicators import IndicatorResult


@dataclass
class Table:
    """A published table: `rows` hold numbers, strings or disclosure Cells (the first column a label)."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    money_columns: tuple[int, ...] = ()
    note: str = ""

    def display_rows(self) -> list[list[str]]:
        return [[display(v, money=i in self.money_columns) for i, v in enumerate(r)] for r in self.rows]

    def export_rows(self) -> list[list[Any]]:
        """Values for CSV/xlsx: numbers stay numbers, hidden cells their label."""
        out = []
        for r in self.rows:
            row: list[Any] = []
            for v in r:
                if isinstance(v, disclosure.Cell):
                    row.append(v.value if v.shown and v.value is not None else v.label)
                elif isinstance(v, Decimal):
                    row.append(float(v) if v != v.to_integral() else int(v))
                else:
                    row.append(v)
            out.append(row)
        return out


def whole(v: Any) -> Any:
    """A target that is a whole number shows as one (72, not 72,0); a pro-rata share keeps its decimals."""
    if isinstance(v, Decimal) and v == v.to_integral_value():
        return int(v)
    return v


def display(v: Any, *, money: bool = False) -> str:
    if v is None:
        return "–"
    if isinstance(v, disclosure.Cell):
        return v.label
    if isinstance(v, bool):
        return _("Ja") if v else _("Nej")
    if isinstance(v, (int, Decimal, float)):
        if money:
            return f"{format_number(v, 0)}\xa0kr"
        # Ratios and averages keep their decimals (1,0) so they never read as a count of persons.
        exponent = v.as_tuple().exponent if isinstance(v, Decimal) else 0
        decimals = min(-exponent, 2) if isinstance(exponent, int) and exponent < 0 else 0
        return format_number(v, decimals)
    return str(v)


@dataclass
class Presentation:
    result: IndicatorResult
    protected: bool
    tables: dict[str, Table] = field(default_factory=dict)
    charts: dict[str, charts.Chart] = field(default_factory=dict)
    key_figures: dict[str, Any] = field(default_factory=dict)

    def table_list(self) -> list[Table]:
        return list(self.tables.values())
