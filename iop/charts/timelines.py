"""Charts over time: a daily series against a limit and a cumulative series against a target."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence

from django.utils import dateformat

from iop.templatetags.iop_format import format_number

from . import style
from .frame import _Frame, _Item, _number_tick, _scale, _tick_width, _value_axis_left
from .primitives import (
    Chart,
    _f,
    _finite,
    _num,
    text_width,
)


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
            fr.svg.line(x0, y, x0, y + 4, style.AXIS_COLOUR, 0.8)
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
        fr.svg.text(cx, y + style.LINE + 1, label, anchor="middle", fill=style.MUTED_COLOUR)
        if first_labelled or m.month == 1:
            fr.svg.text(cx, y + 2 * style.LINE + 1, str(m.year), anchor="middle", fill=style.MUTED_COLOUR)
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
    left = style.PAD + _tick_width(scale, _number_tick) + 8
    right = style.WIDTH - style.PAD - 8
    top = fr.top + 4
    bottom = style.HEIGHT - style.PAD - 2 * style.LINE - 6
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
    fr.svg.line(left, bottom, right, bottom, style.AXIS_COLOUR, 1.0)
    _date_axis(fr, start, end, left, right, bottom)
    if not shown:
        fr.empty_note(left, right, top, bottom)
    return fr


def line_vs_limit(
    *,
    title: str,
    days: Sequence[dt.date],
    values: Sequence[float],
    limit: float | None,
    value_name: str = "Platser i bruk",
    limit_name: str = "Platstak",
    desc: str = "",
) -> Chart:
    """A step line per day (e.g. occupied places) against a horizontal limit (the 24 places); without a
    limit (None) the line alone."""
    shown = _finite(values)
    peak = max(shown) if shown else 0
    if limit is None:
        desc = desc or f"{value_name} per dag {_period(days)}. Högst {format_number(peak)}."
        table = {
            "columns": ["Datum", value_name],
            "rows": [[d.isoformat(), _num(v)] for d, v in zip(days, values, strict=True)],
        }
    else:
        at_limit = sum(1 for v in values if v >= limit)
        limit_text = format_number(limit)
        desc = desc or (
            f"{value_name} per dag {_period(days)}. Högst {format_number(peak)} mot taket "
            f"{format_number(limit)}; {at_limit} dagar med fullt."
        )
        table = {
            "columns": ["Datum", value_name, limit_name],
            "rows": [[d.isoformat(), _num(v), limit_text] for d, v in zip(days, values, strict=True)],
        }
    lines = (
        []
        if limit is None
        else [
            (
                _Item(f"{limit_name} ({format_number(limit)})", style.TARGET_COLOUR, "line", "5 3"),
                float(limit),
            )
        ]
    )
    fr = _time_chart(
        title=title,
        days=days,
        values=values,
        start=days[0] if days else None,
        end=days[-1] if days else None,
        value_item=_Item(value_name, style.PALETTE[0], "line"),
        lines=lines,
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
        value_item=_Item(value_name, style.PALETTE[0], "line"),
        slope=(_Item(f"{target_name} i jämn takt", style.TARGET_COLOUR, "line", "1.5 2.5"), float(target)),
        lines=[
            (
                _Item(f"{target_name} ({format_number(target)})", style.TARGET_COLOUR, "line", "5 3"),
                float(target),
            )
        ],
    )
    return fr.finish(desc=desc, table=table)


def _period(days: Sequence[dt.date]) -> str:
    return f"{days[0].isoformat()}–{days[-1].isoformat()}" if days else ""
