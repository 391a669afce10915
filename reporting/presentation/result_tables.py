"""The tables of one result: key figures, indicators, participants, occupancy, outcomes and economy."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import dateformat
from django.utils.translation import gettext as _

from followup.models import ExitFollowUp
from reporting.indicators import DIMENSIONS, OUTCOMES, IndicatorResult, dimension_labels
from reporting.presentation.goal_tables import add_goal_tables
from reporting.presentation.guard import DifferencingGuard
from reporting.presentation.labels import DIMENSION_TITLES, OUTCOME_LABELS
from reporting.presentation.tables import Presentation, Table, whole

# (key, label) per breakdown dimension, as `dimension_labels()` gives them.
Labels = dict[str, list[tuple[str, str]]]


def add_tables(pres: Presentation, g: DifferencingGuard) -> None:
    """Key figures and tables, the goals' first; every count of persons goes through `g` under a stable
    key (the steps run in this order, so the guard sees the counts in the order they are published)."""
    result = pres.result
    labels = dimension_labels()
    pres.key_figures = _key_figures(result, g)
    add_goal_tables(pres, g)
    for table in (
        _key_figure_table(result, pres.key_figures, g),
        _indicator_table(result, g),
        _indicator_gender_table(result, g, labels),
        *_participant_tables(result, g, labels),
        _yearly_table(result, g),
        _occupancy_table(result, g),
        _end_reason_table(result, g),
        _outcome_table(result, g, labels),
        _progression_table(result, g),
        _talk_table(result, g),
        _exit_followup_table(result, g),
        _steering_table(result),
        _economy_table(result),
    ):
        pres.tables[table.key] = table


def _key_figures(result: IndicatorResult, g: DifferencingGuard) -> dict[str, Any]:
    """The figures the dashboards show as cards (and the key figure table lists)."""
    occ = result.occupancy
    year_target = result.yearly[0].target if result.yearly else None
    started_target = sum((y.target_pro_rata or 0 for y in result.yearly), Decimal(0)) if year_target else None
    return {
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


def _key_figure_table(result: IndicatorResult, key_figures: dict[str, Any], g: DifferencingGuard) -> Table:
    occ = result.occupancy
    return Table(
        "key_figures",
        _("Nyckeltal"),
        [_("Nyckeltal"), _("Utfall"), _("Mål eller tak")],
        [
            [_("Deltagare under perioden"), key_figures["active"], None],
            [_("Påbörjade under perioden"), key_figures["started"], whole(key_figures["started_target"])],
            [_("Avslutade under perioden"), key_figures["ended"], None],
            [_("Platser i bruk per dag, genomsnitt"), key_figures["occupancy_average"], occ.limit],
            [_("Platser i bruk, högst"), key_figures["occupancy_peak"], occ.limit],
            [_("Dagar med alla platser i bruk"), occ.days_full, None],
            [_("Styrgruppsmöten genomförda"), result.steering.held, result.steering.required],
            [_("Placeringens längd, median (dagar)"), key_figures["median_days"], None],
            [_("Placeringens längd, genomsnitt (dagar)"), key_figures["average_days"], None],
            [_("Förlängningar"), g.count(result.placements.extensions, "extensions"), None],
            [_("Uppehåll"), g.count(result.placements.pauses, "pauses"), None],
        ],
    )


def _indicator_table(result: IndicatorResult, g: DifferencingGuard) -> Table:
    """The agreement's five indicators against their targets."""
    ind_rows = []
    for i in result.indicators:
        ind_rows.append(
            [i.label, g.count(i.value, ("indicator", i.code)), whole(i.target_pro_rata), whole(i.target)]
        )
    return Table(
        "indicators",
        _("De fem indikatorerna"),
        [_("Indikator"), _("Utfall"), _("Mål för perioden"), _("Mål per år")],
        ind_rows,
    )


def _indicator_gender_table(result: IndicatorResult, g: DifferencingGuard, labels: Labels) -> Table:
    gender_keys = [k for k, _l in labels["gender"]]
    rows = []
    for i in result.indicators:
        cells, total = g.row([i.breakdown.gender[k] for k in gender_keys], ("indicator_gender", i.code))
        rows.append([i.label, *cells, total])
    return Table(
        "indicators_by_gender",
        _("Indikatorerna efter kön"),
        [_("Indikator"), *[lbl for _k, lbl in labels["gender"]], _("Totalt")],
        rows,
    )


def _participant_tables(result: IndicatorResult, g: DifferencingGuard, labels: Labels) -> list[Table]:
    """Participants by each dimension: active, started, ended."""
    tables = []
    for dim in DIMENSIONS:
        cols = []
        totals = []
        for name, b in (("active", result.active), ("started", result.started), ("ended", result.ended)):
            cells, total = g.column([getattr(b, dim)[k] for k, _l in labels[dim]], (name, dim))
            cols.append(cells)
            totals.append(total)
        rows = [[lbl, *(c[n] for c in cols)] for n, (_k, lbl) in enumerate(labels[dim])]
        rows.append([_("Totalt"), *totals])
        tables.append(
            Table(
                f"participants_{dim}",
                _(DIMENSION_TITLES[dim]),
                ["", _("Deltagare under perioden"), _("Påbörjade"), _("Avslutade")],
                rows,
            )
        )
    return tables


def _yearly_table(result: IndicatorResult, g: DifferencingGuard) -> Table:
    """Started per year against the places per year."""
    return Table(
        "yearly",
        _("Påbörjade per år mot antal platser per år"),
        [_("År"), _("Påbörjade"), _("Mål för perioden"), _("Platser per år")],
        [
            [str(y.year), g.count(y.started, ("yearly", y.year)), whole(y.target_pro_rata), whole(y.target)]
            for y in result.yearly
        ],
    )


def _occupancy_table(result: IndicatorResult, g: DifferencingGuard) -> Table:
    """Places in use per month."""
    occ = result.occupancy
    months: dict[tuple[int, int], list[int]] = {}
    for n, v in enumerate(occ.series):
        day = result.start + dt.timedelta(days=n)
        months.setdefault((day.year, day.month), []).append(v)
    return Table(
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


def _end_reason_table(result: IndicatorResult, g: DifferencingGuard) -> Table:
    cells, total = g.column([e.count for e in result.end_reasons], "end_reasons")
    return Table(
        "end_reasons",
        _("Avslutsorsaker"),
        [_("Avslutsorsak"), _("Antal avslut")],
        [[e.name, c] for e, c in zip(result.end_reasons, cells, strict=True)] + [[_("Totalt"), total]],
    )


def _outcome_table(result: IndicatorResult, g: DifferencingGuard, labels: Labels) -> Table:
    """Outcomes at exit by gender."""
    gender_keys = [k for k, _l in labels["gender"]]
    rows = []
    for o in OUTCOMES:
        cells, total = g.row([result.outcomes[o].gender[k] for k in gender_keys], ("outcome", o))
        rows.append([_(OUTCOME_LABELS[o]), *cells, total])
    return Table(
        "outcomes",
        _("Utfall vid avslut efter kön"),
        [_("Utfall"), *[lbl for _k, lbl in labels["gender"]], _("Totalt")],
        rows,
    )


def _progression_table(result: IndicatorResult, g: DifferencingGuard) -> Table:
    """Self-assessment: change between start and end per item."""
    rows = []
    for item in result.progression:
        cells, total = g.row([item.improved, item.unchanged, item.worsened], ("progression", item.code))
        rows.append(
            [item.wording, *cells, total, g.average(item.mean_change, item.n, ("progression_n", item.code))]
        )
    return Table(
        "progression",
        _("Självskattning: förändring mellan start och avslut"),
        [_("Påstående"), _("Förbättrad"), _("Oförändrad"), _("Försämrad"), _("Antal"), _("Medelförändring")],
        rows,
    )


def _talk_table(result: IndicatorResult, g: DifferencingGuard) -> Table:
    return Table(
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


def _exit_followup_table(result: IndicatorResult, g: DifferencingGuard) -> Table:
    """The situation 3 and 6 months after exit."""
    situation_labels = dict(ExitFollowUp.Situation.choices)
    cols, totals = [], []
    for e in result.exit_followups:
        cells, total = g.column(list(e.situations.values()), ("exit_followups", e.months_after))
        cols.append(cells)
        totals.append(total)
    keys = list(result.exit_followups[0].situations) if result.exit_followups else []
    return Table(
        "exit_followups",
        _("Situation efter avslut"),
        [_("Situation"), *[_("%(m)s månader") % {"m": e.months_after} for e in result.exit_followups]],
        [[str(situation_labels[k]), *(c[n] for c in cols)] for n, k in enumerate(keys)]
        + [[_("Totalt"), *totals]],
    )


def _steering_table(result: IndicatorResult) -> Table:
    return Table(
        "steering",
        _("Styrgruppsmöten"),
        [
            _("Genomförda"),
            _("Minst (%(n)s per år)") % {"n": result.steering.per_year}
            if result.steering.per_year
            else _("Minst (inget antal avtalat)"),
            _("Datum"),
        ],
        [
            [
                result.steering.held,
                result.steering.required,
                ", ".join(d.isoformat() for d in result.steering.dates),
            ]
        ],
    )


def _economy_table(result: IndicatorResult) -> Table:
    """Budget, invoiced and paid per budget category."""
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
    return Table(
        "economy",
        _("Ekonomi: budget, fakturerat och betalt"),
        columns,
        rows,
        money_columns=tuple(range(1, len(columns))),
        note=""
        if eco.invoicing_available
        else _("Fakturering finns ännu inte i systemet: bara budget visas."),
    )
