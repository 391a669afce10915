"""Disclosure control (röjandekontroll): the one gate every count passes before it leaves the administration.

Reports to the steering group and the board become public documents and must never reveal a person.

Rules (the threshold is ``settings.DISCLOSURE_THRESHOLD``, default 3):

* **Primary suppression.** A count ``n`` with ``0 < n < threshold`` is shown as ``<3`` (``<threshold``).
  Zero is shown as 0, and ``threshold`` itself is shown: with the default, 1 and 2 are hidden, 3 is shown,
  which is exactly what the label ``<3`` promises.
* **Secondary suppression.** A table is published with its totals. Every *line* of the table extended by
  its margins (a row plus its row total, a column plus its column total, the row of column totals plus the
  grand total, the column of row totals plus the grand total) is an equation ``sum(cells) = total``. A line
  with exactly one hidden entry would give that entry away, so while such a line exists the smallest
  non-zero shown entry of the line is hidden too (a cell before a total), until every line has zero or at
  least two hidden entries. Cells hidden this way are shown as ``..`` (not ``<3``, which would be false).
  A total that is itself small is suppressed like any count, and takes part in the same rule.
* **Percentages** of a hidden count or of a hidden base are hidden.
* **Differencing between periods.** A figure is published for a fixed reporting period
  (``iop.periods``) together with the same figure of the periods enclosing it (``neighbours``). When
  both are shown and differ by ``0 < |a - b| < threshold``, the difference counts fewer than ``threshold``
  persons (e.g. the one who ended in the last days of a quarter); the figure of the enclosed period is then
  hidden (``..``) and secondary suppression follows. Every pair of nested periods thus has, for each figure,
  a difference of 0 or at least the threshold, or one of the two hidden.

The structures returned keep no hidden value: a suppressed :class:`Cell` has ``value=None``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from iop.templatetags.iop_format import NBSP, format_number

SECONDARY_LABEL = ".."


def threshold_default() -> int:
    return int(getattr(settings, "DISCLOSURE_THRESHOLD", 3))


def small_label(threshold: int | None = None) -> str:
    return f"<{threshold if threshold is not None else threshold_default()}"


def is_small(n: int, threshold: int | None = None) -> bool:
    """True for counts that must not be published: 0 < n < threshold."""
    t = threshold if threshold is not None else threshold_default()
    return 0 < n < t


@dataclass(frozen=True)
class Cell:
    """One published figure: the value when shown, otherwise None; `label` is what to print."""

    value: int | None
    label: str
    suppressed: bool = False

    def __str__(self) -> str:
        return self.label

    @property
    def shown(self) -> bool:
        return not self.suppressed


def differs_by_few(a: int, b: int, threshold: int | None = None) -> bool:
    """True when two shown counts of nested populations differ by fewer than `threshold` persons (and by
    more than none): publishing both would isolate that difference."""
    t = threshold if threshold is not None else threshold_default()
    return not is_small(a, t) and not is_small(b, t) and 0 < abs(a - b) < t


def _shown(n: int) -> Cell:
    return Cell(value=n, label=format_number(n))


def protect_count(n: int, *, threshold: int | None = None, neighbours: Sequence[int] = ()) -> Cell:
    """A single published count (a key figure): small counts become ``<3``; a count that differs by a few
    from the same count of an enclosing period (`neighbours`) becomes ``..``."""
    if n < 0:
        raise ValueError("Counts cannot be negative.")
    if is_small(n, threshold):
        return Cell(value=None, label=small_label(threshold), suppressed=True)
    if any(differs_by_few(n, m, threshold) for m in neighbours):
        return Cell(value=None, label=SECONDARY_LABEL, suppressed=True)
    return _shown(n)


def protect_percent(part: Cell, whole: Cell, *, decimals: int = 0) -> Cell:
    """``part`` as a percentage of ``whole``; hidden when either is hidden, ``–`` when the base is 0."""
    if part.suppressed or whole.suppressed:
        return Cell(value=None, label=SECONDARY_LABEL, suppressed=True)
    if not whole.value:
        return Cell(value=None, label="–")
    pct = (Decimal(part.value or 0) * 100 / Decimal(whole.value)).quantize(
        Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
    )
    return Cell(value=None, label=f"{format_number(pct, decimals)}{NBSP}%")


@dataclass(frozen=True)
class ProtectedTable:
    """A count table after disclosure control, ready for templates, PDFs, charts and exports."""

    row_labels: list[str]
    col_labels: list[str]
    cells: list[list[Cell]]
    row_totals: list[Cell] | None = None
    col_totals: list[Cell] | None = None
    grand_total: Cell | None = None
    threshold: int = 3
    notes: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[dict]:
        """Rows for templates: ``{"label", "cells", "total"}``."""
        return [
            {
                "label": label,
                "cells": self.cells[i],
                "total": self.row_totals[i] if self.row_totals is not None else None,
            }
            for i, label in enumerate(self.row_labels)
        ]

    @property
    def any_suppressed(self) -> bool:
        entries = [c for row in self.cells for c in row]
        entries += list(self.row_totals or []) + list(self.col_totals or [])
        entries += [self.grand_total] if self.grand_total else []
        return any(c.suppressed for c in entries)

    def share(self, i: int, j: int, *, of: str = "row", decimals: int = 0) -> Cell:
        """Cell (i, j) as a percentage of its row total (``of="row"``) or column total (``of="col"``)."""
        if of == "row":
            if self.row_totals is None:
                raise ValueError("The table has no row totals.")
            base = self.row_totals[i]
        elif of == "col":
            if self.col_totals is None:
                raise ValueError("The table has no column totals.")
            base = self.col_totals[j]
        else:
            raise ValueError("of must be 'row' or 'col'")
        return protect_percent(self.cells[i][j], base, decimals=decimals)


def _table_values(counts: Sequence[Sequence[int]], row_totals: bool, col_totals: bool) -> dict[tuple, int]:
    """The entries of a table with its margins, by entry key (see `_lines`)."""
    values: dict[tuple, int] = {}
    for i, row in enumerate(counts):
        for j, v in enumerate(row):
            values[("c", i, j)] = int(v)
    if row_totals:
        for i, row in enumerate(counts):
            values[("r", i)] = sum(int(v) for v in row)
    n_cols = len(counts[0]) if counts else 0
    if col_totals and all(len(row) == n_cols for row in counts):
        for j in range(n_cols):
            values[("k", j)] = sum(int(row[j]) for row in counts)
        if row_totals:
            values[("g",)] = sum(int(v) for row in counts for v in row)
    return values


# Entry keys of the extended table: ("c", i, j) cell, ("r", i) row total, ("k", j) column total, ("g",).
def _lines(n_rows: int, n_cols: int, row_totals: bool, col_totals: bool) -> list[list[tuple]]:
    lines: list[list[tuple]] = []
    if row_totals:
        lines += [[("c", i, j) for j in range(n_cols)] + [("r", i)] for i in range(n_rows)]
    if col_totals:
        lines += [[("c", i, j) for i in range(n_rows)] + [("k", j)] for j in range(n_cols)]
    if row_totals and col_totals:
        lines.append([("k", j) for j in range(n_cols)] + [("g",)])
        lines.append([("r", i) for i in range(n_rows)] + [("g",)])
    return lines


def protect_table(
    counts: Sequence[Sequence[int]],
    *,
    row_labels: Sequence[str] | None = None,
    col_labels: Sequence[str] | None = None,
    row_totals: bool = True,
    col_totals: bool = True,
    threshold: int | None = None,
    neighbours: Sequence[Sequence[Sequence[int]]] = (),
) -> ProtectedTable:
    """Apply primary and secondary suppression to a table of non-negative counts with its margins.

    A one-column list with a total (e.g. participants by gender) is ``row_totals=False``. `neighbours`
    are the same table's raw counts for the periods enclosing this one, compared entry by entry (margins
    included): every entry that differs by a few from the neighbour's is hidden before secondary
    suppression.
    """
    t = threshold if threshold is not None else threshold_default()
    matrix = [[int(v) for v in row] for row in counts]
    n_rows = len(matrix)
    n_cols = len(matrix[0]) if matrix else 0
    if any(len(row) != n_cols for row in matrix):
        raise ValueError("All rows must have the same number of columns.")
    if any(v < 0 for row in matrix for v in row):
        raise ValueError("Counts cannot be negative.")

    values: dict[tuple, int] = {}
    for i in range(n_rows):
        for j in range(n_cols):
            values[("c", i, j)] = matrix[i][j]
    if row_totals:
        for i in range(n_rows):
            values[("r", i)] = sum(matrix[i])
    if col_totals:
        for j in range(n_cols):
            values[("k", j)] = sum(matrix[i][j] for i in range(n_rows))
    if row_totals and col_totals:
        values[("g",)] = sum(sum(row) for row in matrix)

    primary = {key for key, v in values.items() if 0 < v < t}
    hidden = set(primary)
    for other in neighbours:
        other_values = _table_values(other, row_totals, col_totals)
        hidden |= {
            key
            for key, v in values.items()
            if key in other_values and differs_by_few(v, other_values[key], t)
        }
    lines = _lines(n_rows, n_cols, row_totals, col_totals)
    lines_of: dict[tuple, list[int]] = {key: [] for key in values}
    for index, line in enumerate(lines):
        for key in line:
            lines_of[key].append(index)

    def crossing_hidden(key: tuple, line_index: int) -> int:
        # Prefer an entry whose other lines already hide something: fewer cascades.
        return -sum(
            1 for other in lines_of[key] if other != line_index and any(k in hidden for k in lines[other])
        )

    changed = True
    while changed:
        changed = False
        for index, line in enumerate(lines):
            if sum(1 for key in line if key in hidden) != 1:
                continue
            candidates = [key for key in line if key not in hidden and values[key] > 0]
            if not candidates:  # cannot happen: a hidden entry > 0 implies a non-zero partner
                continue
            best = min(candidates, key=lambda k: (k[0] != "c", values[k], crossing_hidden(k, index), str(k)))
            hidden.add(best)
            changed = True

    def cell(key: tuple) -> Cell:
        if key in primary:
            return Cell(value=None, label=small_label(t), suppressed=True)
        if key in hidden:
            return Cell(value=None, label=SECONDARY_LABEL, suppressed=True)
        return _shown(values[key])

    return ProtectedTable(
        row_labels=[str(x) for x in (row_labels or [str(i + 1) for i in range(n_rows)])],
        col_labels=[str(x) for x in (col_labels or [str(j + 1) for j in range(n_cols)])],
        cells=[[cell(("c", i, j)) for j in range(n_cols)] for i in range(n_rows)],
        row_totals=[cell(("r", i)) for i in range(n_rows)] if row_totals else None,
        col_totals=[cell(("k", j)) for j in range(n_cols)] if col_totals else None,
        grand_total=cell(("g",)) if row_totals and col_totals else None,
        threshold=t,
    )
