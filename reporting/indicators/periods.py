"""Period arithmetic shared by the loader and the assembler: shares of years, the start of a day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

ONE_DAY = dt.timedelta(days=1)


def year_share(start: dt.date, end: dt.date, year: int) -> Decimal:
    """The share of `year` covered by [start, end] (days / days in the year)."""
    y0, y1 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    s, e = max(start, y0), min(end, y1)
    if s > e:
        return Decimal(0)
    return Decimal((e - s).days + 1) / Decimal((y1 - y0).days + 1)


def period_years(start: dt.date, end: dt.date) -> list[int]:
    return list(range(start.year, end.year + 1))


def period_share(start: dt.date, end: dt.date) -> Decimal:
    """The period's length in years (a calendar year = 1, a quarter ≈ 0.25)."""
    return sum((year_share(start, end, y) for y in period_years(start, end)), Decimal(0))


def one_decimal(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.1"))


def day_start(day: dt.date) -> dt.datetime:
    """The first instant of `day` in the current time zone: `held_at >= day_start(d)` is the same as
    `held_at__date >= d` (which converts every row's time to a local date, so no index or fast scan)."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())
