"""The one chart module: server-side SVG charts for dashboards and PDFs (matplotlib's SVG backend).

Every function returns a :class:`Chart`: the SVG text (with ``<title>`` and ``<desc>`` for assistive
technology, text kept as text with ``svg.fonttype='none'``, byte-for-byte deterministic) and a data table
with the same figures for screen readers and exports.

Pages show charts as ``<img src="data:image/svg+xml;base64,…" alt="…">`` (see ``Chart.data_uri`` and
``templates/reporting/includes/chart.html``): matplotlib writes ``style="…"`` attributes and a ``<style>``
element, which the strict Content-Security-Policy (``style-src 'self'``) blocks in inline SVG, while an
SVG image is a separate document whose own styles the page's CSP does not govern. WeasyPrint renders the
same data URI with its text as text.

Values may be plain numbers or :class:`reporting.disclosure.Cell` objects: a suppressed cell draws
nothing and its label (``<3``) goes into the data table.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import matplotlib
from cycler import cycler

matplotlib.use("Agg")

from lxml import etree  # noqa: E402
from matplotlib.backends.backend_svg import FigureCanvasSVG  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from iop.templatetags.iop_format import format_number  # noqa: E402

SVG_NS = "http://www.w3.org/2000/svg"
# Malmö blue, then colour-blind-safe companions (Okabe–Ito).
PALETTE = ["#0f4c81", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#999999"]
TARGET_COLOUR = "#b00020"
RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "iop-reporting",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.prop_cycle": cycler(color=PALETTE),
    "path.simplify": False,
}
FIGSIZE = (7.0, 3.4)


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


def _value(v: Any) -> float | None:
    if v is None:
        return None
    if hasattr(v, "suppressed"):
        return None if v.suppressed else float(v.value)
    return float(v)


def _label(v: Any, decimals: int = 0) -> str:
    if v is None:
        return "–"
    if hasattr(v, "label"):
        return v.label
    return format_number(v, decimals)


def _num(v: float) -> str:
    """A table number; a hidden (NaN) value of a protected series prints as "–"."""
    return "–" if isinstance(v, float) and math.isnan(v) else format_number(v)


def _sv_number(x: float, _pos: Any = None) -> str:
    return format_number(x, 0)


def _new_figure(figsize: tuple[float, float] = FIGSIZE) -> tuple[Figure, Any]:
    fig = Figure(figsize=figsize, layout="constrained")
    FigureCanvasSVG(fig)
    ax = fig.add_subplot()
    ax.yaxis.set_major_formatter(FuncFormatter(_sv_number))
    return fig, ax


def _finish(fig: Figure, *, title: str, desc: str, table: dict) -> Chart:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    root = etree.fromstring(buf.getvalue().encode("utf-8"))  # noqa: S320 - our own output
    for meta in root.findall(f"{{{SVG_NS}}}metadata"):
        root.remove(meta)
    title_el = etree.Element(f"{{{SVG_NS}}}title", id="chart-title")
    title_el.text = title
    desc_el = etree.Element(f"{{{SVG_NS}}}desc", id="chart-desc")
    desc_el.text = desc
    root.insert(0, desc_el)
    root.insert(0, title_el)
    root.set("role", "img")
    root.set("aria-labelledby", "chart-title chart-desc")
    svg = etree.tostring(root, encoding="unicode")
    return Chart(title=title, desc=desc, svg=svg, table={"caption": title, **table})


def _render(draw, *, title: str, desc: str, table: dict, figsize=FIGSIZE) -> Chart:
    with matplotlib.rc_context(RC):  # type: ignore[arg-type]
        fig, ax = _new_figure(figsize)
        draw(fig, ax)
        return _finish(fig, title=title, desc=desc, table=table)


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
    nums = [_value(v) for v in values]

    def draw(fig, ax):
        xs = range(len(labels))
        ax.bar(xs, [n or 0 for n in nums], color=PALETTE[0], label=value_name)
        for x, n, v in zip(xs, nums, values, strict=True):
            ax.annotate(
                _label(v), (x, n or 0), ha="center", va="bottom", xytext=(0, 2), textcoords="offset points"
            )
        if per_bar:
            ax.scatter(
                xs,
                [_value(t) or 0 for t in target_list],
                marker="_",
                s=900,
                color=TARGET_COLOUR,
                linewidths=2.5,
                label=target_name,
                zorder=3,
            )
        else:
            ax.axhline(
                _value(targets) or 0, color=TARGET_COLOUR, linestyle="--", linewidth=1.5, label=target_name
            )
        ax.set_xticks(list(xs), [str(label) for label in labels], wrap=True)
        ax.set_title(title)
        ax.legend(loc="upper left", bbox_to_anchor=(1, 1), frameon=False)

    table: dict[str, Any] = {
        "columns": ["", value_name, target_name],
        "rows": [
            [str(label), _label(v), _label(t)]
            for label, v, t in zip(labels, values, target_list, strict=True)
        ],
    }
    desc = desc or "; ".join(f"{r[0]}: {r[1]} ({target_name.lower()} {r[2]})" for r in table["rows"])
    return _render(draw, title=title, desc=desc, table=table)


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

    def draw(fig, ax):
        ax.step(days, values, where="post", color=PALETTE[0], linewidth=1.4, label=value_name)
        ax.axhline(
            limit,
            color=TARGET_COLOUR,
            linestyle="--",
            linewidth=1.5,
            label=f"{limit_name} ({format_number(limit)})",
        )
        ax.set_ylim(0, max([limit, *values]) * 1.15 if values else limit * 1.15)
        if days:
            ax.set_xlim(days[0], days[-1])
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        _date_axis(ax)
        ax.set_title(title)
        ax.legend(loc="upper left", bbox_to_anchor=(1, 1), frameon=False)

    shown = [v for v in values if not math.isnan(v)]
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
    return _render(draw, title=title, desc=desc, table=table)


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

    def draw(fig, ax):
        ax.step(days, cumulative, where="post", color=PALETTE[0], linewidth=1.6, label=value_name)
        ax.plot(
            [period_start, period_end],
            [0, target],
            color=TARGET_COLOUR,
            linestyle=":",
            linewidth=1.2,
            label=f"{target_name} i jämn takt",
        )
        ax.axhline(
            target,
            color=TARGET_COLOUR,
            linestyle="--",
            linewidth=1.5,
            label=f"{target_name} ({format_number(target)})",
        )
        ax.set_xlim(period_start, period_end)
        ax.set_ylim(0, max([target, *cumulative]) * 1.1)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        _date_axis(ax)
        ax.set_title(title)
        ax.legend(loc="upper left", bbox_to_anchor=(1, 1), frameon=False)

    last = cumulative[-1] if cumulative and not math.isnan(cumulative[-1]) else 0
    desc = desc or f"{value_name}: {format_number(last)} av målet {format_number(target)} {_period(days)}."
    table = {
        "columns": ["Datum", value_name],
        "rows": [[d.isoformat(), _num(v)] for d, v in zip(days, cumulative, strict=True)],
    }
    return _render(draw, title=title, desc=desc, table=table)


def stacked_bars(
    *,
    title: str,
    categories: Sequence[str],
    series: dict[str, Sequence[Any]],
    horizontal: bool = True,
    desc: str = "",
) -> Chart:
    """Stacked bars, horizontal by default (end reasons per year, gender split per work area)."""

    def draw(fig, ax):
        positions = list(range(len(categories)))
        base = [0.0] * len(categories)
        for name, vals in series.items():
            nums = [_value(v) or 0 for v in vals]
            if horizontal:
                ax.barh(positions, nums, left=base, label=name)
            else:
                ax.bar(positions, nums, bottom=base, label=name)
            base = [b + n for b, n in zip(base, nums, strict=True)]
        if horizontal:
            ax.set_yticks(positions, [str(c) for c in categories])
            ax.invert_yaxis()
            ax.xaxis.set_major_formatter(FuncFormatter(_sv_number))
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        else:
            ax.set_xticks(positions, [str(c) for c in categories])
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(title)
        ax.legend(loc="upper left", bbox_to_anchor=(1, 1), frameon=False)

    table = _series_table(categories, series)
    return _render(draw, title=title, desc=desc or _series_desc(table), table=table)


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

    def draw(fig, ax):
        ys = list(range(len(items)))
        w = [_value(v) or 0 for v in worsened]
        u = [_value(v) or 0 for v in unchanged]
        i = [_value(v) or 0 for v in improved]
        ax.barh(
            ys,
            [-x - h / 2 for x, h in zip(w, u, strict=True)],
            color=PALETTE[5],
            label=names[0],
            left=[0] * len(ys),
        )
        ax.barh(ys, u, left=[-h / 2 for h in u], color=PALETTE[6], label=names[1])
        ax.barh(ys, i, left=[h / 2 for h in u], color=PALETTE[2], label=names[2])
        ax.axvline(0, color="#333333", linewidth=0.8)
        ax.set_yticks(ys, [str(x) for x in items])
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _p: format_number(abs(x))))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(title)
        ax.legend(loc="upper left", bbox_to_anchor=(1, 1), frameon=False)

    table = _series_table(items, dict(zip(names[::-1], (improved, unchanged, worsened), strict=True)))
    return _render(
        draw,
        title=title,
        desc=desc or _series_desc(table),
        table=table,
        figsize=(7.0, max(2.4, 0.45 * len(items) + 1.2)),
    )


def grouped_bars(
    *,
    title: str,
    categories: Sequence[str],
    series: dict[str, Sequence[Any]],
    money: bool = False,
    desc: str = "",
) -> Chart:
    """Bars side by side per category (budget vs invoiced vs paid per quarter or budget category)."""
    n = max(len(series), 1)
    width = 0.8 / n
    fmt = (lambda v: _label(v) + "\xa0kr") if money else _label

    def draw(fig, ax):
        for k, (name, vals) in enumerate(series.items()):
            xs = [x - 0.4 + width * (k + 0.5) for x in range(len(categories))]
            ax.bar(xs, [_value(v) or 0 for v in vals], width=width, label=name)
        ax.set_xticks(list(range(len(categories))), [str(c) for c in categories])
        if money:
            ax.yaxis.set_major_formatter(FuncFormatter(lambda x, _p: f"{format_number(x / 1000)}\xa0tkr"))
        ax.set_title(title)
        ax.legend(loc="upper left", bbox_to_anchor=(1, 1), frameon=False)

    table = _series_table(categories, series, fmt=fmt)
    return _render(draw, title=title, desc=desc or _series_desc(table), table=table)


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


SV_MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def _date_axis(ax) -> None:
    from matplotlib.dates import MonthLocator, num2date

    ax.xaxis.set_major_locator(MonthLocator())
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _p: SV_MONTHS[num2date(x).month - 1]))
