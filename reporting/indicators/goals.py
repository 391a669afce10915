"""Goals (mål): their facts (with milestones, agreement periods, reported figures and the follow-ups
outcome goals count) and each goal's result from the assembled figures or the reported ones."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Max, Min, Q

from followup.models import ExitFollowUp
from iop.indicators import PREDEFINED, IndicatorCode
from iop.models import (
    AgreementPeriod,
    Goal,
    GoalMilestone,
    Partnership,
)
from iop.models.goals import parse_age_bands
from reporting.goal_results import REPORTED_GENDER, GoalResult, goal_result, percent
from reporting.indicators.dimensions import Breakdown, DistinctCounter, age_band, age_on
from reporting.indicators.periods import period_share
from reporting.indicators.results import IndicatorResult
from reporting.reported_figures import GENDER_FIELDS, ReportedFigure


@dataclass
class Goals:
    """The goals of the partnerships in scope and what judging them needs (4 queries)."""

    rows: dict[int, list[dict]] = field(default_factory=lambda: defaultdict(list))
    milestones: dict[int, list[tuple]] = field(default_factory=lambda: defaultdict(list))
    agreement: dict[int, tuple[dt.date, dt.date]] = field(default_factory=dict)
    # goal → (approved figures, latest submitted figures) as value rows
    figures: dict[int, tuple[list[dict], list[dict]]] = field(default_factory=dict)
    # Exit follow-ups for outcome goals counted "within N days" or "still at the follow-up" (only
    # loaded when such a goal exists): partnership → rows.
    followups: dict[int, list[dict]] = field(default_factory=lambda: defaultdict(list))

    def targets(self, partnership_id: int) -> list[tuple]:
        """(indicator, unit, target) of the computable goals with a target (for the five indicators)."""
        return sorted(
            (g["indicator"], g["unit"], g["target_value"])
            for g in self.rows.get(partnership_id, ())
            if g["indicator"] != IndicatorCode.CUSTOM and g["target_value"] is not None
        )


GOAL_FIELDS = (
    "pk",
    "partnership_id",
    "indicator",
    "outcome",
    "share_base",
    "title",
    "quantity",
    "unit_label",
    "unit",
    "by_gender",
    "aggregation",
    "age_bands",
    "capacity_use",
    "within_days",
    "followup_months",
    "target_value",
    "target_women",
    "target_men",
    "baseline",
    "target_basis",
    "direction",
    "judging",
    "order",
)


def load_goals(partnership_ids: list[int], start: dt.date, end: dt.date) -> Goals:
    out = Goals()
    goal_ids = []
    for g in (
        Goal.objects.filter(partnership__in=partnership_ids).order_by("order", "pk").values(*GOAL_FIELDS)
    ):
        out.rows[g["partnership_id"]].append(g)
        goal_ids.append(g["pk"])
    if not goal_ids:
        return out
    for goal_id, day, value in (
        GoalMilestone.objects.filter(goal__in=goal_ids)
        .order_by("due_on")
        .values_list("goal_id", "due_on", "target_value")
    ):
        out.milestones[goal_id].append((day, value))
    for partnership_id, first, last in (
        AgreementPeriod.objects.filter(partnership__in=partnership_ids)
        .order_by()
        .values_list("partnership_id")
        .annotate(first=Min("start"), last=Max("end"))
    ):
        out.agreement[partnership_id] = (first, last)
    Status = ReportedFigure.Status
    for f in (
        ReportedFigure.objects.filter(
            goal__in=goal_ids,
            period_start__gte=start,
            period_start__lte=end,
            status__in=[Status.APPROVED, Status.SUBMITTED],
        )
        .order_by("goal_id", "period_start", "version")
        .values(
            "goal_id", "period_start", "status", "value", "numerator", "denominator", "by_age", *GENDER_FIELDS
        )
    ):
        approved, submitted = out.figures.setdefault(f["goal_id"], ([], []))
        (approved if f["status"] == Status.APPROVED else submitted).append(f)
    if any(
        g["within_days"] is not None or g["followup_months"] is not None
        for gs in out.rows.values()
        for g in gs
    ):
        _load_outcome_followups(out, partnership_ids, start, end)  # 1 query, only with such goals
    return out


def _load_outcome_followups(out: Goals, partnership_ids: list[int], start: dt.date, end: dt.date) -> None:
    """Exit follow-ups of placements ended in the period (for "within N days") or dated in it (for
    "still at the follow-up"), with the participant's dimensions and the exit's outcome."""
    for f in (
        ExitFollowUp.objects.filter(placement__partnership__in=partnership_ids)
        .filter(
            Q(placement__end_date__gte=start, placement__end_date__lte=end)
            | Q(followed_up_on__gte=start, followed_up_on__lte=end)
        )
        .order_by("placement_id", "months_after")
        .values(
            "placement_id",
            "placement__partnership_id",
            "placement__participant_id",
            "placement__participant__gender",
            "placement__participant__birth_date",
            "placement__participant__education_level",
            "placement__participant__support_kind",
            "placement__start_date",
            "placement__end_date",
            "placement__end_reason__outcome",
            "months_after",
            "situation",
            "followed_up_on",
        )
    ):
        row: dict[str, Any] = dict(f)
        row["dims"] = (
            f["placement__participant__gender"],
            age_band(age_on(f["placement__participant__birth_date"], f["placement__start_date"])),
            f["placement__participant__education_level"],
            f["placement__participant__support_kind"],
        )
        out.followups[f["placement__partnership_id"]].append(row)


# The follow-up situations (`ExitFollowUp.Situation`) that are each outcome a goal counts.
_SITUATIONS = {
    "work": {"work_employed", "work_subsidised"},
    "studies": {"studies"},
    "work_or_studies": {"work_employed", "work_subsidised", "studies"},
    "other_measure": {"other_measure"},
}
_EXIT_OUTCOMES = {
    "work": {"work"},
    "studies": {"studies"},
    "work_or_studies": {"work", "studies"},
    "other_measure": {"other_measure"},
}


def followed_up_outcome(
    g: dict, placements: list[dict], followups: list[dict], start: dt.date, end: dt.date
) -> Breakdown:
    """Distinct participants with the goal's outcome, counted with its follow-up parameter
    (docs/reporting.md, "Goals and results"):
    - `within_days` N: ended in the period with the outcome at exit (the end reason), or with it
      recorded at a follow-up dated at most N days after the exit;
    - `followup_months` M: ended with the outcome at exit and still in it at the M-month follow-up,
      which is dated in the period."""
    situations, at_exit = _SITUATIONS.get(g["outcome"], set()), _EXIT_OUTCOMES.get(g["outcome"], set())
    counted = DistinctCounter()
    if g["within_days"] is not None:
        limit = dt.timedelta(days=g["within_days"])
        later = {
            f["placement_id"]
            for f in followups
            if f["situation"] in situations and f["followed_up_on"] - f["placement__end_date"] <= limit
        }
        for p in placements:
            p_end = p["end_date"]
            if p_end is None or not start <= p_end <= end:
                continue
            if p["end_reason__outcome"] in at_exit or p["pk"] in later:
                counted.add(p["participant_id"], p["dims"])
    else:
        for f in followups:
            if (
                f["months_after"] == g["followup_months"]
                and start <= f["followed_up_on"] <= end
                and f["placement__end_reason__outcome"] in at_exit
                and f["situation"] in situations
            ):
                counted.add(f["placement__participant_id"], f["dims"])
    return counted.breakdown()


def assemble_goal(
    g: dict, result: IndicatorResult, measured: dict[str, Breakdown], goals: Goals, partnership: Partnership
) -> GoalResult:
    """One goal's result: its actual from the assembled figures or from the reported figures."""
    numerator = denominator = pending = None
    gender: dict[str, int] = {}
    by_age: dict[str, int] = {}
    code = g["indicator"]
    if code == IndicatorCode.CUSTOM:
        approved, submitted = goals.figures.get(g["pk"], ([], []))
        if g["aggregation"] == Goal.Aggregation.LAST:
            # A stock (a queue, places in use): the latest period's figure, not a sum.
            approved, submitted = approved[-1:], submitted[-1:]
        actual: Any = None
        if approved:
            if g["unit"] == Goal.Unit.PERCENT:
                numerator = sum(f["numerator"] or 0 for f in approved)
                denominator = sum(f["denominator"] or 0 for f in approved)
                actual = percent(numerator, denominator)
            else:
                actual = sum((f["value"] or Decimal(0) for f in approved), Decimal(0))
                if g["by_gender"]:
                    for name, key in REPORTED_GENDER.items():
                        gender[key] = sum(f[name] or 0 for f in approved)
                bands = parse_age_bands(g["age_bands"])
                # A split by age is summed only when every period in the sum gives it.
                if bands and all(list(f["by_age"] or {}) == bands for f in approved):
                    by_age = {band: sum(f["by_age"][band] for f in approved) for band in bands}
        if submitted and g["unit"] != Goal.Unit.PERCENT:
            pending = sum((f["value"] or Decimal(0) for f in submitted), Decimal(0))
    else:
        breakdown = None
        if code in PREDEFINED:
            breakdown = result.indicator(code).breakdown
        elif code == IndicatorCode.STARTED:
            breakdown = result.started
        elif code == IndicatorCode.ENDED:
            breakdown = result.ended
        elif code == IndicatorCode.OUTCOME:
            breakdown = measured.get(g["outcome"]) or result.outcomes.get(g["outcome"])
        if breakdown is not None:
            actual = breakdown.total
            gender = dict(breakdown.gender)
        elif code == IndicatorCode.OUTCOME_SHARE:
            part = measured.get(g["outcome"]) or result.outcomes.get(g["outcome"]) or Breakdown()
            base = {"started": result.started, "ended": result.ended, "active": result.active}.get(
                g["share_base"], result.ended
            )
            numerator, denominator = part.total, base.total
            actual = percent(numerator, denominator)
        else:  # occupancy: places in use on average
            actual = result.occupancy.average
    months = 1 if partnership.reporting_frequency == Partnership.ReportingFrequency.MONTHLY else 3
    result_of_goal = goal_result(
        g,
        actual=actual,
        numerator=numerator,
        denominator=denominator,
        by_gender=gender,
        pending=pending,
        start=result.start,
        end=result.end,
        years=period_share(result.start, result.end),
        agreement=goals.agreement.get(partnership.pk),
        reporting_months=months,
        milestones=goals.milestones.get(g["pk"], []),
    )
    result_of_goal.by_age = by_age
    agreement = goals.agreement.get(partnership.pk)
    if g["capacity_use"] and partnership.places_at_once and agreement:
        first, last = max(result.start, agreement[0]), min(result.end, agreement[1])
        result_of_goal.capacity_available = partnership.places_at_once * max((last - first).days + 1, 0)
    return result_of_goal
