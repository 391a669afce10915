"""What every chart shares beyond the primitives: nice scales and ticks, and the frame (title, legend,
plot area, value axes, category and row labels). Geometry only, no domain figures."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from iop.templatetags.iop_format import format_number

from . import style
from .primitives import (
    Chart,
    _Svg,
    _truncate,
    _wrap,
    text_width,
)

# --- scales ------------------------------------------------------------------------------------


@dataclass
class _Scale:
    """A linear value scale from the domain [lo, hi] onto the pixel range [a, b] with nice ticks."""

    lo: float
    hi: float
    ticks: list[float]
    decimals: int
    a: float = 0.0
    b: float = 1.0

    def __call__(self, v: float) -> float:
        return self.a + (v - self.lo) / (self.hi - self.lo) * (self.b - self.a)


def nice_ticks(lo: float, hi: float, *, integer: bool = False, count: int = 5) -> tuple[list[float], int]:
    """Round ticks covering [lo, hi] (always including 0 when the range does): steps 1, 2, 2.5 or 5 × 10ⁿ,
    at most ``count + 1`` intervals; integer steps only when ``integer``. Returns the ticks and the number
    of decimals their labels need."""
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    if hi - lo < 1e-9:
        hi = lo + 1.0
    raw = (hi - lo) / max(count, 1)
    exp = math.floor(math.log10(raw))
    step = 0.0
    for e in (exp, exp + 1):
        for m in (1, 2, 2.5, 5):
            step = m * 10.0**e
            if integer and (step < 1 or step != int(step)):
                continue
            if (math.ceil(hi / step - 1e-9) - math.floor(lo / step + 1e-9)) <= count + 1:
                break
        else:
            continue
        break
    if integer:
        step = max(step, 1.0)
    first, last = math.floor(lo / step + 1e-9), math.ceil(hi / step - 1e-9)
    decimals = 0 if step >= 1 else len(f"{step:.6f}".rstrip("0").split(".")[1])
    ticks = [round(k * step, 10) for k in range(first, last + 1)]
    return ticks, decimals


def _scale(lo: float, hi: float, *, integer: bool, count: int) -> _Scale:
    ticks, decimals = nice_ticks(lo, hi, integer=integer, count=count)
    return _Scale(lo=ticks[0], hi=ticks[-1], ticks=ticks, decimals=decimals)


def _number_tick(x: float, decimals: int) -> str:
    return format_number(x, decimals)


def _money_ticks(scale: _Scale) -> Callable[[float, int], str]:
    """Money ticks in thousands of kronor (``1 750 tkr``, ``2,5 tkr``), in kronor for steps below 100 kr."""
    step = scale.ticks[1] - scale.ticks[0] if len(scale.ticks) > 1 else 1.0
    if step < 100:
        return lambda x, decimals: f"{format_number(x, decimals)}\xa0kr"
    d = 0 if step % 1000 == 0 else (1 if step % 100 == 0 else 2)
    return lambda x, _decimals: f"{format_number(x / 1000, d)}\xa0tkr"


# --- the frame every chart shares: title, legend, plot area -------------------------------------


@dataclass
class _Item:
    """A legend entry: a filled swatch, a line (with dash) or a short target mark."""

    name: str
    colour: str
    kind: str = "box"  # box | line | mark
    dash: str = ""


class _Frame:
    def __init__(self, title: str, items: Sequence[_Item], height: float = style.HEIGHT) -> None:
        self.svg = _Svg(style.WIDTH, height)
        self.title = title
        self.items = list(items)
        self.svg.text(
            style.PAD,
            style.PAD + style.TITLE_SIZE,
            _truncate(title, style.WIDTH - 2 * style.PAD, style.TITLE_SIZE, bold=True),
            size=style.TITLE_SIZE,
            bold=True,
        )
        self.top = style.PAD + style.TITLE_SIZE + 8 + self._legend(style.PAD + style.TITLE_SIZE + 8)

    def _legend(self, y0: float) -> float:
        """Draws the legend in rows under the title; returns its height."""
        if not self.items:
            return 0.0
        x, y = style.PAD, y0
        for item in self.items:
            label = _truncate(item.name, style.WIDTH * 0.6)
            swatch = 14 if item.kind == "box" else 22
            w = swatch + text_width(label) + 16
            if x > style.PAD and x + w > style.WIDTH - style.PAD:
                x, y = style.PAD, y + style.LINE + 2
            cy = y + 4.5
            if item.kind == "box":
                self.svg.rect(x, cy - 5, 10, 10, item.colour)
            elif item.kind == "mark":
                self.svg.line(x, cy, x + 18, cy, item.colour, 2.5)
            else:
                self.svg.line(x, cy, x + 18, cy, item.colour, 1.6, item.dash)
            self.svg.text(x + swatch, cy + 3.2, label)
            x += w
        return y - y0 + style.LINE + 6

    def empty_note(self, x0: float, x1: float, y0: float, y1: float) -> None:
        self.svg.text(
            (x0 + x1) / 2,
            (y0 + y1) / 2,
            _("Inga uppgifter att visa"),
            anchor="middle",
            fill=style.MUTED_COLOUR,
            italic=True,
        )

    def finish(self, *, desc: str, table: dict) -> Chart:
        return Chart(
            title=self.title,
            desc=desc,
            svg=self.svg.render(title=self.title, desc=desc),
            table={"caption": self.title, **table},
        )


def _value_axis_left(fr: _Frame, scale: _Scale, left: float, right: float, fmt) -> None:
    """Horizontal grid lines with tick labels to the left of the plot (a vertical value axis)."""
    for t in scale.ticks:
        y = scale(t)
        fr.svg.line(
            left, y, right, y, style.AXIS_COLOUR if t == 0 else style.GRID_COLOUR, 1.0 if t == 0 else 0.6
        )
        fr.svg.text(left - 5, y + 3.2, fmt(t, scale.decimals), anchor="end", fill=style.MUTED_COLOUR)


def _value_axis_bottom(fr: _Frame, scale: _Scale, top: float, bottom: float, fmt) -> None:
    """Vertical grid lines with tick labels under the plot (a horizontal value axis)."""
    for t in scale.ticks:
        x = scale(t)
        fr.svg.line(
            x, top, x, bottom, style.AXIS_COLOUR if t == 0 else style.GRID_COLOUR, 1.0 if t == 0 else 0.6
        )
        fr.svg.text(x, bottom + style.LINE, fmt(t, scale.decimals), anchor="middle", fill=style.MUTED_COLOUR)


def _tick_width(scale: _Scale, fmt) -> float:
    return max(text_width(fmt(t, scale.decimals)) for t in scale.ticks)


@dataclass
class _CategoryLabels:
    """How category labels under vertical bars fit their slots: side by side, wrapped, or rotated."""

    lines: list[list[str]]
    rotated: bool
    height: float
    overhang: float = 0.0  # how far the first (rotated) label reaches left of its slot's centre


def _fit_categories(labels: Sequence[str], slot: float) -> _CategoryLabels:
    room = max(slot - 6, 10)
    if all(text_width(s) <= room for s in labels):
        return _CategoryLabels([[s] for s in labels], False, style.LINE + 4)
    wrapped = [_wrap(s, room) for s in labels]
    if " ".join(" ".join(ls) for ls in wrapped) == " ".join(" ".join(s.split()) for s in labels):
        return _CategoryLabels(wrapped, False, style.LINE * max(len(ls) for ls in wrapped) + 4)
    cut = [[_truncate(s, 130)] for s in labels]
    longest = max(text_width(ls[0]) for ls in cut)
    return _CategoryLabels(
        cut,
        True,
        longest * math.sin(math.radians(35)) + style.LINE + 2,
        text_width(cut[0][0]) * math.cos(math.radians(35)),
    )


def _make_room(fit: _CategoryLabels, left: float, right: float, n: int) -> tuple[float, float]:
    """Moves the plot's left edge so that the first rotated label stays inside the drawing."""
    slot = (right - left) / max(n, 1)
    reach = fit.overhang - slot / 2 - 3
    if reach > left - style.PAD:
        left = min(style.PAD + reach, (left + right) / 2)
        slot = (right - left) / max(n, 1)
    return left, slot


def _draw_categories(fr: _Frame, fit: _CategoryLabels, centres: Sequence[float], y: float) -> None:
    for lines, x in zip(fit.lines, centres, strict=True):
        if fit.rotated:
            fr.svg.text(x + 3, y + style.LINE - 2, lines[0], anchor="end", rotate=-35)
        else:
            for k, line in enumerate(lines):
                fr.svg.text(x, y + style.LINE * (k + 1) - 1, line, anchor="middle")


def _row_labels(labels: Sequence[str], band: float) -> tuple[list[list[str]], float]:
    """Category labels left of horizontal bars: wrapped to the lines the band has room for (at most two),
    at most 38 % of the width; returns the lines and the width they need."""
    max_w = style.WIDTH * 0.38
    max_lines = 2 if band >= 2 * style.LINE else 1
    lines = [_wrap(s, max_w, max_lines=max_lines) if text_width(s) > max_w else [s] for s in labels]
    width = max((text_width(line) for ls in lines for line in ls), default=0.0)
    return lines, width


def _draw_row_labels(fr: _Frame, lines: list[list[str]], centres: Sequence[float], x: float) -> None:
    for ls, cy in zip(lines, centres, strict=True):
        first = cy + 3.2 - (len(ls) - 1) * style.LINE / 2
        for k, line in enumerate(ls):
            fr.svg.text(x, first + k * style.LINE, line, anchor="end")
