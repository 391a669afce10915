"""The charts of one result (they read the tables already made, so they publish the same cells)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from iop import charts, disclosure
from iop.templatetags.iop_format import format_number
from reporting.indicators import dimension_labels
from reporting.presentation.guard import DifferencingGuard
from reporting.presentation.labels import INDICATOR_SHORT_LABELS
from reporting.presentation.tables import Presentation, display, whole


def _chart_series(values: list[int], protected: bool) -> list[float]:
    if not protected:
        return [float(v) for v in values]
    return [math.nan if disclosure.is_small(v) else float(v) for v in values]


def economy_chart(pres: Presentation) -> None:
    eco = pres.result.economy
    series: dict[str, Sequence[Any]] = {_("Budget"): [x.budget for x in eco.categories]}
    if eco.invoicing_available:
        series[_("Fakturerat")] = [x.invoiced for x in eco.categories]
        series[_("Betalt")] = [x.paid for x in eco.categories]
    pres.charts["economy"] = charts.grouped_bars(
        title=_("Budget, fakturerat och betalt"),
        categories=[x.label for x in eco.categories],
        series=series,
        money=True,
    )


def add_charts(pres: Presentation, g: DifferencingGuard) -> None:
    """Every chart of a result with person-level data; counts pass `g` as in the tables."""
    r = pres.result
    days = [r.start + dt.timedelta(days=n) for n in range(r.days)]
    _occupancy_chart(pres, g, days)
    _started_chart(pres, g, days)
    _indicator_chart(pres, g)
    _table_charts(pres)
    economy_chart(pres)


def _occupancy_chart(pres: Presentation, g: DifferencingGuard, days: list[dt.date]) -> None:
    """Places in use per day against the limit (only where there is a limit)."""
    r = pres.result
    c = pres.charts
    occ = r.occupancy
    occ_values = _chart_series(occ.series, g.protected)
    if occ.limit:
        chart = charts.line_vs_limit(
            title=_("Platser i bruk per dag"),
            days=days,
            values=occ_values,
            limit=occ.limit,
            desc=_("Platser i bruk per dag %(a)s–%(b)s mot platstaket %(limit)s. Genomsnitt %(avg)s.")
            % {
                "a": r.start.isoformat(),
                "b": r.end.isoformat(),
                "limit": occ.limit,
                "avg": display(pres.key_figures["occupancy_average"]),
            },
        )
        limit = format_number(occ.limit)
        chart.table["rows"] = [
            [d.isoformat(), display(g.count(v)), limit] for d, v in zip(days, occ.series, strict=True)
        ]
        c["occupancy"] = chart


def _started_chart(pres: Presentation, g: DifferencingGuard, days: list[dt.date]) -> None:
    """Started participants so far against the yearly target (only where there is one)."""
    r = pres.result
    c = pres.charts
    target = r.yearly[0].target if r.yearly else None
    if target:
        chart = charts.cumulative_vs_target(
            title=_("Påbörjade deltagare, ackumulerat"),
            days=days,
            cumulative=_chart_series(r.started_cumulative, g.protected),
            target=target,
            period_start=r.start,
            period_end=r.end,
            desc=_("Påbörjade deltagare %(a)s–%(b)s: %(n)s mot målet %(t)s per år.")
            % {
                "a": r.start.isoformat(),
                "b": r.end.isoformat(),
                "n": display(g.count(r.started.total, "started")),
                "t": target,
            },
        )
        chart.table["rows"] = [
            [d.isoformat(), display(g.count(v))] for d, v in zip(days, r.started_cumulative, strict=True)
        ]
        c["started"] = chart


def _indicator_chart(pres: Presentation, g: DifferencingGuard) -> None:
    r = pres.result
    c = pres.charts
    c["indicators"] = charts.bar_with_target(
        title=_("Indikatorerna mot mål för perioden"),
        labels=[str(INDICATOR_SHORT_LABELS.get(i.code, i.label)) for i in r.indicators],
        values=[g.count(i.value, ("indicator", i.code)) for i in r.indicators],
        targets=[i.target_pro_rata or 0 for i in r.indicators],
        desc="; ".join(
            f"{i.label}: {display(g.count(i.value, ('indicator', i.code)))} (mål {display(whole(i.target_pro_rata))})"
            for i in r.indicators
        ),
    )


def _table_charts(pres: Presentation) -> None:
    """Charts drawn from tables already made (outcomes, gender, progression): the same cells."""
    r = pres.result
    c = pres.charts
    labels = dimension_labels()
    outcome_table = pres.tables["outcomes"]
    gender_labels = [lbl for _k, lbl in labels["gender"]]
    c["outcomes"] = charts.stacked_bars(
        title=_("Utfall vid avslut efter kön"),
        categories=[row[0] for row in outcome_table.rows],
        series={lbl: [row[1 + n] for row in outcome_table.rows] for n, lbl in enumerate(gender_labels)},
    )
    gender_table = pres.tables["participants_gender"]
    groups = gender_table.columns[1:]
    c["gender"] = charts.stacked_bars(
        title=_("Könsfördelning"),
        categories=groups,
        series={row[0]: row[1:] for row in gender_table.rows[:-1]},
    )
    if r.progression:
        prog = pres.tables["progression"]
        c["progression"] = charts.diverging_bars(
            title=_("Självskattning: förändring per påstående"),
            items=[row[0] for row in prog.rows],
            improved=[row[1] for row in prog.rows],
            unchanged=[row[2] for row in prog.rows],
            worsened=[row[3] for row in prog.rows],
        )
