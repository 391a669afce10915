"""Date arithmetic shared by agreements, placements and payment periods."""

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """Add (or subtract) calendar months; the day is clamped to the month's last day.

    The last day of a month maps to the last day of the target month, so that
    2025-12-31 minus 3 months is 2025-09-30.
    """
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return dt.date(year, month, last)
    return dt.date(year, month, min(day.day, last))


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * (quarter - 1) + 1, 1)
    end = add_months(start, 3) - dt.timedelta(days=1)
    return start, end


def day_start(day: dt.date) -> dt.datetime:
    """The aware instant a calendar day begins in the project's time zone (Europe/Stockholm).

    Range filters on an indexed timestamp compare with these bounds (`at >= day_start(from)` and
    `at < day_start(to + 1 day)`) instead of `at__date`, which casts the column and skips its index.
    """
    from django.utils import timezone

    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_default_timezone())


def day_range(
    date_from: dt.date | None, date_to: dt.date | None
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Aware half-open bounds [start, end) of the days `date_from`..`date_to` (either may be open)."""
    start = day_start(date_from) if date_from else None
    end = day_start(date_to + dt.timedelta(days=1)) if date_to else None
    return start, end
