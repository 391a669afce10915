"""Drawing primitives of the charts: colours and sizes, the `Chart` result, values and their
Swedish labels, SVG text with its escaping and DejaVu Sans text widths, and the SVG builder."""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from iop.templatetags.iop_format import format_number

from .style import FONT_FAMILY, FONT_SIZE, SVG_NS, TEXT_COLOUR


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

    @property
    def inline(self) -> SafeString:
        """The SVG for a page that shows it inline: every text in it is escaped when it is drawn."""
        return mark_safe(self.svg)  # noqa: S308  # nosec B308 B703

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
