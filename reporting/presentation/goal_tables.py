"""The goal tables: every goal's target, actual, fulfilment and status, split by gender and age."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from iop import disclosure
from reporting.indicators import dimension_labels
from reporting.presentation.guard import DifferencingGuard
from reporting.presentation.labels import BASIS_LABELS, GOAL_STATUS_LABELS
from reporting.presentation.tables import Presentation, Table, display, whole


def _goal_actual(goal, g: DifferencingGuard) -> Any:
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


def add_goal_tables(pres: Presentation, g: DifferencingGuard) -> None:
    """Every goal with its target, actual, fulfilment and status; the splits by gender and age band and
    the capacity used where a goal has them."""
    r = pres.result
    if r.partnership is None:
        return
    _goal_table(pres, g)
    _goal_gender_table(pres, g)
    _capacity_table(pres, g)
    _goal_age_table(pres, g)


def _goal_table(pres: Presentation, g: DifferencingGuard) -> None:
    r = pres.result
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


def _goal_gender_table(pres: Presentation, g: DifferencingGuard) -> None:
    r = pres.result
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


def _capacity_table(pres: Presentation, g: DifferencingGuard) -> None:
    """Capacity used against what the places allowed over the period (goals with `capacity_use`)."""
    r = pres.result
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


def _goal_age_table(pres: Presentation, g: DifferencingGuard) -> None:
    r = pres.result
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
