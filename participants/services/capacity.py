"""The capacity rule (platstak): at no date may a partnership have more occupied places than
`places_at_once`.

A placement occupies a place every day from its start to its actual end, or its planned end while not
ended (both inclusive). Paused days count unless the partnership has `paused_keeps_place=False`.
The counts come from two queries and the one sweep (`participants.occupancy.occupied_per_day`), not a
query per day.
Callers must hold the partnership row lock (`lock_partnership`) before counting, so that two
transactions cannot both see the last free place.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from iop.models import Partnership
from participants.models import Pause, Placement
from participants.occupancy import occupied_per_day

from .errors import ErrorCode


@dataclass(frozen=True)
class FullDay:
    """The first day on which one more placement would not fit."""

    day: dt.date
    occupied: int
    limit: int


def lock_partnership(partnership: Partnership | int) -> Partnership:
    """Lock the partnership row for the rest of the transaction (no-op on SQLite)."""
    return Partnership.objects.select_for_update().get(pk=getattr(partnership, "pk", partnership))


def _occupied_per_day(
    partnership: Partnership, start: dt.date, end: dt.date, *, exclude_placement_id: int | None = None
) -> list[int]:
    """Occupied places on each day of [start, end] (two queries)."""
    spans = {
        pk: (p_start, p_end or p_planned)
        for pk, p_start, p_end, p_planned in Placement.objects.filter(partnership=partnership)
        .overlapping(start, end)
        .exclude(pk=exclude_placement_id)
        .values_list("pk", "start_date", "end_date", "planned_end_date")
    }
    pauses = []
    if not partnership.paused_keeps_place and spans:
        pauses = list(
            Pause.objects.filter(placement_id__in=spans).values_list("placement_id", "start_date", "end_date")
        )
    return occupied_per_day(spans, pauses, start, end)


def occupancy_peak(
    partnership: Partnership, start: dt.date, end: dt.date, *, exclude_placement_id: int | None = None
) -> tuple[int, dt.date | None]:
    """The highest number of occupied places on a day in [start, end], and the first day it occurs."""
    series = _occupied_per_day(partnership, start, end, exclude_placement_id=exclude_placement_id)
    peak = max(series, default=0)
    return peak, (start + dt.timedelta(days=series.index(peak)) if peak else None)


def first_full_day(
    partnership: Partnership, start: dt.date, end: dt.date, *, exclude_placement_id: int | None = None
) -> FullDay | None:
    """The first day in [start, end] on which all places are taken, or None if one more fits everywhere."""
    limit = partnership.places_at_once
    if not limit:
        return None
    series = _occupied_per_day(partnership, start, end, exclude_placement_id=exclude_placement_id)
    for i, occupied in enumerate(series):
        if occupied >= limit:
            return FullDay(day=start + dt.timedelta(days=i), occupied=occupied, limit=limit)
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
            code=ErrorCode.CAPACITY,
        )
