"""Spans over time: one row per item (a placement, say), its spans drawn along a day axis, with a mark
where its planned end lies and where it was extended, month and week ticks and a line for today.

The caller says which days each span covers (`Span`, both ends inclusive) and what kind it is; this
module turns days into coordinates and writes the SVG. The result keeps the geometry (`bars`, `ticks`)
for tables and tests beside the SVG text. Coordinates are written with a decimal point whatever the
language (a decimal comma breaks SVG lengths).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import dateformat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from iop.dates import add_months

from . import style

ONE_DAY = dt.timedelta(days=1)
HATCH = "url(#pause-hatch)"
LABEL_CHARS = 24


@dataclass(frozen=True)
class Span:
    """Days [start, end] of one row drawn as `kind` (a key of the chart's `fills`, or hatched)."""

    start: dt.date
    end: dt.date
    kind: str


@dataclass
class SpanRow:
    """What one row shows: its label, spans, planned end and the ends it had before each extension."""

    item: Any
    label: str
    title: str
    spans: list[Span]
    planned_end: dt.date | None = None
    extended_from: list[dt.date] = field(default_factory=list)


@dataclass
class Segment:
    x: float
    width: float
    kind: str


@dataclass
class Bar:
    item: Any
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
class SpanChart:
    width: int
    height: int
    label_width: int
    plot_width: int
    row_height: int
    top: int
    bars: list[Bar]
    ticks: list[Tick]
    today_x: float | None
    svg: str = ""

    @property
    def inline(self) -> SafeString:
        """The SVG for a page that shows it inline: every text in it is escaped when it is drawn."""
        return mark_safe(self.svg)  # noqa: S308  # nosec B308 B703


def _month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    day = start.replace(day=1)
    if day < start:
        day = add_months(day, 1)
    out = []
    while day <= end:
        out.append(day)
        day = add_months(day, 1)
    return out


def _ticks(start: dt.date, end: dt.date, x_of: Any) -> list[Tick]:
    """A labelled tick at each month start (with the year at January and the first), a faint one each Monday."""
    months = _month_starts(start, end)
    ticks = [
        Tick(
            x_of(m),
            f"{dateformat.format(m, 'b')} {m:%y}"
            if m.month == 1 or m == months[0]
            else dateformat.format(m, "b"),
            True,
        )
        for m in months
    ]
    monday = start + dt.timedelta(days=(7 - start.weekday()) % 7)
    while monday <= end:
        if monday.day != 1:
            ticks.append(Tick(x_of(monday), "", False))
        monday += dt.timedelta(weeks=1)
    return ticks


def span_chart(
    rows: Sequence[SpanRow],
    start: dt.date,
    end: dt.date,
    *,
    today: dt.date,
    title: str,
    empty: str,
    fills: dict[str, str],
    label_width: int = 170,
    plot_width: int = 820,
    row_height: int = 22,
) -> SpanChart:
    """The chart of `rows` over [start, end]: a span's kind is filled with `fills[kind]`, or hatched
    when `fills` has no colour for it; `empty` is shown when there is no row."""
    n_days = (end - start).days + 1
    scale = plot_width / n_days
    top = 34

    def x_of(day: dt.date) -> float:
        return round(label_width + (day - start).days * scale, 1)

    def clip(day: dt.date) -> dt.date:
        return min(max(day, start), end + ONE_DAY)

    bars = []
    for i, row in enumerate(rows):
        bar = Bar(item=row.item, label=row.label, y=top + i * row_height, title=row.title)
        for span in row.spans:
            s, e = clip(span.start), clip(span.end + ONE_DAY)
            if e > s:
                bar.segments.append(Segment(x_of(s), round((e - s).days * scale, 1), span.kind))
        if row.planned_end is not None and start <= row.planned_end <= end:
            bar.planned_end_x = x_of(row.planned_end + ONE_DAY)
        bar.extension_marks = [x_of(day + ONE_DAY) for day in row.extended_from if start <= day <= end]
        bars.append(bar)
    chart = SpanChart(
        width=label_width + plot_width + 10,
        height=top + max(len(bars), 1) * row_height + 10,
        label_width=label_width,
        plot_width=plot_width,
        row_height=row_height,
        top=top,
        bars=bars,
        ticks=_ticks(start, end, x_of),
        today_x=x_of(today) if start <= today <= end else None,
    )
    chart.svg = _svg(chart, title=title, empty=empty, fills=fills)
    return chart


def _svg(chart: SpanChart, *, title: str, empty: str, fills: dict[str, str]) -> str:
    parts = [
        f'<svg xmlns="{style.SVG_NS}" viewBox="0 0 {chart.width} {chart.height}" role="img" '
        'aria-labelledby="chart-title" focusable="false">',
        f'<title id="chart-title">{escape(title)}</title>',
        '<defs><pattern id="pause-hatch" width="5" height="5" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="5" height="5" fill="#ffffff"/>'
        '<rect width="2" height="5" fill="#b8c4d0"/></pattern></defs>',
    ]
    for t in chart.ticks:
        y1, colour = (14, "#adb5bd") if t.major else (26, "#e9ecef")
        parts.append(
            f'<line x1="{t.x}" x2="{t.x}" y1="{y1}" y2="{chart.height}" stroke="{colour}" stroke-width="1"/>'
        )
        if t.label:
            parts.append(f'<text class="tick-label" x="{t.x}" y="12" dx="3">{escape(t.label)}</text>')
    for b in chart.bars:
        label = b.label if len(b.label) <= LABEL_CHARS else b.label[: LABEL_CHARS - 1] + "…"
        parts.append(f"<g><title>{escape(b.title)}</title>")
        parts.append(f'<text class="lbl" x="4" y="{b.y}" dy="15">{escape(label)}</text>')
        for s in b.segments:
            box = f'x="{s.x}" y="{b.y}" width="{s.width}" height="16" transform="translate(0 3)"'
            if s.kind in fills:
                parts.append(f'<rect {box} rx="2" fill="{fills[s.kind]}"/>')
            else:
                parts.append(f'<rect {box} fill="{HATCH}" stroke="#6c757d" stroke-width=".5"/>')
        for x in b.extension_marks:
            parts.append(
                f'<line x1="{x}" x2="{x}" y1="{b.y}" y2="{b.y + 22}" stroke="#7a3e00" stroke-width="2" '
                'stroke-dasharray="2 2"/>'
            )
        if b.planned_end_x:
            parts.append(
                f'<line x1="{b.planned_end_x}" x2="{b.planned_end_x}" y1="{b.y}" y2="{b.y + 22}" '
                'stroke="#212529" stroke-width="2"/>'
            )
        parts.append("</g>")
    if not chart.bars:
        parts.append(
            f'<text class="lbl" x="{chart.label_width}" y="{chart.top}" dy="15">{escape(empty)}</text>'
        )
    if chart.today_x:
        parts.append(
            f'<line x1="{chart.today_x}" x2="{chart.today_x}" y1="14" y2="{chart.height}" '
            'stroke="#c0392b" stroke-width="2"/>'
        )
    parts.append("</svg>")
    return "".join(parts)
