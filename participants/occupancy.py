"""Occupancy (beläggning) of a partnership's places over time: per-day counts, weekly free places,
upcoming ends, places per year, and the rows of the chart on the occupancy page (drawn by `iop.charts`).

`occupied_per_day` is the one sweep over start/end events: the occupancy page, the capacity rule
(services/capacity.py) and the indicator engine all count places with it. `occupancy()` reads with ONE
query (placements left-joined with their pauses when pauses free the place).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate, groupby
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet, Window
from django.utils.translation import gettext, ngettext

from iop.charts import Chart, line_vs_limit
from iop.charts.spans import Span, SpanChart, SpanRow, span_chart
from iop.models import Partnership
from participants.models import Placement, PlacementExtension

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
    # No ORDER BY: the sweep does not depend on the order (the default ordering would sort every row).
    qs = Placement.objects.filter(partnership=partnership).overlapping(start, end).order_by()
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


def with_bars(placements: QuerySet[Placement]) -> QuerySet[Placement]:
    """What a row of the chart and of the placement table shows: participant, pauses and extensions
    (2 queries more per page, whatever its length)."""
    return placements.select_related("participant").prefetch_related("pauses", "extensions")


def occupancy_placements(partnership: Partnership, start: dt.date, end: dt.date) -> QuerySet[Placement]:
    """The placements in [start, end], in the order the occupancy page lists them (a page of them is
    3 queries: placements with participant, their pauses, their extensions)."""
    return with_bars(
        Placement.objects.filter(partnership=partnership).overlapping(start, end).order_by("start_date", "pk")
    )


def upcoming_ends(partnership: Partnership, today: dt.date, days: int = 56) -> QuerySet[Placement]:
    """Placements not ended whose planned end falls within `days` from today, soonest first, each with
    its participant and `extended` (whether it has a time extension). One query per slice."""
    horizon = today + dt.timedelta(days=days)
    return (
        Placement.objects.filter(
            partnership=partnership, end_date__isnull=True, planned_end_date__range=(today, horizon)
        )
        .select_related("participant")
        .annotate(extended=Exists(PlacementExtension.objects.filter(placement=OuterRef("pk"))))
        .order_by("planned_end_date", "pk")
    )


def first_upcoming_ends(
    partnership: Partnership, today: dt.date, *, days: int, first: int
) -> tuple[list[Placement], int]:
    """The `first` soonest of `upcoming_ends` and how many there are in all, in one query (the total
    is a window count over the whole selection, so the query is the same whether any end or none)."""
    rows: list[Placement] = list(
        upcoming_ends(partnership, today, days).annotate(total=Window(Count("pk")))[:first]
    )
    total: int = getattr(rows[0], "total") if rows else 0  # noqa: B009 - an annotation mypy cannot see
    return rows, total


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


# --- The chart ---------------------------------------------------------------------------------

# Ongoing or planned, ended, extended; pauses (no colour) are hatched.
FILLS = {"occupied": "#0f4c81", "ended": "#8fa3b8", "extension": "#d9822b"}


def placement_row(placement: Placement, label: str) -> SpanRow:
    """A placement as a row of the chart: its place up to the first planned end (ongoing or ended),
    the time extensions added, its pauses, its planned end and the ends before each extension."""
    occ_end = placement.end_date or placement.planned_end_date
    exts = sorted(placement.extensions.all(), key=lambda e: e.new_end_date)
    original_end = exts[0].previous_end_date if exts else placement.planned_end_date
    spans = [
        Span(placement.start_date, min(occ_end, original_end), "ended" if placement.end_date else "occupied")
    ]
    if occ_end > original_end:
        spans.append(Span(original_end + ONE_DAY, occ_end, "extension"))
    spans += [
        Span(pause.start_date, min(pause.end_date or occ_end, occ_end), "pause")
        for pause in placement.pauses.all()
    ]
    return SpanRow(
        item=placement,
        label=label,
        title=f"{label}: {placement.start_date:%Y-%m-%d} – {occ_end:%Y-%m-%d}",
        spans=spans,
        planned_end=placement.planned_end_date,
        extended_from=[ext.previous_end_date for ext in exts],
    )


def build_chart(
    placements: list[Placement], start: dt.date, end: dt.date, *, label_for: Any, today: dt.date
) -> SpanChart:
    """The occupancy chart: one row per placement over [start, end]. `label_for(placement) -> str`
    decides what the row shows (a name, a pseudonym or "Plats upptagen")."""
    rows = [placement_row(p, label_for(p)) for p in placements]
    return span_chart(
        rows,
        start,
        end,
        today=today,
        title=ngettext(
            "En placering som stapel över tiden; samma uppgifter finns i tabellen nedan.",
            "%(n)s placeringar som staplar över tiden; samma uppgifter finns i tabellen nedan.",
            len(rows),
        )
        % {"n": len(rows)},
        empty=gettext("Inga placeringar under perioden."),
        fills=FILLS,
    )


def occupancy_chart(occ: Occupancy, start: dt.date, end: dt.date) -> Chart:
    """The summary of the occupancy page: occupied places on each day of [start, end] against the
    partnership's places at once, drawn from the per-day counts (so its size does not depend on the
    number of placements), with a table per ISO week for screen readers."""
    shown = occ.between(start, end)
    peak = max((d.occupied for d in shown), default=0)
    full = sum(1 for d in shown if d.free is not None and d.free <= 0)
    desc = gettext("Upptagna platser per dag %(a)s–%(b)s, högst %(peak)s.") % {
        "a": f"{start:%Y-%m-%d}",
        "b": f"{end:%Y-%m-%d}",
        "peak": peak,
    }
    if occ.limit is not None:
        desc += " " + gettext("Platstaket är %(limit)s; %(full)s dagar med fullt.") % {
            "limit": occ.limit,
            "full": full,
        }
    chart = line_vs_limit(
        title=gettext("Upptagna platser per dag"),
        days=[d.day for d in shown],
        values=[d.occupied for d in shown],
        limit=occ.limit,
        value_name=gettext("Upptagna platser"),
        limit_name=gettext("Platstak"),
        desc=desc,
    )
    columns = [gettext("Vecka"), gettext("Datum"), gettext("Flest upptagna")]
    if occ.limit is not None:
        columns.append(gettext("Minst lediga"))
    rows = []
    for (_year, week), group in groupby(shown, key=lambda d: d.day.isocalendar()[:2]):
        days = list(group)
        most = max(d.occupied for d in days)
        row = [f"{gettext('v.')} {week}", f"{days[0].day:%Y-%m-%d} – {days[-1].day:%Y-%m-%d}", str(most)]
        if occ.limit is not None:
            row.append(str(occ.limit - most))
        rows.append(row)
    chart.table = {"caption": gettext("Upptagna platser per vecka"), "columns": columns, "rows": rows}
    return chart
