"""The one chart module (drawing primitives in reporting.svg_drawing): server-side SVG charts for dashboards and PDFs, drawn directly as SVG text.

Every function returns a :class:`Chart`: the SVG text (with ``<title>`` and ``<desc>`` for assistive
technology, ``role="img"``, text kept as ``<text>``, byte-for-byte deterministic) and a data table with the
same figures for screen readers and exports.

Pages show charts as ``<img src="data:image/svg+xml;base64,…" alt="…">`` (see ``Chart.data_uri`` and
``templates/reporting/includes/chart.html``): an SVG image is a separate document, so the page's strict
Content-Security-Policy does not govern it. The SVG uses presentation attributes only (no ``style``), which
browsers and WeasyPrint's SVG renderer both draw; WeasyPrint renders the same data URI with its text as text.

Values may be plain numbers or :class:`iop.disclosure.Cell` objects: a suppressed cell draws
nothing and its label (``<3``) goes into the data table. Numbers are formatted the Swedish way
(``iop_format.format_number``), colours are the Malmö blue and the colour-blind-safe Okabe–Ito companions.

The geometry is computed here: text widths come from DejaVu Sans advance widths (the font the PDFs use;
browsers without it fall back to Verdana or another sans-serif of similar or narrower width), so labels
are wrapped, rotated or shortened with "…" before they could overlap. The full labels stay in the table.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from typing import Any

from django.utils import dateformat

from iop.templatetags.iop_format import format_number
from reporting.svg_drawing import (  # noqa: F401 - re-exported for callers and tests
    AXIS_COLOUR,
    HEIGHT,
    LINE,
    MUTED_COLOUR,
    PAD,
    PALETTE,
    TARGET_COLOUR,
    TEXT_COLOUR,
    WIDTH,
    Chart,
    _CategoryLabels,
    _draw_categories,
    _draw_row_labels,
    _f,
    _finite,
    _fit_categories,
    _Frame,
    _Item,
    _label,
    _make_room,
    _money_ticks,
    _num,
    _number_tick,
    _row_labels,
    _Scale,
    _scale,
    _shown,
    _text_colour_on,
    _tick_width,
    _value,
    _value_axis_bottom,
    _value_axis_left,
    nice_ticks,
    text_width,
)

# --- the charts --------------------------------------------------------------------------------


def _columns(
    scale: _Scale, tick, labels: Sequence[Any]
) -> tuple[float, float, float, _CategoryLabels, float]:
    """The plot area of a chart with one column per category below a value axis on the left:
    (left, right, slot width, the fitted category labels, the bottom of the plot)."""
    left = PAD + _tick_width(scale, tick) + 8
    right = WIDTH - PAD - 4
    n = len(labels)
    fit = _fit_categories([str(s) for s in labels], (right - left) / max(n, 1))
    left, slot = _make_room(fit, left, right, n)
    return left, right, slot, fit, HEIGHT - PAD - fit.height


def bar_with_target(
    *,
    title: str,
    labels: Sequence[str],
    values: Sequence[Any],
    targets: Sequence[Any] | Any,
    value_name: str = "Utfall",
    target_name: str = "Mål",
    desc: str = "",
) -> Chart:
    """Vertical bars (e.g. the five indicators) with a target mark per bar or one target line."""
    per_bar = isinstance(targets, (list, tuple))
    target_list = list(targets) if per_bar else [targets] * len(labels)
    nums = [_shown(v) for v in values]
    goals = [_shown(t) for t in target_list]
    # A bar without a target (no goal registered, or a hidden one) gets no mark, not a mark at 0.
    has_goal = [_value(t) is not None and not math.isnan(_value(t)) for t in target_list]

    table: dict[str, Any] = {
        "columns": ["", value_name, target_name],
        "rows": [
            [str(label), _label(v), _label(t)]
            for label, v, t in zip(labels, values, target_list, strict=True)
        ],
    }
    desc = desc or "; ".join(f"{r[0]}: {r[1]} ({target_name.lower()} {r[2]})" for r in table["rows"])

    fr = _Frame(
        title,
        [
            _Item(value_name, PALETTE[0]),
            *(
                [_Item(target_name, TARGET_COLOUR, "mark" if per_bar else "line", "" if per_bar else "5 3")]
                if any(has_goal)
                else []
            ),
        ],
    )
    scale = _scale(min(nums + goals, default=0), max(nums + goals, default=0), integer=True, count=5)
    n = len(labels)
    left, right, slot, fit, bottom = _columns(scale, _number_tick, labels)
    top = fr.top + LINE + 2  # room for the value labels above the highest bar
    scale.a, scale.b = bottom, top
    _value_axis_left(fr, scale, left, right, _number_tick)
    centres = [left + slot * (k + 0.5) for k in range(n)]
    bar_w = slot * 0.62
    zero = scale(0)
    for x, n_value in zip(centres, nums, strict=True):
        y = scale(n_value)
        fr.svg.rect(x - bar_w / 2, min(y, zero), bar_w, abs(zero - y), PALETTE[0])
    if per_bar:
        for x, g, shown in zip(centres, goals, has_goal, strict=True):
            if shown:
                fr.svg.line(x - bar_w * 0.62, scale(g), x + bar_w * 0.62, scale(g), TARGET_COLOUR, 2.5)
    elif labels and has_goal[0]:
        y = scale(goals[0])
        fr.svg.line(left, y, right, y, TARGET_COLOUR, 1.5, "5 3")
    for x, v, n_value, g, shown in zip(centres, values, nums, goals, has_goal, strict=True):
        y = min(scale(n_value), zero) - 3
        g_y = scale(g) if per_bar and shown else None
        if g_y is not None and y - LINE + 3 < g_y + 2 and y + 2 > g_y - 2:
            y = g_y - 4  # keep the value clear of its target mark
        fr.svg.text(
            x, y, _label(v), anchor="middle", fill=MUTED_COLOUR if nums and _value(v) is None else TEXT_COLOUR
        )
    fr.svg.line(left, zero, right, zero, AXIS_COLOUR, 1.0)
    _draw_categories(fr, fit, centres, bottom + 2)
    if not labels:
        fr.empty_note(left, right, top, bottom)
    return fr.finish(desc=desc, table=table)


def _date_scale(start: dt.date, end: dt.date, left: float, right: float) -> Callable[[dt.date], float]:
    """Days as intervals: ``start`` is the left edge, the end of ``end`` the right edge."""
    total = max((end - start).days + 1, 1)
    return lambda d: left + (d - start).days / total * (right - left)


def _date_axis(fr: _Frame, start: dt.date, end: dt.date, left: float, right: float, y: float) -> None:
    """Month ticks at month starts, Swedish month names centred in their month (every n-th when crowded),
    the year under the first labelled month and under every January."""
    x_of = _date_scale(start, end, left, right)
    months: list[dt.date] = []
    m = dt.date(start.year, start.month, 1)
    while m <= end:
        months.append(m)
        m = dt.date(m.year + m.month // 12, m.month % 12 + 1, 1)
    if not months:
        return
    per_month = (right - left) * 30.44 / max((end - start).days + 1, 1)
    every = next((k for k in (1, 2, 3, 4, 6, 12) if per_month * k >= 26), 12)
    first_labelled = True
    for m in months:
        x0 = x_of(max(m, start))
        if m >= start:
            fr.svg.line(x0, y, x0, y + 4, AXIS_COLOUR, 0.8)
        if (m.month - 1) % every:
            continue
        nxt = dt.date(m.year + m.month // 12, m.month % 12 + 1, 1)
        x1 = x_of(min(nxt, end + dt.timedelta(days=1)))
        label = dateformat.format(m, "b")
        if every == 1:
            cx = (x0 + x1) / 2
            if x1 - x0 < text_width(label) + 2:
                continue
        else:
            cx = x0
        fr.svg.text(cx, y + LINE + 1, label, anchor="middle", fill=MUTED_COLOUR)
        if first_labelled or m.month == 1:
            fr.svg.text(cx, y + 2 * LINE + 1, str(m.year), anchor="middle", fill=MUTED_COLOUR)
            first_labelled = False


def _step_path(xs: Sequence[float], ys: Sequence[float | None], x_end: float) -> str:
    """A 'post' step line: each value holds until the next day; a hidden (None) value leaves a gap."""
    out: list[str] = []
    drawing = False
    for k, (x, y) in enumerate(zip(xs, ys, strict=True)):
        nxt = xs[k + 1] if k + 1 < len(xs) else x_end
        if y is None:
            drawing = False
            continue
        if drawing:
            out.append(f"V{_f(y)}")
        else:
            out.append(f"M{_f(x)} {_f(y)}")
            drawing = True
        out.append(f"H{_f(nxt)}")
    return "".join(out)


def _time_chart(
    *,
    title: str,
    days: Sequence[dt.date],
    values: Sequence[float],
    start: dt.date | None,
    end: dt.date | None,
    lines: Sequence[tuple[_Item, float]],
    value_item: _Item,
    slope: tuple[_Item, float] | None = None,
) -> _Frame:
    items = [value_item] + ([slope[0]] if slope else []) + [item for item, _v in lines]
    fr = _Frame(title, items)
    shown = _finite(values)
    peak = max([*shown, *(v for _i, v in lines), *([slope[1]] if slope else [])], default=0)
    scale = _scale(0, peak * 1.05 if peak > 0 else 1, integer=True, count=5)
    left = PAD + _tick_width(scale, _number_tick) + 8
    right = WIDTH - PAD - 8
    top = fr.top + 4
    bottom = HEIGHT - PAD - 2 * LINE - 6
    scale.a, scale.b = bottom, top
    _value_axis_left(fr, scale, left, right, _number_tick)
    if start is None or end is None:
        fr.empty_note(left, right, top, bottom)
        for item, v in lines:
            fr.svg.line(left, scale(v), right, scale(v), item.colour, 1.5, item.dash)
        return fr
    x_of = _date_scale(start, end, left, right)
    xs = [x_of(d) for d in days]
    ys = [None if v is None or math.isnan(v) else scale(v) for v in values]
    x_end = x_of(days[-1] + dt.timedelta(days=1)) if days else right
    fr.svg.path(_step_path(xs, ys, x_end), value_item.colour, 1.6)
    if slope:
        fr.svg.line(left, scale(0), right, scale(slope[1]), slope[0].colour, 1.2, slope[0].dash)
    for item, v in lines:
        fr.svg.line(left, scale(v), right, scale(v), item.colour, 1.5, item.dash)
    fr.svg.line(left, bottom, right, bottom, AXIS_COLOUR, 1.0)
    _date_axis(fr, start, end, left, right, bottom)
    if not shown:
        fr.empty_note(left, right, top, bottom)
    return fr


def line_vs_limit(
    *,
    title: str,
    days: Sequence[dt.date],
    values: Sequence[float],
    limit: float,
    value_name: str = "Platser i bruk",
    limit_name: str = "Platstak",
    desc: str = "",
) -> Chart:
    """A step line per day (e.g. occupied places) against a horizontal limit (the 24 places)."""
    shown = _finite(values)
    peak = max(shown) if shown else 0
    at_limit = sum(1 for v in values if v >= limit)
    desc = desc or (
        f"{value_name} per dag {_period(days)}. Högst {format_number(peak)} mot taket {format_number(limit)}; "
        f"{at_limit} dagar med fullt."
    )
    table = {
        "columns": ["Datum", value_name, limit_name],
        "rows": [[d.isoformat(), _num(v), format_number(limit)] for d, v in zip(days, values, strict=True)],
    }
    fr = _time_chart(
        title=title,
        days=days,
        values=values,
        start=days[0] if days else None,
        end=days[-1] if days else None,
        value_item=_Item(value_name, PALETTE[0], "line"),
        lines=[(_Item(f"{limit_name} ({format_number(limit)})", TARGET_COLOUR, "line", "5 3"), float(limit))],
    )
    return fr.finish(desc=desc, table=table)


def cumulative_vs_target(
    *,
    title: str,
    days: Sequence[dt.date],
    cumulative: Sequence[float],
    target: float,
    period_start: dt.date,
    period_end: dt.date,
    value_name: str = "Påbörjade (ackumulerat)",
    target_name: str = "Mål",
    desc: str = "",
) -> Chart:
    """A cumulative line (e.g. started participants) against the yearly target and its pro-rata line."""
    last = cumulative[-1] if cumulative and not math.isnan(cumulative[-1]) else 0
    desc = desc or f"{value_name}: {format_number(last)} av målet {format_number(target)} {_period(days)}."
    table = {
        "columns": ["Datum", value_name],
        "rows": [[d.isoformat(), _num(v)] for d, v in zip(days, cumulative, strict=True)],
    }
    fr = _time_chart(
        title=title,
        days=days,
        values=cumulative,
        start=period_start,
        end=period_end,
        value_item=_Item(value_name, PALETTE[0], "line"),
        slope=(_Item(f"{target_name} i jämn takt", TARGET_COLOUR, "line", "1.5 2.5"), float(target)),
        lines=[
            (_Item(f"{target_name} ({format_number(target)})", TARGET_COLOUR, "line", "5 3"), float(target))
        ],
    )
    return fr.finish(desc=desc, table=table)


def _segment_label(fr: _Frame, x: float, y: float, w: float, h: float, v: Any, colour: str) -> None:
    """The value inside its bar segment when it fits there."""
    label = _label(v)
    if text_width(label) + 6 <= w and h >= LINE - 1:
        fr.svg.text(x + w / 2, y + h / 2 + 3.2, label, anchor="middle", fill=_text_colour_on(colour))


def stacked_bars(
    *,
    title: str,
    categories: Sequence[str],
    series: dict[str, Sequence[Any]],
    horizontal: bool = True,
    desc: str = "",
) -> Chart:
    """Stacked bars, horizontal by default (end reasons per year, gender split per work area)."""
    table = _series_table(categories, series)
    desc = desc or _series_desc(table)
    names = list(series)
    colours = [PALETTE[k % len(PALETTE)] for k in range(len(names))]
    n = len(categories)
    totals = [sum(_shown(vals[k]) for vals in series.values()) for k in range(n)]
    labels = [str(c) for c in categories]
    items = [_Item(name, c) for name, c in zip(names, colours, strict=True)]
    if horizontal:
        probe = _Frame(title, items)
        lines, _w = _row_labels(labels, 2 * LINE + 4)
        need = probe.top + sum(LINE * len(ls) + 8 for ls in lines) + LINE + 2 * PAD
        fr = _Frame(title, items, height=max(HEIGHT, need))
        bottom = fr.svg.height - PAD - LINE - 4
        band = (bottom - fr.top) / max(n, 1)
        lines, label_w = _row_labels(labels, band)
        scale = _scale(0, max(totals, default=0), integer=True, count=6)
        left = PAD + label_w + 8
        right = WIDTH - PAD - text_width(_number_tick(scale.ticks[-1], 0)) / 2
        scale.a, scale.b = left, right
        _value_axis_bottom(fr, scale, fr.top, bottom, _number_tick)
        centres = [fr.top + band * (k + 0.5) for k in range(n)]
        thick = band * 0.7
        for k, cy in enumerate(centres):
            base = 0.0
            for vals, colour in zip(series.values(), colours, strict=True):
                v = _shown(vals[k])
                x0, x1 = scale(base), scale(base + v)
                fr.svg.rect(x0, cy - thick / 2, x1 - x0, thick, colour)
                if v:
                    _segment_label(fr, x0, cy - thick / 2, x1 - x0, thick, vals[k], colour)
                base += v
        fr.svg.line(left, fr.top, left, bottom, AXIS_COLOUR, 1.0)
        _draw_row_labels(fr, lines, centres, left - 6)
        if not n:
            fr.empty_note(left, right, fr.top, bottom)
        return fr.finish(desc=desc, table=table)

    fr = _Frame(title, items)
    scale = _scale(0, max(totals, default=0), integer=True, count=5)
    left, right, slot, fit, bottom = _columns(scale, _number_tick, labels)
    scale.a, scale.b = bottom, fr.top + 4
    _value_axis_left(fr, scale, left, right, _number_tick)
    centres = [left + slot * (k + 0.5) for k in range(n)]
    bar_w = slot * 0.62
    for k, cx in enumerate(centres):
        base = 0.0
        for vals, colour in zip(series.values(), colours, strict=True):
            v = _shown(vals[k])
            y0, y1 = scale(base), scale(base + v)
            fr.svg.rect(cx - bar_w / 2, y1, bar_w, y0 - y1, colour)
            if v:
                _segment_label(fr, cx - bar_w / 2, y1, bar_w, y0 - y1, vals[k], colour)
            base += v
    fr.svg.line(left, bottom, right, bottom, AXIS_COLOUR, 1.0)
    _draw_categories(fr, fit, centres, bottom + 2)
    if not n:
        fr.empty_note(left, right, fr.top, bottom)
    return fr.finish(desc=desc, table=table)


def diverging_bars(
    *,
    title: str,
    items: Sequence[str],
    improved: Sequence[Any],
    unchanged: Sequence[Any],
    worsened: Sequence[Any],
    desc: str = "",
) -> Chart:
    """Progression per self-assessment item: worsened to the left, unchanged centred, improved to the right."""
    names = ("Försämrad", "Oförändrad", "Förbättrad")
    table = _series_table(items, dict(zip(names[::-1], (improved, unchanged, worsened), strict=True)))
    desc = desc or _series_desc(table)
    colours = (PALETTE[5], PALETTE[6], PALETTE[2])
    legend = [_Item(name, c) for name, c in zip(names, colours, strict=True)]
    n = len(items)
    probe = _Frame(title, legend)
    labels = [str(x) for x in items]
    lines, _w = _row_labels(labels, 2 * LINE + 4)
    need = probe.top + sum(LINE * len(ls) + 8 for ls in lines) + LINE + 2 * PAD
    height = max(72 * max(2.4, 0.45 * n + 1.2), need)
    fr = _Frame(title, legend, height=height)
    bottom = height - PAD - LINE - 4
    band = (bottom - fr.top) / max(n, 1)
    lines, label_w = _row_labels(labels, band)
    w = [_shown(v) for v in worsened]
    u = [_shown(v) for v in unchanged]
    i = [_shown(v) for v in improved]
    lo = min((-(a + b / 2) for a, b in zip(w, u, strict=True)), default=0)
    hi = max((c + b / 2 for c, b in zip(i, u, strict=True)), default=0)
    scale = _scale(lo, hi, integer=True, count=6)

    def fmt(x: float, decimals: int) -> str:
        return format_number(abs(x), decimals)

    left = PAD + label_w + 8 + text_width(fmt(scale.ticks[0], 0)) / 2
    right = WIDTH - PAD - text_width(fmt(scale.ticks[-1], 0)) / 2
    scale.a, scale.b = left, right
    _value_axis_bottom(fr, scale, fr.top, bottom, fmt)
    fr.svg.line(scale(0), fr.top, scale(0), bottom, "#333333", 1.0)
    centres = [fr.top + band * (k + 0.5) for k in range(n)]
    thick = band * 0.7
    for k, cy in enumerate(centres):
        y = cy - thick / 2
        spans = (
            (-(w[k] + u[k] / 2), -u[k] / 2, worsened[k]),
            (-u[k] / 2, u[k] / 2, unchanged[k]),
            (u[k] / 2, u[k] / 2 + i[k], improved[k]),
        )
        for (a, b, v), colour in zip(spans, colours, strict=True):
            fr.svg.rect(scale(a), y, scale(b) - scale(a), thick, colour)
            if b > a:
                _segment_label(fr, scale(a), y, scale(b) - scale(a), thick, v, colour)
    _draw_row_labels(fr, lines, centres, PAD + label_w + 2)
    if not n:
        fr.empty_note(left, right, fr.top, bottom)
    return fr.finish(desc=desc, table=table)


def grouped_bars(
    *,
    title: str,
    categories: Sequence[str],
    series: dict[str, Sequence[Any]],
    money: bool = False,
    desc: str = "",
) -> Chart:
    """Bars side by side per category (budget vs invoiced vs paid per quarter or budget category)."""
    fmt = (lambda v: _label(v) + "\xa0kr") if money else _label
    table = _series_table(categories, series, fmt=fmt)
    desc = desc or _series_desc(table)
    names = list(series)
    colours = [PALETTE[k % len(PALETTE)] for k in range(len(names))]
    fr = _Frame(title, [_Item(name, c) for name, c in zip(names, colours, strict=True)])
    nums = [[_shown(v) for v in vals] for vals in series.values()]
    flat = [v for vals in nums for v in vals]
    scale = _scale(min(flat, default=0), max(flat, default=0), integer=True, count=5)
    tick = _money_ticks(scale) if money else _number_tick
    n = len(categories)
    left, right, slot, fit, bottom = _columns(scale, tick, categories)
    scale.a, scale.b = bottom, fr.top + 4
    _value_axis_left(fr, scale, left, right, tick)
    group = slot * 0.8
    width = group / max(len(names), 1)
    zero = scale(0)
    centres = [left + slot * (k + 0.5) for k in range(n)]
    for s, (vals, colour) in enumerate(zip(nums, colours, strict=True)):
        for cx, v in zip(centres, vals, strict=True):
            y = scale(v)
            fr.svg.rect(cx - group / 2 + width * s + 0.5, min(y, zero), width - 1, abs(zero - y), colour)
    fr.svg.line(left, zero, right, zero, AXIS_COLOUR, 1.0)
    _draw_categories(fr, fit, centres, bottom + 2)
    if not n:
        fr.empty_note(left, right, fr.top, bottom)
    return fr.finish(desc=desc, table=table)


def _series_table(categories: Sequence[str], series: dict[str, Sequence[Any]], fmt=_label) -> dict:
    return {
        "columns": ["", *series.keys()],
        "rows": [[str(c), *(fmt(vals[k]) for vals in series.values())] for k, c in enumerate(categories)],
    }


def _series_desc(table: dict) -> str:
    names = table["columns"][1:]
    return "; ".join(
        f"{row[0]}: " + ", ".join(f"{n.lower()} {v}" for n, v in zip(names, row[1:], strict=True))
        for row in table["rows"]
    )


def _period(days: Sequence[dt.date]) -> str:
    return f"{days[0].isoformat()}–{days[-1].isoformat()}" if days else ""
