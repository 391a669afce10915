"""Occupancy (beläggning) of a partnership's places over time: per-day counts, weekly free places,
upcoming ends, places per year, and the geometry of the bar chart on the occupancy page.

`occupied_per_day` is the one sweep over start/end events: the occupancy page, the capacity rule
(services/capacity.py) and the indicator engine all count places with it. `occupancy()` reads with ONE
query (placements left-joined with their pauses when pauses free the place).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from django.db.models import QuerySet
from django.utils import dateformat

from iop.dates import add_months
from iop.models import Partnership
from participants.models import Placement

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class DayCount:
    day: dt.date
    occupied: int
    free: int | None  # None when the partnership has no places_at_once


@dataclass
class Occupancy:
    """Per-day occupied and free places of one partnership over [start, end] (both inclusive)."""

    partnership: Partnership
    start: dt.date
    end: dt.date
    limit: int | None
    days: list[DayCount]

    def on(self, day: dt.date) -> DayCount:
        return self.days[(day - self.start).days]

    def between(self, start: dt.date, end: dt.date) -> list[DayCount]:
        lo = max(0, (start - self.start).days)
        hi = min(len(self.days), (end - self.start).days + 1)
        return self.days[lo:hi]

    @property
    def peak(self) -> int:
        return max((d.occupied for d in self.days), default=0)


def occupied_per_day(
    spans: dict[int, tuple[dt.date, dt.date]],
    freeing_pauses: Iterable[tuple[int, dt.date, dt.date | None]],
    start: dt.date,
    end: dt.date,
) -> list[int]:
    """Occupied places on each day of [start, end] (both inclusive), without a query.

    `spans` maps each placement overlapping the window to the days it occupies a place (its start through
    its actual end, or its planned end while not ended). `freeing_pauses` are (placement id, start, end or
    None while open) of the pauses that free the place: pass none when the partnership keeps paused places.
    """
    n_days = (end - start).days + 1
    delta = [0] * (n_days + 1)
    for occ_start, occ_end in spans.values():
        delta[(max(occ_start, start) - start).days] += 1
        delta[(min(occ_end, end) - start).days + 1] -= 1
    for placement_id, pause_start, pause_end in freeing_pauses:
        occ_start, occ_end = spans[placement_id]
        s, e = max(pause_start, occ_start, start), min(pause_end or occ_end, occ_end, end)
        if s <= e:
            delta[(s - start).days] -= 1
            delta[(e - start).days + 1] += 1
    return list(accumulate(delta[:n_days]))


def occupancy(partnership: Partnership, start: dt.date, end: dt.date) -> Occupancy:
    """Occupied places per day in [start, end]. A placement occupies its place from start through its
    actual end (or planned end while not ended); paused days are free only when the partnership has
    `paused_keeps_place=False`. One query, whatever the number of placements."""
    if end < start:
        raise ValueError("end before start")
    qs = Placement.objects.filter(partnership=partnership).overlapping(start, end)
    frees_pauses = not partnership.paused_keeps_place
    if frees_pauses:
        rows = qs.values_list(
            "pk", "start_date", "end_date", "planned_end_date", "pauses__start_date", "pauses__end_date"
        )
    else:
        rows = qs.values_list("pk", "start_date", "end_date", "planned_end_date")
    spans: dict[int, tuple[dt.date, dt.date]] = {}
    pauses = []
    for row in rows:
        pk, p_start, p_end, p_planned = row[:4]
        spans[pk] = (p_start, p_end or p_planned)
        if frees_pauses and row[4] is not None:
            pauses.append((pk, row[4], row[5]))
    limit = partnership.places_at_once
    days = [
        DayCount(start + dt.timedelta(days=i), running, None if limit is None else limit - running)
        for i, running in enumerate(occupied_per_day(spans, pauses, start, end))
    ]
    return Occupancy(partnership=partnership, start=start, end=end, limit=limit, days=days)


@dataclass(frozen=True)
class WeekFree:
    week_start: dt.date
    week_end: dt.date
    iso_week: int
    min_free: int | None
    max_occupied: int


def free_by_week(occ: Occupancy, first_day: dt.date, weeks: int = 8) -> list[WeekFree]:
    """For each of `weeks` weeks starting on the Monday after `first_day`: the fewest free places on any
    day of the week (a place is free for the whole week only then)."""
    monday = first_day + dt.timedelta(days=7 - first_day.weekday())
    out = []
    for i in range(weeks):
        ws = monday + dt.timedelta(weeks=i)
        we = ws + dt.timedelta(days=6)
        span = occ.between(ws, we)
        max_occ = max((d.occupied for d in span), default=0)
        out.append(
            WeekFree(
                week_start=ws,
                week_end=we,
                iso_week=ws.isocalendar().week,
                min_free=None if occ.limit is None else occ.limit - max_occ,
                max_occupied=max_occ,
            )
        )
    return out


def occupancy_placements(partnership: Partnership, start: dt.date, end: dt.date) -> QuerySet[Placement]:
    """The placements shown as bars on the occupancy page (3 queries: placements with participant and
    work area, their pauses, their extensions)."""
    return (
        Placement.objects.filter(partnership=partnership)
        .overlapping(start, end)
        .select_related("participant", "work_area", "end_reason")
        .prefetch_related("pauses", "extensions")
        .order_by("start_date", "pk")
    )


def upcoming_ends(placements: list[Placement], today: dt.date, days: int = 56) -> list[Placement]:
    """Placements not ended whose planned end falls within `days` from today, soonest first."""
    horizon = today + dt.timedelta(days=days)
    return sorted(
        (p for p in placements if p.end_date is None and today <= p.planned_end_date <= horizon),
        key=lambda p: (p.planned_end_date, p.pk),
    )


@dataclass(frozen=True)
class YearlyStarts:
    year: int
    started: int
    target: int | None

    @property
    def over_target(self) -> bool:
        return self.target is not None and self.started > self.target

    @property
    def percent(self) -> int | None:
        return round(100 * self.started / self.target) if self.target else None


def starts_in_year(partnership: Partnership, year: int) -> YearlyStarts:
    """Places per year (platser per år): participants who started a placement in `year` against the
    partnership's `places_per_year` (a warning when exceeded, never a block)."""
    started = (
        Placement.objects.filter(partnership=partnership, start_date__year=year)
        .values("participant_id")
        .distinct()
        .count()
    )
    return YearlyStarts(year=year, started=started, target=partnership.places_per_year)


# --- Bar chart geometry ---------------------------------------------------------------------


@dataclass
class Segment:
    x: float
    width: float
    kind: str  # "occupied", "ended", "extension", "pause"


@dataclass
class Bar:
    placement: Placement
    label: str
    y: float
    segments: list[Segment] = field(default_factory=list)
    planned_end_x: float | None = None
    extension_marks: list[float] = field(default_factory=list)
    title: str = ""


@dataclass
class Tick:
    x: float
    label: str
    major: bool


@dataclass
class Chart:
    width: int
    height: int
    label_width: int
    plot_width: int
    row_height: int
    top: int
    bars: list[Bar]
    ticks: list[Tick]
    today_x: float | None


def _month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    day = start.replace(day=1)
    if day < start:
        day = add_months(day, 1)
    out = []
    while day <= end:
        out.append(day)
        day = add_months(day, 1)
    return out


def build_chart(
    placements: list[Placement],
    start: dt.date,
    end: dt.date,
    *,
    label_for: Any,
    today: dt.date,
    label_width: int = 170,
    plot_width: int = 820,
    row_height: int = 22,
) -> Chart:
    """Compute the SVG geometry: one row per placement, x by day. `label_for(placement) -> str` decides
    what the row shows (a name, a pseudonym or "Plats upptagen")."""
    n_days = (end - start).days + 1
    scale = plot_width / n_days
    top = 34

    def x_of(day: dt.date) -> float:
        return round(label_width + (day - start).days * scale, 1)

    def clip(day: dt.date) -> dt.date:
        return min(max(day, start), end + ONE_DAY)

    bars = []
    for i, p in enumerate(placements):
        occ_end = p.end_date or p.planned_end_date
        bar = Bar(placement=p, label=label_for(p), y=top + i * row_height)
        exts = sorted(p.extensions.all(), key=lambda e: e.new_end_date)
        original_end = exts[0].previous_end_date if exts else p.planned_end_date
        main_end = min(occ_end, original_end)
        kind = "ended" if p.end_date else "occupied"
        s, e = clip(p.start_date), clip(main_end + ONE_DAY)
        if e > s:
            bar.segments.append(Segment(x_of(s), round((e - s).days * scale, 1), kind))
        if occ_end > original_end:
            s, e = clip(original_end + ONE_DAY), clip(occ_end + ONE_DAY)
            if e > s:
                bar.segments.append(Segment(x_of(s), round((e - s).days * scale, 1), "extension"))
        for pause in p.pauses.all():
            ps, pe = clip(pause.start_date), clip(min(pause.end_date or occ_end, occ_end) + ONE_DAY)
            if pe > ps:
                bar.segments.append(Segment(x_of(ps), round((pe - ps).days * scale, 1), "pause"))
        if start <= p.planned_end_date <= end:
            bar.planned_end_x = x_of(p.planned_end_date + ONE_DAY)
        bar.extension_marks = [
            x_of(ext.previous_end_date + ONE_DAY) for ext in exts if start <= ext.previous_end_date <= end
        ]
        bar.title = f"{bar.label}: {p.start_date:%Y-%m-%d} – {occ_end:%Y-%m-%d}"
        bars.append(bar)
    ticks = [
        Tick(
            x_of(m),
            f"{dateformat.format(m, 'b')} {m:%y}"
            if m.month == 1 or m == _month_starts(start, end)[0]
            else dateformat.format(m, "b"),
            True,
        )
        for m in _month_starts(start, end)
    ]
    monday = start + dt.timedelta(days=(7 - start.weekday()) % 7)
    while monday <= end:
        if monday.day != 1:
            ticks.append(Tick(x_of(monday), "", False))
        monday += dt.timedelta(weeks=1)
    height = top + max(len(bars), 1) * row_height + 10
    return Chart(
        width=label_width + plot_width + 10,
        height=height,
        label_width=label_width,
        plot_width=plot_width,
        row_height=row_height,
        top=top,
        bars=bars,
        ticks=ticks,
        today_x=x_of(today) if start <= today <= end else None,
    )
