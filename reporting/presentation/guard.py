"""Counts as published: raw (and recorded), or through disclosure and differencing control."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from iop import disclosure


class DifferencingGuard:
    """Counts as published: raw, or through disclosure control.

    Every count of persons is named by a `key` (table and row). Unprotected, the guard records the raw
    values by key (`recorded`); protected, it compares each figure with the same key's values in the
    enclosing periods' records (`neighbours`), so that no two nested periods differ by a few persons.
    """

    def __init__(self, protected: bool, neighbours: Sequence[dict] = ()) -> None:
        self.protected = protected
        self.neighbours = list(neighbours)
        self.recorded: dict[Any, Any] = {}

    def _others(self, key: Any) -> list[Any]:
        return [n[key] for n in self.neighbours if key is not None and key in n]

    def count(self, n: int, key: Any = None) -> Any:
        if not self.protected:
            if key is not None:
                self.recorded[key] = n
            return n
        return disclosure.protect_count(n, neighbours=self._others(key))

    def column(self, values: list[int], key: Any = None) -> tuple[list[Any], Any]:
        """One column with its total (a list of categories of the same population)."""
        if not self.protected:
            if key is not None:
                self.recorded[key] = list(values)
            return list(values), sum(values)
        others = [[[v] for v in o] for o in self._others(key) if len(o) == len(values)]
        t = disclosure.protect_table(
            [[v] for v in values], row_totals=False, col_totals=True, neighbours=others
        )
        return [r[0] for r in t.cells], t.col_totals[0] if t.col_totals else None

    def row(self, values: list[int], key: Any = None) -> tuple[list[Any], Any]:
        if not self.protected:
            if key is not None:
                self.recorded[key] = list(values)
            return list(values), sum(values)
        others = [[list(o)] for o in self._others(key) if len(o) == len(values)]
        t = disclosure.protect_table([values], row_totals=True, col_totals=False, neighbours=others)
        return t.cells[0], t.row_totals[0] if t.row_totals else None

    def average(self, value: Decimal | None, base: int, key: Any = None) -> Any:
        """An average over `base` persons: hidden when the base is small, or differs by a few from the
        enclosing periods' base (the difference of two averages would give those persons' values)."""
        if not self.protected:
            if key is not None:
                self.recorded[key] = base
            return value
        if value is None:
            return None
        if disclosure.is_small(base) or any(disclosure.differs_by_few(base, m) for m in self._others(key)):
            return disclosure.Cell(value=None, label=disclosure.SECONDARY_LABEL, suppressed=True)
        return value
