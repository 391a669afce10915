"""Tables and charts made from an `IndicatorResult`: the same ones in dashboards, exports and PDFs.

`present(result, protected=…)` returns a `Presentation`: named tables (`Table`, cells are numbers,
strings or disclosure `Cell`s) and named charts (`reporting.charts.Chart`). With `protected=True`
(steering group, board, non-profit staff) every count of persons passes `iop.disclosure`:
single key figures with `protect_count`, tables with `protect_table` (primary and secondary
suppression); daily series hide days with 1–2 persons; averages of fewer than 3 persons are hidden.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from followup.models import ExitFollowUp
from iop import disclosure
from iop.templatetags.iop_format import format_number
from reporting import charts
from reporting.indicators import DIMENSIONS, OUTCOMES, IndicatorResult, dimension_labels

OUTCOME_LABELS = {
    "work": "Arbete",
    "studies": "Studier",
    "other_measure": "Annan insats",
    "completed": "Genomförd enligt plan",
    "interrupted": "Avbrott",
}
DIMENSION_TITLES = {
    "gender": "Deltagare efter kön",
    "age_band": "Deltagare efter ålder vid start",
    "education": "Deltagare efter utbildningsnivå",
    "support": "Deltagare efter försörjning",
}
GOAL_STATUS_LABELS = {
    "on_track": "I fas",
    "behind": "Efter",
    "ahead": "Före",
    "no_target": "Inget målvärde",
    "not_judged": "Bedöms senare",
    "no_data": "Inga godkända siffror",
}
# Tables about persons, placements and work training: not shown for a partnership without
# person-level data (reported figures only).
PERSON_TABLES = (
    "key_figures",
    "indicators",
    "indicators_by_gender",
    *(f"participants_{d}" for d in DIMENSIONS),
    "yearly",
    "occupancy",
    "end_reasons",
    "outcomes",
    "progression",
    "talks",
    "exit_followups",
)

# The indicators in a few words, for chart axes (the tables carry the agreement's full wording).
INDICATOR_SHORT_LABELS = {
    "trained": gettext_lazy("Arbetstränat"),
    "joint_followups": gettext_lazy("Två gemensamma uppföljningar"),
    "self_assessment": gettext_lazy("Självskattning start och slut"),
    "intro_exit": gettext_lazy("Introduktion och avslut"),
    "completed_plan": gettext_lazy("Fullföljt planen"),
}


@dataclass
class Table:
    """A published table: `rows` hold numbers, strings or disclosure Cells (the first column a label)."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    money_columns: tuple[int, ...] = ()
    note: str = ""

    def display_rows(self) -> list[list[str]]:
        return [[display(v, money=i in self.money_columns) for i, v in enumerate(r)] for r in self.rows]

    def export_rows(self) -> list[list[Any]]:
        """Values for CSV/xlsx: numbers stay numbers, hidden cells their label."""
        out = []
        for r in self.rows:
            row: list[Any] = []
            for v in r:
                if isinstance(v, disclosure.Cell):
                    row.append(v.value if v.shown and v.value is not None else v.label)
                elif isinstance(v, Decimal):
                    row.append(float(v) if v != v.to_integral() else int(v))
                else:
                    row.append(v)
            out.append(row)
        return out


def whole(v: Any) -> Any:
    """A target that is a whole number shows as one (72, not 72,0); a pro-rata share keeps its decimals."""
    if isinstance(v, Decimal) and v == v.to_integral_value():
        return int(v)
    return v


def display(v: Any, *, money: bool = False) -> str:
    if v is None:
        return "–"
    if isinstance(v, disclosure.Cell):
        return v.label
    if isinstance(v, bool):
        return _("Ja") if v else _("Nej")
    if isinstance(v, (int, Decimal, float)):
        if money:
            return f"{format_number(v, 0)}\xa0kr"
        # Ratios and averages keep their decimals (1,0) so they never read as a count of persons.
        exponent = v.as_tuple().exponent if isinstance(v, Decimal) else 0
        decimals = min(-exponent, 2) if isinstance(exponent, int) and exponent < 0 else 0
        return format_number(v, decimals)
    return str(v)


@dataclass
class Presentation:
    result: IndicatorResult
    protected: bool
    tables: dict[str, Table] = field(default_factory=dict)
    charts: dict[str, charts.Chart] = field(default_factory=dict)
    key_figures: dict[str, Any] = field(default_factory=dict)

    def table_list(self) -> list[Table]:
        return list(self.tables.values())


class _Guard:
    """Counts as published: raw, or through disclosure control.

    Every count of persons is named by a `key` (table and row). Unprotected, the guard records the raw
    values by key (`recorded`); protected, it compares each figure with the same key's values in the
    enclosing periods' records (`neighbours`), so that no two nested periods differ by a few persons.
    """

    def __init__(self, protected: bool, neighbours: Sequence[dict] = ()) -> None:
        self.protected = protected
        self.neighbours = list(neighbours)
        self.recorded: dict[Any, Any] = {}

    def _others(self, key: Any) -> list[Any]:
        return [n[key] for n in self.neighbours if key is not None and key in n]

    def count(self, n: int, key: Any = None) -> Any:
        if not self.protected:
            if key is not None:
                self.recorded[key] = n
            return n
        return disclosure.protect_count(n, neighbours=self._others(key))

    def column(self, values: list[int], key: Any = None) -> tuple[list[Any], Any]:
        """One column with its total (a list of categories of the same population)."""
        if not self.protected:
            if key is not None:
                self.recorded[key] = list(values)
            return list(values), sum(values)
        others = [[[v] for v in o] for o in self._others(key) if len(o) == len(values)]
        t = disclosure.protect_table(
            [[v] for v in values], row_totals=False, col_totals=True, neighbours=others
        )
        return [r[0] for r in t.cells], t.col_totals[0] if t.col_totals else None

    def row(self, values: list[int], key: Any = None) -> tuple[list[Any], Any]:
        if not self.protected:
            if key is not None:
                self.recorded[key] = list(values)
            return list(values), sum(values)
        others = [[list(o)] for o in self._others(key) if len(o) == len(values)]
        t = disclosure.protect_table([values], row_totals=True, col_totals=False, neighbours=others)
        return t.cells[0], t.row_totals[0] if t.row_totals else None

    def average(self, value: Decimal | None, base: int, key: Any = None) -> Any:
        """An average over `base` persons: hidden when the base is small, or differs by a few from the
        enclosing periods' base (the difference of two averages would give those persons' values)."""
        if not self.protected:
            if key is not None:
                self.recorded[key] = base
            return value
        if value is None:
            return None
        if disclosure.is_small(base) or any(disclosure.differs_by_few(base, m) for m in self._others(key)):
            return disclosure.Cell(value=None, label=disclosure.SECONDARY_LABEL, suppressed=True)
        return value


def _series(values: list[int], protected: bool) -> list[float]:
    if not protected:
        return [float(v) for v in values]
    return [math.nan if disclosure.is_small(v) else float(v) for v in values]


def record_counts(result: IndicatorResult) -> dict[Any, Any]:
    """The raw counts of a result by key, as `present` publishes them (for differencing control)."""
    g = _Guard(False)
    _fill(Presentation(result=result, protected=False), g)
    return g.recorded


def present(
    result: IndicatorResult,
    *,
    protected: bool,
    with_charts: bool = True,
    enclosing: Sequence[IndicatorResult] = (),
) -> Presentation:
    """The tables and charts of one result. Protected, `enclosing` are the results of the fixed periods
    that contain this one (`iop.periods.enclosing`): figures that differ from theirs by a few
    persons are hidden (differencing control)."""
    neighbours = [record_counts(r) for r in enclosing] if protected else []
    g = _Guard(protected, neighbours)
    pres = Presentation(result=result, protected=protected)
    _fill(pres, g)
    if result.reported_only:
        for key in PERSON_TABLES:
            pres.tables.pop(key, None)
    elif with_charts:
        _charts(pres, g)
    if result.reported_only and with_charts:
        _economy_chart(pres)
    return pres


def _fill(pres: Presentation, g: _Guard) -> None:
    """Key figures and tables; every count of persons goes through `g` under a stable key."""
    result = pres.result
    t = pres.tables
    labels = dimension_labels()

    # Key figures.
    occ = result.occupancy
    year_target = result.yearly[0].target if result.yearly else None
    started_target = sum((y.target_pro_rata or 0 for y in result.yearly), Decimal(0)) if year_target else None
    kf = {
        "active": g.count(result.active.total, "active"),
        "started": g.count(result.started.total, "started"),
        "ended": g.count(result.ended.total, "ended"),
        "started_target": started_target,
        "occupancy_average": g.average(occ.average, occ.peak, "occupancy_peak"),
        "occupancy_peak": g.count(occ.peak, "occupancy_peak"),
        "limit": occ.limit,
        "days_full": occ.days_full,
        "steering_held": result.steering.held,
        "steering_required": result.steering.required,
        "median_days": g.average(result.placements.median_days, result.placements.ended, "placements_ended"),
        "average_days": g.average(
            result.placements.average_days, result.placements.ended, "placements_ended"
        ),
    }
    pres.key_figures = kf
    _goal_tables(pres, g)
    t["key_figures"] = Table(
        "key_figures",
        _("Nyckeltal"),
        [_("Nyckeltal"), _("Utfall"), _("Mål eller tak")],
        [
            [_("Deltagare under perioden"), kf["active"], None],
            [_("Påbörjade under perioden"), kf["started"], whole(started_target)],
            [_("Avslutade under perioden"), kf["ended"], None],
            [_("Platser i bruk per dag, genomsnitt"), kf["occupancy_average"], occ.limit],
            [_("Platser i bruk, högst"), kf["occupancy_peak"], occ.limit],
            [_("Dagar med alla platser i bruk"), occ.days_full, None],
            [_("Styrgruppsmöten genomförda"), result.steering.held, result.steering.required],
            [_("Placeringens längd, median (dagar)"), kf["median_days"], None],
            [_("Placeringens längd, genomsnitt (dagar)"), kf["average_days"], None],
            [_("Förlängningar"), g.count(result.placements.extensions, "extensions"), None],
            [_("Uppehåll"), g.count(result.placements.pauses, "pauses"), None],
        ],
    )

    # The five indicators.
    ind_rows = []
    for i in result.indicators:
        ind_rows.append(
            [i.label, g.count(i.value, ("indicator", i.code)), whole(i.target_pro_rata), whole(i.target)]
        )
    t["indicators"] = Table(
        "indicators",
        _("De fem indikatorerna"),
        [_("Indikator"), _("Utfall"), _("Mål för perioden"), _("Mål per år")],
        ind_rows,
    )
    gender_keys = [k for k, _l in labels["gender"]]
    rows = []
    for i in result.indicators:
        cells, total = g.row([i.breakdown.gender[k] for k in gender_keys], ("indicator_gender", i.code))
        rows.append([i.label, *cells, total])
    t["indicators_by_gender"] = Table(
        "indicators_by_gender",
        _("Indikatorerna efter kön"),
        [_("Indikator"), *[lbl for _k, lbl in labels["gender"]], _("Totalt")],
        rows,
    )

    # Participants by each dimension: active, started, ended.
    for dim in DIMENSIONS:
        cols = []
        totals = []
        for name, b in (("active", result.active), ("started", result.started), ("ended", result.ended)):
            cells, total = g.column([getattr(b, dim)[k] for k, _l in labels[dim]], (name, dim))
            cols.append(cells)
            totals.append(total)
        rows = [[lbl, *(c[n] for c in cols)] for n, (_k, lbl) in enumerate(labels[dim])]
        rows.append([_("Totalt"), *totals])
        t[f"participants_{dim}"] = Table(
            f"participants_{dim}",
            _(DIMENSION_TITLES[dim]),
            ["", _("Deltagare under perioden"), _("Påbörjade"), _("Avslutade")],
            rows,
        )

    # Yearly started vs places per year.
    t["yearly"] = Table(
        "yearly",
        _("Påbörjade per år mot antal platser per år"),
        [_("År"), _("Påbörjade"), _("Mål för perioden"), _("Platser per år")],
        [
            [str(y.year), g.count(y.started, ("yearly", y.year)), whole(y.target_pro_rata), whole(y.target)]
            for y in result.yearly
        ],
    )

    # Occupancy per month.
    months: dict[tuple[int, int], list[int]] = {}
    for n, v in enumerate(occ.series):
        day = result.start + dt.timedelta(days=n)
        months.setdefault((day.year, day.month), []).append(v)
    t["occupancy"] = Table(
        "occupancy",
        _("Platser i bruk per månad"),
        [_("Månad"), _("Genomsnitt"), _("Högst"), _("Platstak")],
        [
            [
                f"{dateformat.format(dt.date(y, m, 1), 'b')} {y}",
                g.average(
                    (Decimal(sum(vs)) / len(vs)).quantize(Decimal("0.1")), max(vs), ("occ_month", y, m)
                ),
                g.count(max(vs), ("occ_month", y, m)),
                occ.limit,
            ]
            for (y, m), vs in months.items()
        ],
    )

    # End reasons and outcomes.
    cells, total = g.column([e.count for e in result.end_reasons], "end_reasons")
    t["end_reasons"] = Table(
        "end_reasons",
        _("Avslutsorsaker"),
        [_("Avslutsorsak"), _("Antal avslut")],
        [[e.name, c] for e, c in zip(result.end_reasons, cells, strict=True)] + [[_("Totalt"), total]],
    )
    rows = []
    for o in OUTCOMES:
        cells, total = g.row([result.outcomes[o].gender[k] for k in gender_keys], ("outcome", o))
        rows.append([_(OUTCOME_LABELS[o]), *cells, total])
    t["outcomes"] = Table(
        "outcomes",
        _("Utfall vid avslut efter kön"),
        [_("Utfall"), *[lbl for _k, lbl in labels["gender"]], _("Totalt")],
        rows,
    )

    # Progression.
    rows = []
    for item in result.progression:
        cells, total = g.row([item.improved, item.unchanged, item.worsened], ("progression", item.code))
        rows.append(
            [item.wording, *cells, total, g.average(item.mean_change, item.n, ("progression_n", item.code))]
        )
    t["progression"] = Table(
        "progression",
        _("Självskattning: förändring mellan start och avslut"),
        [_("Påstående"), _("Förbättrad"), _("Oförändrad"), _("Försämrad"), _("Antal"), _("Medelförändring")],
        rows,
    )

    # Talks.
    t["talks"] = Table(
        "talks",
        _("Genomförda samtal under perioden"),
        [_("Typ av samtal"), _("Antal"), _("Per deltagare")],
        [
            [
                k.label,
                g.count(k.count, ("talks", k.label)),
                g.average(k.per_placement, k.count, ("talks", k.label)),
            ]
            for k in result.talks
        ],
    )

    # Exit follow-ups.
    situation_labels = dict(ExitFollowUp.Situation.choices)
    cols, totals = [], []
    for e in result.exit_followups:
        cells, total = g.column(list(e.situations.values()), ("exit_followups", e.months_after))
        cols.append(cells)
        totals.append(total)
    keys = list(result.exit_followups[0].situations) if result.exit_followups else []
    t["exit_followups"] = Table(
        "exit_followups",
        _("Situation efter avslut"),
        [_("Situation"), *[_("%(m)s månader") % {"m": e.months_after} for e in result.exit_followups]],
        [[str(situation_labels[k]), *(c[n] for c in cols)] for n, k in enumerate(keys)]
        + [[_("Totalt"), *totals]],
    )

    # Steering group.
    t["steering"] = Table(
        "steering",
        _("Styrgruppsmöten"),
        [_("Genomförda"), _("Minst (4 per år)"), _("Datum")],
        [
            [
                result.steering.held,
                result.steering.required,
                ", ".join(d.isoformat() for d in result.steering.dates),
            ]
        ],
    )

    # Economy.
    eco = result.economy
    columns = [_("Kategori"), _("Budget")]
    if eco.invoicing_available:
        columns += [_("Fakturerat"), _("Betalt")]
    rows = []
    for c in eco.categories:
        rows.append([c.label, c.budget, *([c.invoiced, c.paid] if eco.invoicing_available else [])])
    rows.append(
        [
            _("Summa"),
            eco.budget_total,
            *([eco.invoiced_total, eco.paid_total] if eco.invoicing_available else []),
        ]
    )
    t["economy"] = Table(
        "economy",
        _("Ekonomi: budget, fakturerat och betalt"),
        columns,
        rows,
        money_columns=tuple(range(1, len(columns))),
        note=""
        if eco.invoicing_available
        else _("Fakturering finns ännu inte i systemet: bara budget visas."),
    )


def _goal_actual(goal, g: _Guard) -> Any:
    """A goal's actual as published: counts through disclosure control, a percent of a small base hidden."""
    if goal.actual is None:
        return None
    if goal.unit == "percent":
        if (
            goal.numerator is not None
            and g.protected
            and (disclosure.is_small(goal.numerator) or disclosure.is_small(goal.denominator or 0))
        ):
            return disclosure.Cell(value=None, label=disclosure.SECONDARY_LABEL, suppressed=True)
        suffix = (
            f" ({goal.numerator}/{goal.denominator})"
            if goal.numerator is not None and not g.protected
            else ""
        )
        return f"{display(goal.actual)} %{suffix}"
    if isinstance(goal.actual, int):
        # Keyed like every other count, so the enclosing periods' actuals are compared (differencing).
        return g.count(goal.actual, ("goal", goal.goal_id))
    return goal.actual


def _goal_tables(pres: Presentation, g: _Guard) -> None:
    """Every goal with its target, actual, fulfilment and status; the split by gender where there is one."""
    r = pres.result
    if r.partnership is None:
        return
    columns = [
        _("Mål"),
        _("Målvärde"),
        _("Mål för perioden"),
        _("Utfall"),
        _("Måluppfyllelse"),
        _("Bedömning"),
    ]
    if not g.protected:
        columns.append(_("Inskickat, ej godkänt"))
    rows = []
    for goal in r.goals:
        actual = _goal_actual(goal, g)
        hidden = isinstance(actual, disclosure.Cell) and not actual.shown
        target = None
        if goal.target is not None:
            unit = " %" if goal.unit == "percent" else (f" {goal.unit_label}" if goal.unit_label else "")
            target = f"{display(whole(goal.target))}{unit} {_(BASIS_LABELS[goal.target_basis])}"
        row = [
            goal.title,
            target,
            whole(goal.target_due),
            actual,
            None if hidden or goal.fulfilment is None else f"{display(goal.fulfilment)} %",
            _(GOAL_STATUS_LABELS[goal.status]),
        ]
        if not g.protected:
            row.append(goal.pending)
        rows.append(row)
    pres.tables["goals"] = Table(
        "goals",
        _("Mål och resultat"),
        columns,
        rows,
        note=_("Rapporterade siffror räknas när IOP-samordnaren har godkänt dem.") if r.goals else "",
    )
    labels = dimension_labels()["gender"]
    gender_rows = []
    for goal in r.goals:
        if not goal.by_gender or goal.unit == "percent":
            continue
        cells, total = g.row([goal.by_gender.get(k, 0) for k, _l in labels], ("goal_gender", goal.goal_id))
        targets = ", ".join(
            f"{lbl.lower()} {display(whole(goal.gender_targets[k]))} ({_(GOAL_STATUS_LABELS[goal.gender_status[k]]).lower()})"
            for k, lbl in labels
            if k in goal.gender_targets
        )
        gender_rows.append([goal.title, *cells, total, targets or None])
    if gender_rows:
        pres.tables["goals_by_gender"] = Table(
            "goals_by_gender",
            _("Mål och resultat efter kön"),
            [_("Mål"), *[lbl for _k, lbl in labels], _("Totalt"), _("Mål per kön")],
            gender_rows,
        )
    capacity_rows = []
    for goal in r.goals:
        if goal.capacity_available is None:
            continue
        actual = _goal_actual(goal, g)
        hidden = isinstance(actual, disclosure.Cell) and not actual.shown
        share = None
        if not hidden and goal.actual is not None and goal.capacity_available:
            share = f"{display(round(Decimal(goal.actual) * 100 / goal.capacity_available, 1))} %"
        capacity_rows.append([goal.title, actual, goal.capacity_available, share])
    if capacity_rows:
        unit = r.capacity_unit_label or _("platser")
        pres.tables["capacity_use"] = Table(
            "capacity_use",
            _("Använd kapacitet"),
            [_("Mål"), _("Använt"), _("Möjligt (%(unit)s × dagar)") % {"unit": unit}, _("Beläggning")],
            capacity_rows,
        )
    age_rows = []
    for goal in r.goals:
        if not goal.by_age:
            continue
        bands = list(goal.by_age)
        cells, total = g.row([goal.by_age[b] for b in bands], ("goal_age", goal.goal_id))
        age_rows += [
            [goal.title, _("%(band)s år") % {"band": b}, cell] for b, cell in zip(bands, cells, strict=True)
        ]
        age_rows.append([goal.title, _("Totalt"), total])
    if age_rows:
        pres.tables["goals_by_age"] = Table(
            "goals_by_age",
            _("Mål och resultat efter åldersgrupp"),
            [_("Mål"), _("Åldersgrupp"), _("Antal")],
            age_rows,
        )


BASIS_LABELS = {"year": "per år", "period": "per rapportperiod", "agreement": "för avtalsperioden"}


def _economy_chart(pres: Presentation) -> None:
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


def _charts(pres: Presentation, g: _Guard) -> None:
    r = pres.result
    c = pres.charts
    labels = dimension_labels()
    days = [r.start + dt.timedelta(days=n) for n in range(r.days)]
    occ = r.occupancy
    occ_values = _series(occ.series, g.protected)
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
        chart.table["rows"] = [
            [d.isoformat(), display(g.count(v)), format_number(occ.limit)]
            for d, v in zip(days, occ.series, strict=True)
        ]
        c["occupancy"] = chart
    target = r.yearly[0].target if r.yearly else None
    if target:
        chart = charts.cumulative_vs_target(
            title=_("Påbörjade deltagare, ackumulerat"),
            days=days,
            cumulative=_series(r.started_cumulative, g.protected),
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
    _economy_chart(pres)
