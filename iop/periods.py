"""The reporting calendar: the only periods for which aggregates leave the administration.

Outputs that the steering group, the non-profit's staff or the board see (dashboards and their exports,
the progression page, the PDFs) are computed only for these fixed periods of a calendar year (the
agreement years are calendar years): each month, quarter and half-year, the year itself and the
year-to-date at the end of each quarter (the quarterly board report's "hittills i år"). A free window
(`fran`/`till`) would let a viewer move one end by a day and read one person's figures as the difference
of two published tables; only the coordinators, who may see every participant anyway, keep free periods.

Two fixed periods are either disjoint, nested, or (only with year-to-date windows) overlapping. Nested
periods are differenced by `iop.disclosure` (`neighbours=`): a figure of a period is hidden when it
differs by 1..threshold-1 from the same figure of a period enclosing it (`enclosing`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from iop.dates import add_months
from iop.permissions import is_coordinator


@dataclass(frozen=True, order=True)
class Window:
    """One fixed reporting period (rapportperiod), both ends inclusive."""

    start: dt.date
    end: dt.date
    kind: str  # "month" | "quarter" | "half" | "year" | "ytd"

    def contains(self, other: Window) -> bool:
        return self.start <= other.start and other.end <= self.end and self != other


def _month(year: int, month: int) -> Window:
    start = dt.date(year, month, 1)
    return Window(start, add_months(start, 1) - dt.timedelta(days=1), "month")


def month_window(year: int, month: int) -> Window:
    return _month(year, month)


def quarter_window(year: int, quarter: int) -> Window:
    start = dt.date(year, 3 * (quarter - 1) + 1, 1)
    return Window(start, add_months(start, 3) - dt.timedelta(days=1), "quarter")


def half_window(year: int, half: int) -> Window:
    start = dt.date(year, 1 if half == 1 else 7, 1)
    return Window(start, add_months(start, 6) - dt.timedelta(days=1), "half")


def year_window(year: int) -> Window:
    return Window(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def windows_of_year(year: int) -> list[Window]:
    """Every fixed period of one calendar year (21: 12 months, 4 quarters, 2 halves, the year, and the
    year-to-date at the end of the third quarter; the other year-to-date windows equal Q1, H1 and the year)."""
    out = [_month(year, m) for m in range(1, 13)]
    out += [quarter_window(year, q) for q in range(1, 5)]
    out += [half_window(year, h) for h in (1, 2)]
    out.append(year_window(year))
    out.append(Window(dt.date(year, 1, 1), dt.date(year, 9, 30), "ytd"))
    return out


def fixed_window(start: dt.date, end: dt.date) -> Window | None:
    """The fixed period with exactly these ends, or None (a free window)."""
    if start.year != end.year:
        return None
    for window in windows_of_year(start.year):
        if window.start == start and window.end == end:
            return window
    return None


def enclosing(window: Window) -> list[Window]:
    """The fixed periods that strictly contain `window` (its neighbours for differencing control)."""
    return [w for w in windows_of_year(window.start.year) if w.contains(window)]


def may_use_free_periods(user) -> bool:
    """Only coordinators (who may see every participant) choose free windows; everyone else gets the
    fixed periods, so that no two published tables differ by a handful of persons."""
    return is_coordinator(user)
