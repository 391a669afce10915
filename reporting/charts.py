"""The one chart module: server-side SVG charts for dashboards and PDFs, drawn directly as SVG text.

Every function returns a :class:`Chart`: the SVG text (with ``<title>`` and ``<desc>`` for assistive
technology, ``role="img"``, text kept as ``<text>``, byte-for-byte deterministic) and a data table with the
same figures for screen readers and exports.

Pages show charts as ``<img src="data:image/svg+xml;base64,…" alt="…">`` (see ``Chart.data_uri`` and
``templates/reporting/includes/chart.html``): an SVG image is a separate document, so the page's strict
Content-Security-Policy does not govern it. The SVG uses presentation attributes only (no ``style``), which
browsers and WeasyPrint's SVG renderer both draw; WeasyPrint renders the same data URI with its text as text.

Values may be plain numbers or :class:`reporting.disclosure.Cell` objects: a suppressed cell draws
nothing and its label (``<3``) goes into the data table. Numbers are formatted the Swedish way
(``iop_format.format_number``), colours are the Malmö blue and the colour-blind-safe Okabe–Ito companions.

The geometry is computed here: text widths come from DejaVu Sans advance widths (the font the PDFs use;
browsers without it fall back to Verdana or another sans-serif of similar or narrower width), so labels
are wrapped, rotated or shortened with "…" before they could overlap. The full labels stay in the table.
"""

from __future__ import annotations

import base64
import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from iop.templatetags.iop_format import format_number

SVG_NS = "http://www.w3.org/2000/svg"
# Malmö blue, then colour-blind-safe companions (Okabe–Ito).
PALETTE = ["#0f4c81", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#999999"]
TARGET_COLOUR = "#b00020"
TEXT_COLOUR = "#212529"
MUTED_COLOUR = "#495057"
AXIS_COLOUR = "#6c757d"
GRID_COLOUR = "#e3e6ea"
FONT_FAMILY = "DejaVu Sans, Verdana, Geneva, sans-serif"
FONT_SIZE = 9.0
TITLE_SIZE = 11.0
# The drawing size in points (7 × 3.4 inches): 672 × 326 CSS pixels on screen, scaled to the text width in PDFs.
WIDTH = 504.0
HEIGHT = 244.8
PAD = 6.0
LINE = 12.0  # the height of one line of 9 pt text
SV_MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


@dataclass
class Chart:
    """An SVG chart with its text alternative and data table."""

    title: str
    desc: str
    svg: str
    table: dict[str, Any] = field(default_factory=dict)

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")

    def __str__(self) -> str:
        return self.svg


# --- values and labels -------------------------------------------------------------------------


def _value(v: Any) -> float | None:
    if v is None:
        return None
    if hasattr(v, "suppressed"):
        return None if v.suppressed else float(v.value)
    return float(v)


def _shown(v: Any) -> float:
    """What is drawn: a hidden (suppressed, None or NaN) value draws nothing, i.e. 0."""
    n = _value(v)
    return 0.0 if n is None or math.isnan(n) else n


def _label(v: Any, decimals: int = 0) -> str:
    if v is None:
        return "–"
    if hasattr(v, "label"):
        return v.label
    return format_number(v, decimals)


def _num(v: float) -> str:
    """A table number; a hidden (NaN) value of a protected series prints as "–"."""
    return "–" if isinstance(v, float) and math.isnan(v) else format_number(v)


def _finite(values: Sequence[float]) -> list[float]:
    return [v for v in values if v is not None and not math.isnan(v)]


# --- SVG text ----------------------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _esc(text: Any) -> str:
    """Text for XML content and attribute values (characters XML cannot carry are dropped)."""
    s = _NOT_XML.sub("", str(text))
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _f(x: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros, never "-0"."""
    s = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _widths(groups: dict[int, str]) -> dict[str, int]:
    return {ch: w for w, chars in groups.items() for ch in chars}


# DejaVu Sans advance widths in thousandths of an em (regular and bold), grouped by width.
_WIDTHS = _widths(
    {
        200: "\u202f",
        275: "'",
        278: "ijlìíîï",
        295: "IJÌÍÎÏ",
        318: " ,.\xa0·’‘",
        337: "/:;\\|¦",
        352: "f",
        361: "-\xad",
        390: "()[]",
        392: "t",
        401: "!¡²³¹",
        411: "r",
        460: '"',
        471: "ªº",
        500: "*_`§¨¯°´¸–",
        518: "“”",
        521: "s",
        525: "z",
        531: "?¿",
        550: "cç",
        557: "L",
        575: "F",
        579: "k",
        592: "vxyýÿ",
        603: "P",
        605: "Þ",
        611: "TYÝ",
        612: "o«»ðòóôõöø",
        613: "aàáâãäå",
        615: "eèéêë",
        630: "ß",
        632: "EÈÉÊË",
        634: "hnuñùúûü",
        635: "Sbdgpqþ",
        636: "$0123456789{}¢£¤¥µ¶€",
        656: "K",
        684: "AVÀÁÂÃÄÅ",
        685: "XZ",
        686: "B",
        695: "R",
        698: "CÇ",
        732: "UÙÚÛÜ",
        748: "NÑ",
        752: "H",
        770: "D",
        775: "GÐ",
        780: "&",
        787: "OQÒÓÔÕÖØ",
        818: "w",
        838: "#+<=>^~¬±×÷−",
        863: "M",
        950: "%",
        969: "¼½¾",
        974: "mÆ",
        982: "æ",
        989: "W",
        1000: "@©®—…",
    }
)
_BOLD_WIDTHS = _widths(
    {
        200: "\u202f",
        306: "'",
        343: "ijlìíîï",
        348: " \xa0",
        365: "/\\|¦",
        372: "IJÌÍÎÏ",
        380: ",.·’‘",
        400: ":;",
        415: "-\xad",
        435: "f",
        438: "²³¹",
        456: "!¡",
        457: "()[]",
        478: "t",
        493: "r",
        500: "_`§¨¯°´¸–",
        521: '"',
        523: "*",
        564: "ªº",
        580: "?¿",
        582: "z",
        593: "cç",
        595: "s",
        636: "¤¶",
        637: "L",
        645: "x",
        646: "«»",
        652: "vyýÿ",
        657: "“”",
        665: "k",
        675: "aàáâãäå",
        678: "eèéêë",
        682: "T",
        683: "EFÈÉÊË",
        687: "oðòóôõöø",
        696: "$0123456789¢£¥€",
        712: "hnu{}ñùúûü",
        716: "bdgpqþ",
        719: "ß",
        720: "S",
        724: "YÝ",
        725: "Z",
        733: "P",
        734: "CÇ",
        736: "µ",
        738: "Þ",
        762: "B",
        770: "R",
        771: "X",
        774: "AVÀÁÂÃÄÅ",
        775: "K",
        812: "UÙÚÛÜ",
        821: "G",
        830: "D",
        837: "HNÑ",
        838: "#+<=>^~¬±Ð×÷−",
        850: "OQÒÓÔÕÖØ",
        872: "&",
        924: "w",
        995: "M",
        1000: "@©®—…",
        1002: "%",
        1035: "¼½¾",
        1042: "m",
        1048: "æ",
        1085: "Æ",
        1103: "W",
    }
)


def text_width(text: str, size: float = FONT_SIZE, *, bold: bool = False) -> float:
    """The advance width of ``text`` in DejaVu Sans at ``size`` (user units), unknown characters wide."""
    table = _BOLD_WIDTHS if bold else _WIDTHS
    return sum(table.get(ch, 1000 if ord(ch) > 0x2E80 else 700) for ch in text) * size / 1000


def _truncate(text: str, max_width: float, size: float = FONT_SIZE, *, bold: bool = False) -> str:
    if text_width(text, size, bold=bold) <= max_width:
        return text
    cut = text
    while cut and text_width(cut.rstrip() + "…", size, bold=bold) > max_width:
        cut = cut[:-1]
    return cut.rstrip(" ,.;:-–") + "…"


def _wrap(text: str, max_width: float, size: float = FONT_SIZE, max_lines: int = 2) -> list[str]:
    """Greedy word wrap into at most ``max_lines`` lines; what does not fit ends in "…"."""
    words = text.split()
    if not words:
        return [""]
    lines: list[str] = []
    current = ""
    for k, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size) <= max_width or not current:
            current = candidate
            continue
        lines.append(current)
        if len(lines) == max_lines - 1:
            current = " ".join(words[k:])
            break
        current = word
    lines.append(current)
    return [_truncate(line, max_width, size) for line in lines]


def _text_colour_on(fill: str) -> str:
    """White or near-black text, whichever contrasts more with ``fill``."""

    def lum(hex_colour: str) -> float:
        chans = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in chans]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    bg = lum(fill)
    return "#ffffff" if (1.05 / (bg + 0.05)) >= ((bg + 0.05) / (lum("#1a1a1a") + 0.05)) else "#1a1a1a"


class _Svg:
    """Collects SVG elements as text; every text and attribute value goes through ``_esc``."""

    def __init__(self, width: float, height: float) -> None:
        self.width = width
        self.height = height
        self.parts: list[str] = []

    def rect(self, x: float, y: float, w: float, h: float, fill: str) -> None:
        if w <= 0.005 or h <= 0.005:
            return
        self.parts.append(f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="{_f(h)}" fill="{fill}"/>')

    def line(
        self, x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 1.0, dash: str = ""
    ) -> None:
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(
            f'<line x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" stroke="{stroke}" '
            f'stroke-width="{_f(width)}"{extra}/>'
        )

    def path(self, d: str, stroke: str, width: float = 1.5, dash: str = "") -> None:
        if not d:
            return
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(
            f'<path d="{d}" fill="none" stroke="{stroke}" stroke-width="{_f(width)}" '
            f'stroke-linejoin="round"{extra}/>'
        )

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        size: float = FONT_SIZE,
        anchor: str = "start",
        fill: str = TEXT_COLOUR,
        bold: bool = False,
        rotate: float = 0.0,
        italic: bool = False,
    ) -> None:
        attrs = [f'x="{_f(x)}"', f'y="{_f(y)}"']
        if size != FONT_SIZE:
            attrs.append(f'font-size="{_f(size)}"')
        if anchor != "start":
            attrs.append(f'text-anchor="{anchor}"')
        if fill != TEXT_COLOUR:
            attrs.append(f'fill="{fill}"')
        if bold:
            attrs.append('font-weight="bold"')
        if italic:
            attrs.append('font-style="italic"')
        if rotate:
            attrs.append(f'transform="rotate({_f(rotate)} {_f(x)} {_f(y)})"')
        self.parts.append(f"<text {' '.join(attrs)}>{_esc(text)}</text>")

    def render(self, *, title: str, desc: str) -> str:
        head = (
            f'<svg xmlns="{SVG_NS}" version="1.1" width="{_f(self.width)}pt" height="{_f(self.height)}pt" '
            f'viewBox="0 0 {_f(self.width)} {_f(self.height)}" role="img" '
            f'aria-labelledby="chart-title chart-desc" font-family="{_esc(FONT_FAMILY)}" '
            f'font-size="{_f(FONT_SIZE)}" fill="{TEXT_COLOUR}">'
            f'<title id="chart-title">{_esc(title)}</title><desc id="chart-desc">{_esc(desc)}</desc>'
            f'<rect width="{_f(self.width)}" height="{_f(self.height)}" fill="#ffffff"/>'
        )
        return head + "".join(self.parts) + "</svg>"


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
    def __init__(self, title: str, items: Sequence[_Item], height: float = HEIGHT) -> None:
        self.svg = _Svg(WIDTH, height)
        self.title = title
        self.items = list(items)
        self.svg.text(
            PAD,
            PAD + TITLE_SIZE,
            _truncate(title, WIDTH - 2 * PAD, TITLE_SIZE, bold=True),
            size=TITLE_SIZE,
            bold=True,
        )
        self.top = PAD + TITLE_SIZE + 8 + self._legend(PAD + TITLE_SIZE + 8)

    def _legend(self, y0: float) -> float:
        """Draws the legend in rows under the title; returns its height."""
        if not self.items:
            return 0.0
        x, y = PAD, y0
        for item in self.items:
            label = _truncate(item.name, WIDTH * 0.6)
            swatch = 14 if item.kind == "box" else 22
            w = swatch + text_width(label) + 16
            if x > PAD and x + w > WIDTH - PAD:
                x, y = PAD, y + LINE + 2
            cy = y + 4.5
            if item.kind == "box":
                self.svg.rect(x, cy - 5, 10, 10, item.colour)
            elif item.kind == "mark":
                self.svg.line(x, cy, x + 18, cy, item.colour, 2.5)
            else:
                self.svg.line(x, cy, x + 18, cy, item.colour, 1.6, item.dash)
            self.svg.text(x + swatch, cy + 3.2, label)
            x += w
        return y - y0 + LINE + 6

    def empty_note(self, x0: float, x1: float, y0: float, y1: float) -> None:
        self.svg.text(
            (x0 + x1) / 2,
            (y0 + y1) / 2,
            _("Inga uppgifter att visa"),
            anchor="middle",
            fill=MUTED_COLOUR,
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
        fr.svg.line(left, y, right, y, AXIS_COLOUR if t == 0 else GRID_COLOUR, 1.0 if t == 0 else 0.6)
        fr.svg.text(left - 5, y + 3.2, fmt(t, scale.decimals), anchor="end", fill=MUTED_COLOUR)


def _value_axis_bottom(fr: _Frame, scale: _Scale, top: float, bottom: float, fmt) -> None:
    """Vertical grid lines with tick labels under the plot (a horizontal value axis)."""
    for t in scale.ticks:
        x = scale(t)
        fr.svg.line(x, top, x, bottom, AXIS_COLOUR if t == 0 else GRID_COLOUR, 1.0 if t == 0 else 0.6)
        fr.svg.text(x, bottom + LINE, fmt(t, scale.decimals), anchor="middle", fill=MUTED_COLOUR)


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
        return _CategoryLabels([[s] for s in labels], False, LINE + 4)
    wrapped = [_wrap(s, room) for s in labels]
    if " ".join(" ".join(ls) for ls in wrapped) == " ".join(" ".join(s.split()) for s in labels):
        return _CategoryLabels(wrapped, False, LINE * max(len(ls) for ls in wrapped) + 4)
    cut = [[_truncate(s, 130)] for s in labels]
    longest = max(text_width(ls[0]) for ls in cut)
    return _CategoryLabels(
        cut,
        True,
        longest * math.sin(math.radians(35)) + LINE + 2,
        text_width(cut[0][0]) * math.cos(math.radians(35)),
    )


def _make_room(fit: _CategoryLabels, left: float, right: float, n: int) -> tuple[float, float]:
    """Moves the plot's left edge so that the first rotated label stays inside the drawing."""
    slot = (right - left) / max(n, 1)
    reach = fit.overhang - slot / 2 - 3
    if reach > left - PAD:
        left = min(PAD + reach, (left + right) / 2)
        slot = (right - left) / max(n, 1)
    return left, slot


def _draw_categories(fr: _Frame, fit: _CategoryLabels, centres: Sequence[float], y: float) -> None:
    for lines, x in zip(fit.lines, centres, strict=True):
        if fit.rotated:
            fr.svg.text(x + 3, y + LINE - 2, lines[0], anchor="end", rotate=-35)
        else:
            for k, line in enumerate(lines):
                fr.svg.text(x, y + LINE * (k + 1) - 1, line, anchor="middle")


def _row_labels(labels: Sequence[str], band: float) -> tuple[list[list[str]], float]:
    """Category labels left of horizontal bars: wrapped to the lines the band has room for (at most two),
    at most 38 % of the width; returns the lines and the width they need."""
    max_w = WIDTH * 0.38
    max_lines = 2 if band >= 2 * LINE else 1
    lines = [_wrap(s, max_w, max_lines=max_lines) if text_width(s) > max_w else [s] for s in labels]
    width = max((text_width(line) for ls in lines for line in ls), default=0.0)
    return lines, width


def _draw_row_labels(fr: _Frame, lines: list[list[str]], centres: Sequence[float], x: float) -> None:
    for ls, cy in zip(lines, centres, strict=True):
        first = cy + 3.2 - (len(ls) - 1) * LINE / 2
        for k, line in enumerate(ls):
            fr.svg.text(x, first + k * LINE, line, anchor="end")


# --- the charts --------------------------------------------------------------------------------


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
            _Item(target_name, TARGET_COLOUR, "mark" if per_bar else "line", "" if per_bar else "5 3"),
        ],
    )
    scale = _scale(min(nums + goals, default=0), max(nums + goals, default=0), integer=True, count=5)
    left = PAD + _tick_width(scale, _number_tick) + 8
    right = WIDTH - PAD - 4
    n = len(labels)
    slot = (right - left) / max(n, 1)
    fit = _fit_categories([str(s) for s in labels], slot)
    left, slot = _make_room(fit, left, right, n)
    top = fr.top + LINE + 2  # room for the value labels above the highest bar
    bottom = HEIGHT - PAD - fit.height
    scale.a, scale.b = bottom, top
    _value_axis_left(fr, scale, left, right, _number_tick)
    centres = [left + slot * (k + 0.5) for k in range(n)]
    bar_w = slot * 0.62
    zero = scale(0)
    for x, n_value in zip(centres, nums, strict=True):
        y = scale(n_value)
        fr.svg.rect(x - bar_w / 2, min(y, zero), bar_w, abs(zero - y), PALETTE[0])
    if per_bar:
        for x, g in zip(centres, goals, strict=True):
            fr.svg.line(x - bar_w * 0.62, scale(g), x + bar_w * 0.62, scale(g), TARGET_COLOUR, 2.5)
    elif labels:
        y = scale(goals[0])
        fr.svg.line(left, y, right, y, TARGET_COLOUR, 1.5, "5 3")
    for x, v, n_value, g in zip(centres, values, nums, goals, strict=True):
        y = min(scale(n_value), zero) - 3
        g_y = scale(g) if per_bar else None
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
        label = SV_MONTHS[m.month - 1]
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
    left = PAD + _tick_width(scale, _number_tick) + 8
    right = WIDTH - PAD - 4
    slot = (right - left) / max(n, 1)
    fit = _fit_categories(labels, slot)
    left, slot = _make_room(fit, left, right, n)
    bottom = HEIGHT - PAD - fit.height
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
    left = PAD + _tick_width(scale, tick) + 8
    right = WIDTH - PAD - 4
    n = len(categories)
    slot = (right - left) / max(n, 1)
    fit = _fit_categories([str(c) for c in categories], slot)
    left, slot = _make_room(fit, left, right, n)
    bottom = HEIGHT - PAD - fit.height
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
