"""Bar charts: a bar per category against a target, stacked, diverging and grouped bars."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from iop.templatetags.iop_format import format_number

from . import style
from .frame import (
    _CategoryLabels,
    _draw_categories,
    _draw_row_labels,
    _fit_categories,
    _Frame,
    _Item,
    _make_room,
    _money_ticks,
    _number_tick,
    _row_labels,
    _Scale,
    _scale,
    _tick_width,
    _value_axis_bottom,
    _value_axis_left,
)
from .primitives import (
    Chart,
    _label,
    _shown,
    _text_colour_on,
    _value,
    text_width,
)


def _columns(
    scale: _Scale, tick, labels: Sequence[Any]
) -> tuple[float, float, float, _CategoryLabels, float]:
    """The plot area of a chart with one column per category below a value axis on the left:
    (left, right, slot width, the fitted category labels, the bottom of the plot)."""
    left = style.PAD + _tick_width(scale, tick) + 8
    right = style.WIDTH - style.PAD - 4
    n = len(labels)
    fit = _fit_categories([str(s) for s in labels], (right - left) / max(n, 1))
    left, slot = _make_room(fit, left, right, n)
    return left, right, slot, fit, style.HEIGHT - style.PAD - fit.height


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
    has_goal = [(v := _value(t)) is not None and not math.isnan(v) for t in target_list]

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
            _Item(value_name, style.PALETTE[0]),
            *(
                [
                    _Item(
                        target_name,
                        style.TARGET_COLOUR,
                        "mark" if per_bar else "line",
                        "" if per_bar else "5 3",
                    )
                ]
                if any(has_goal)
                else []
            ),
        ],
    )
    scale = _scale(min(nums + goals, default=0), max(nums + goals, default=0), integer=True, count=5)
    n = len(labels)
    left, right, slot, fit, bottom = _columns(scale, _number_tick, labels)
    top = fr.top + style.LINE + 2  # room for the value labels above the highest bar
    scale.a, scale.b = bottom, top
    _value_axis_left(fr, scale, left, right, _number_tick)
    centres = [left + slot * (k + 0.5) for k in range(n)]
    bar_w = slot * 0.62
    zero = scale(0)
    for x, n_value in zip(centres, nums, strict=True):
        y = scale(n_value)
        fr.svg.rect(x - bar_w / 2, min(y, zero), bar_w, abs(zero - y), style.PALETTE[0])
    if per_bar:
        for x, g, shown in zip(centres, goals, has_goal, strict=True):
            if shown:
                fr.svg.line(x - bar_w * 0.62, scale(g), x + bar_w * 0.62, scale(g), style.TARGET_COLOUR, 2.5)
    elif labels and has_goal[0]:
        y = scale(goals[0])
        fr.svg.line(left, y, right, y, style.TARGET_COLOUR, 1.5, "5 3")
    for x, v, n_value, g, shown in zip(centres, values, nums, goals, has_goal, strict=True):
        y = min(scale(n_value), zero) - 3
        g_y = scale(g) if per_bar and shown else None
        if g_y is not None and y - style.LINE + 3 < g_y + 2 and y + 2 > g_y - 2:
            y = g_y - 4  # keep the value clear of its target mark
        fr.svg.text(
            x,
            y,
            _label(v),
            anchor="middle",
            fill=style.MUTED_COLOUR if nums and _value(v) is None else style.TEXT_COLOUR,
        )
    fr.svg.line(left, zero, right, zero, style.AXIS_COLOUR, 1.0)
    _draw_categories(fr, fit, centres, bottom + 2)
    if not labels:
        fr.empty_note(left, right, top, bottom)
    return fr.finish(desc=desc, table=table)


def _segment_label(fr: _Frame, x: float, y: float, w: float, h: float, v: Any, colour: str) -> None:
    """The value inside its bar segment when it fits there."""
    label = _label(v)
    if text_width(label) + 6 <= w and h >= style.LINE - 1:
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
    colours = [style.PALETTE[k % len(style.PALETTE)] for k in range(len(names))]
    n = len(categories)
    totals = [sum(_shown(vals[k]) for vals in series.values()) for k in range(n)]
    labels = [str(c) for c in categories]
    items = [_Item(name, c) for name, c in zip(names, colours, strict=True)]
    if horizontal:
        probe = _Frame(title, items)
        lines, _w = _row_labels(labels, 2 * style.LINE + 4)
        need = probe.top + sum(style.LINE * len(ls) + 8 for ls in lines) + style.LINE + 2 * style.PAD
        fr = _Frame(title, items, height=max(style.HEIGHT, need))
        bottom = fr.svg.height - style.PAD - style.LINE - 4
        band = (bottom - fr.top) / max(n, 1)
        lines, label_w = _row_labels(labels, band)
        scale = _scale(0, max(totals, default=0), integer=True, count=6)
        left = style.PAD + label_w + 8
        right = style.WIDTH - style.PAD - text_width(_number_tick(scale.ticks[-1], 0)) / 2
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
        fr.svg.line(left, fr.top, left, bottom, style.AXIS_COLOUR, 1.0)
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
    fr.svg.line(left, bottom, right, bottom, style.AXIS_COLOUR, 1.0)
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
    colours = (style.PALETTE[5], style.PALETTE[6], style.PALETTE[2])
    legend = [_Item(name, c) for name, c in zip(names, colours, strict=True)]
    n = len(items)
    probe = _Frame(title, legend)
    labels = [str(x) for x in items]
    lines, _w = _row_labels(labels, 2 * style.LINE + 4)
    need = probe.top + sum(style.LINE * len(ls) + 8 for ls in lines) + style.LINE + 2 * style.PAD
    height = max(72 * max(2.4, 0.45 * n + 1.2), need)
    fr = _Frame(title, legend, height=height)
    bottom = height - style.PAD - style.LINE - 4
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

    left = style.PAD + label_w + 8 + text_width(fmt(scale.ticks[0], 0)) / 2
    right = style.WIDTH - style.PAD - text_width(fmt(scale.ticks[-1], 0)) / 2
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
    _draw_row_labels(fr, lines, centres, style.PAD + label_w + 2)
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
    colours = [style.PALETTE[k % len(style.PALETTE)] for k in range(len(names))]
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
    fr.svg.line(left, zero, right, zero, style.AXIS_COLOUR, 1.0)
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
