"""Goal results (måluppfyllelse): for each goal of a partnership in a period its target, actual,
fulfilment and judged status, by gender where available. Pure functions (no queries): the indicator
engine loads the goals, milestones and reported figures and calls `goal_result` for each goal.

Rules (docs/reporting.md, "Goals and results"):
- no target → status `no_target` (and never a deviation);
- the target due for the period: a percent target as is; a count target scaled to the period by its
  basis (per year: × the period's length in years; per reporting period: × the number of reporting
  periods; for the whole agreement: × the period's share of the agreement's days);
- judging: `pro_rata` judges against that share at any time; `year_end` only when the period ends on
  31 December or at the agreement's end (before that `not_judged`); `milestones` against the latest
  milestone that falls in the period (cumulative from the period's start; none → `not_judged`);
- higher is better: actual below due → `behind`, at least 110 % of due → `ahead`, else `on_track`
  (mirrored when lower is better); a reported goal without approved figures → `no_data`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

AHEAD_FACTOR = Decimal("1.1")
GENDER_KEYS = ("kvinna", "man", "annat", "saknas")
REPORTED_GENDER = {"women": "kvinna", "men": "man", "other": "annat", "unknown": "saknas"}


@dataclass
class GoalResult:
    """One goal's result for a period."""

    goal_id: int
    title: str
    measure: str  # the IndicatorCode value; "custom" = reported by the partner
    reported: bool
    unit: str  # "count" or "percent"
    unit_label: str
    target: Decimal | None  # as registered
    target_basis: str
    target_due: Decimal | None  # the target for this period under the goal's judging
    actual: int | Decimal | None
    numerator: int | None
    denominator: int | None
    fulfilment: Decimal | None  # actual / due × 100
    status: str  # on_track / behind / ahead / no_target / not_judged / no_data
    judging: str
    direction: str
    baseline: Decimal | None
    by_gender: dict[str, int] = field(default_factory=dict)
    gender_targets: dict[str, Decimal | None] = field(default_factory=dict)  # kvinna/man → due
    gender_status: dict[str, str] = field(default_factory=dict)
    by_age: dict[str, int] = field(default_factory=dict)  # reported split by the goal's age bands
    # For a goal counting capacity used (bed-nights): capacity × days of the agreement in the period.
    capacity_available: int | None = None
    pending: int | Decimal | None = None  # submitted, not yet approved (internal pages only)


def _q1(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.1"))


def _num(x: Decimal) -> int | Decimal:
    return int(x) if x == x.to_integral_value() else x


def judge(actual, due: Decimal | None, direction: str) -> str:
    if due is None:
        return "no_target"
    if actual is None:
        return "no_data"
    actual = Decimal(actual)
    if direction == "lower":
        if actual > due:
            return "behind"
        return "ahead" if due > 0 and actual * AHEAD_FACTOR <= due else "on_track"
    if actual < due:
        return "behind"
    return "ahead" if due > 0 and actual >= due * AHEAD_FACTOR else "on_track"


@dataclass(frozen=True)
class _Period:
    """The period a goal is judged over, with what scaling its target needs."""

    start: dt.date
    end: dt.date
    years: Decimal
    agreement: tuple[dt.date, dt.date] | None
    reporting_months: int
    milestones: list[tuple[dt.date, Decimal]]


def target_due(
    goal: dict, target: Decimal | None, period: _Period, milestone_scale: Decimal = Decimal(1)
) -> tuple[Decimal | None, bool]:
    """(the target due for the period, whether the goal is judged in this period)."""
    if target is None:
        return None, True
    start, end, agreement = period.start, period.end, period.agreement
    judging = goal["judging"]
    if judging == "milestones":
        due = [value for day, value in period.milestones if start <= day <= end]
        return (_q1(due[-1] * milestone_scale) if due else None), bool(due)
    if judging == "year_end":
        judged = (end.month, end.day) == (12, 31) or (agreement is not None and end >= agreement[1])
    else:
        judged = True
    if goal["unit"] == "percent":
        return target, judged
    basis = goal["target_basis"]
    if basis == "period":
        share = period.years * 12 / period.reporting_months
    elif basis == "agreement" and agreement is not None:
        a0, a1 = agreement
        s, e = max(start, a0), min(end, a1)
        overlap = max((e - s).days + 1, 0)
        share = Decimal(overlap) / Decimal((a1 - a0).days + 1)
    else:
        share = period.years
    return _q1(target * share), judged


def goal_result(
    goal: dict,
    *,
    actual,
    numerator: int | None = None,
    denominator: int | None = None,
    by_gender: dict[str, int] | None = None,
    pending=None,
    start: dt.date,
    end: dt.date,
    years: Decimal,
    agreement: tuple[dt.date, dt.date] | None,
    reporting_months: int,
    milestones: list[tuple[dt.date, Decimal]],
) -> GoalResult:
    """The result of one goal (a row of `Goal.objects.values()`) given its actual for the period."""
    period = _Period(start, end, years, agreement, reporting_months, milestones)
    due, judged = target_due(goal, goal["target_value"], period)
    if goal["target_value"] is None:
        status = "no_target"
    elif not judged:
        status = "not_judged"
    else:
        status = judge(actual, due, goal["direction"])
    fulfilment = None
    if due and actual is not None:
        fulfilment = _q1(Decimal(actual) / due * 100)
    gender_targets: dict[str, Decimal | None] = {}
    gender_status: dict[str, str] = {}
    gender = by_gender or {}
    total_target = goal["target_value"]
    for key, field_name in (("kvinna", "target_women"), ("man", "target_men")):
        gt = goal[field_name]
        if gt is None:
            continue
        # Milestones are set for the whole; a gender's milestone is its share of the whole target.
        scale = gt / total_target if total_target else Decimal(1)
        g_due, g_judged = target_due(goal, gt, period, milestone_scale=scale)
        gender_targets[key] = g_due
        g_actual = gender.get(key) if gender else None
        gender_status[key] = judge(g_actual, g_due, goal["direction"]) if g_judged else "not_judged"
    return GoalResult(
        goal_id=goal["pk"],
        title=goal["title"],
        measure=goal["indicator"],
        reported=goal["indicator"] == "custom",
        unit=goal["unit"],
        unit_label=goal["unit_label"] or goal["quantity"],
        target=goal["target_value"],
        target_basis=goal["target_basis"],
        target_due=due,
        actual=_num(Decimal(actual)) if isinstance(actual, (Decimal, int)) else actual,
        numerator=numerator,
        denominator=denominator,
        fulfilment=fulfilment,
        status=status,
        judging=goal["judging"],
        direction=goal["direction"],
        baseline=goal["baseline"],
        by_gender=dict(gender),
        gender_targets=gender_targets,
        gender_status=gender_status,
        pending=_num(Decimal(pending)) if isinstance(pending, (Decimal, int)) else pending,
    )


def percent(numerator: int, denominator: int) -> Decimal | None:
    return _q1(Decimal(100 * numerator) / denominator) if denominator else None
