"""The capacity rule (platstak): at no date may a partnership have more occupied places than
`places_at_once`.

A placement occupies a place every day from its start to its actual end, or its planned end while not
ended (both inclusive). Paused days count unless the partnership has `paused_keeps_place=False`.
The peak is found with one query and a sweep over start/end events, not a query per day.
Callers must hold the partnership row lock (`lock_partnership`) before counting, so that two
transactions cannot both see the last free place.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from iop.models import Partnership
from participants.models import Pause, Placement

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class FullDay:
    """The first day on which one more placement would not fit."""

    day: dt.date
    occupied: int
    limit: int


def lock_partnership(partnership: Partnership | int) -> Partnership:
    """Lock the partnership row for the rest of the transaction (no-op on SQLite)."""
    return Partnership.objects.select_for_update().get(pk=getattr(partnership, "pk", partnership))


def occupancy_events(
    partnership: Partnership, start: dt.date, end: dt.date, *, exclude_placement_id: int | None = None
) -> list[tuple[dt.date, int]]:
    """(+1/−1, day) events of occupied places within [start, end], clipped to the window."""
    placements = list(
        Placement.objects.filter(partnership=partnership)
        .overlapping(start, end)
        .exclude(pk=exclude_placement_id)
        .values_list("pk", "start_date", "end_date", "planned_end_date")
    )
    events: list[tuple[dt.date, int]] = []
    bounds: dict[int, tuple[dt.date, dt.date]] = {}
    for pk, p_start, p_end, p_planned in placements:
        s, e = max(p_start, start), min(p_end or p_planned, end)
        bounds[pk] = (p_start, p_end or p_planned)
        events.append((s, 1))
        events.append((e + ONE_DAY, -1))
    if not partnership.paused_keeps_place and bounds:
        for placement_id, p_start, p_end in Pause.objects.filter(placement_id__in=bounds).values_list(
            "placement_id", "start_date", "end_date"
        ):
            occ_start, occ_end = bounds[placement_id]
            s = max(p_start, occ_start, start)
            e = min(p_end or occ_end, occ_end, end)
            if s <= e:
                events.append((s, -1))
                events.append((e + ONE_DAY, 1))
    return events


def occupancy_peak(
    partnership: Partnership, start: dt.date, end: dt.date, *, exclude_placement_id: int | None = None
) -> tuple[int, dt.date | None]:
    """The highest number of occupied places on a day in [start, end], and the first day it occurs."""
    running, peak, peak_day = 0, 0, None
    for day, delta in sorted(
        occupancy_events(partnership, start, end, exclude_placement_id=exclude_placement_id)
    ):
        running += delta
        if running > peak and day <= end:
            peak, peak_day = running, day
    return peak, peak_day


def first_full_day(
    partnership: Partnership, start: dt.date, end: dt.date, *, exclude_placement_id: int | None = None
) -> FullDay | None:
    """The first day in [start, end] on which all places are taken, or None if one more fits everywhere."""
    limit = partnership.places_at_once
    if not limit:
        return None
    running = 0
    events = sorted(occupancy_events(partnership, start, end, exclude_placement_id=exclude_placement_id))
    # Process all events of one day before testing it (ends of yesterday, starts of today).
    i = 0
    while i < len(events):
        day = events[i][0]
        while i < len(events) and events[i][0] == day:
            running += events[i][1]
            i += 1
        if day <= end and running >= limit:
            return FullDay(day=day, occupied=running, limit=limit)
    return None


def assert_place_free(
    partnership: Partnership, start: dt.date, end: dt.date, *, exclude_placement_id: int | None = None
) -> None:
    """Raise ValidationError naming the first full date if one more placement over [start, end] would
    exceed the partnership's places at once. Call with the partnership row locked."""
    full = first_full_day(partnership, start, end, exclude_placement_id=exclude_placement_id)
    if full is not None:
        raise ValidationError(
            _(
                "Partnerskapet är fullt %(day)s (%(occupied)s av %(limit)s platser). "
                "Anvisningen kan ställas i kö."
            )
            % {"day": f"{full.day:%Y-%m-%d}", "occupied": full.occupied, "limit": full.limit},
            code="capacity",
        )
