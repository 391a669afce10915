"""The assembler: one scope's result from its facts, without queries."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from decimal import Decimal
from itertools import accumulate

from followup.models import ExitFollowUp, Talk
from followup.selectors import JOINT_FOLLOWUPS_REQUIRED, progression_changes
from iop.indicators import PREDEFINED, IndicatorCode
from iop.models import Goal, Partnership
from participants.models import Gender
from participants.occupancy import occupied_per_day
from reporting.indicators.dimensions import OUTCOMES, DistinctCounter
from reporting.indicators.economy import assemble_economy
from reporting.indicators.facts import Facts
from reporting.indicators.goals import Goals, assemble_goal, followed_up_outcome
from reporting.indicators.periods import one_decimal, period_share, period_years, year_share
from reporting.indicators.results import (
    EndReasonCount,
    ExitOutcome,
    Indicator,
    IndicatorResult,
    Occupancy,
    PlacementStats,
    ProgressionItem,
    Steering,
    TalkKindCount,
    YearStarted,
)


def assemble(
    facts: Facts,
    *,
    partnership: Partnership | None,
    partnerships: list[Partnership],
    goals: Goals,
    start: dt.date,
    end: dt.date,
) -> IndicatorResult:
    """One scope's result from its facts (no queries)."""
    placements = facts.placements
    n_days = (end - start).days + 1
    started, ended, active = DistinctCounter(), DistinctCounter(), DistinctCounter()
    ind = {code: DistinctCounter() for code in PREDEFINED}
    outcomes = {o: DistinctCounter() for o in OUTCOMES}
    work_or_studies = DistinctCounter()
    reasons: Counter = Counter()
    reason_meta: dict[str, tuple] = {}
    lengths: list[int] = []
    started_by_year: dict[int, set[int]] = defaultdict(set)
    started_by_day: Counter = Counter()
    # The loop runs once per placement row: counters' dicts are bound to locals.
    active_seen, started_seen = active.seen, started.seen
    joint = ind[IndicatorCode.JOINT_FOLLOWUPS].seen
    assessed = ind[IndicatorCode.SELF_ASSESSMENT].seen
    intro_exit = ind[IndicatorCode.INTRO_EXIT].seen
    completed_plan = ind[IndicatorCode.COMPLETED_PLAN]
    for p in placements:
        dims = p["dims"]
        pid = p["participant_id"]
        p_start, p_end = p["start_date"], p["end_date"]
        active_seen.setdefault(pid, dims)
        if start <= p_start <= end:
            if pid not in started_seen:
                started_seen[pid] = dims
                started_by_day[(p_start - start).days] += 1
            started_by_year[p_start.year].add(pid)
        if p["joint_count"] >= JOINT_FOLLOWUPS_REQUIRED:
            joint.setdefault(pid, dims)
        if p["assessed_occasions"] == 2:
            assessed.setdefault(pid, dims)
        if p["intro_exit_kinds"] == 2:
            intro_exit.setdefault(pid, dims)
        if p_end is None or p_end > end:
            continue
        if p["end_reason__counts_as_completed_plan"]:
            completed_plan.add(pid, dims)
        if p_end < start:
            continue
        # Ended in the period.
        ended.add(pid, dims)
        lengths.append((p_end - p_start).days + 1)
        code = p["end_reason__code"]
        reasons[code] += 1
        reason_meta[code] = (
            p["end_reason__name"],
            p["end_reason__outcome"],
            p["end_reason__counts_as_completed_plan"],
            p["end_reason__is_interruption"],
            p["end_reason__sort_order"],
        )
        outcome = p["end_reason__outcome"]
        if outcome in ("work", "studies", "other_measure"):
            outcomes[outcome].add(pid, dims)
        if outcome in ("work", "studies"):
            work_or_studies.add(pid, dims)
        if p["end_reason__counts_as_completed_plan"]:
            outcomes["completed"].add(pid, dims)
        if p["end_reason__is_interruption"]:
            outcomes["interrupted"].add(pid, dims)

    active_breakdown = active.breakdown()
    targets = _targets(r for p in partnerships for r in goals.targets(p.pk))
    share = period_share(start, end)
    indicators = []
    for code in PREDEFINED:
        target, unit = targets.get(code, (None, Goal.Unit.COUNT))
        pro_rata = None
        if target is not None:
            pro_rata = one_decimal(target * share) if unit == Goal.Unit.COUNT else target
        # Indicator 1 (work-trained) is every participant active in the period.
        breakdown = active_breakdown if code == IndicatorCode.TRAINED else ind[code].breakdown()
        indicators.append(
            Indicator(
                code=str(code),
                label=str(IndicatorCode(code).label),
                value=breakdown.total,
                target=target,
                target_pro_rata=pro_rata,
                unit=str(unit),
                breakdown=breakdown,
            )
        )

    per_year_target = sum((p.places_per_year or 0) for p in partnerships) or None
    yearly = [
        YearStarted(
            year=y,
            started=len(started_by_year.get(y, ())),
            target=per_year_target,
            target_pro_rata=one_decimal(per_year_target * year_share(start, end, y))
            if per_year_target
            else None,
        )
        for y in period_years(start, end)
    ]
    end_reasons = [
        EndReasonCount(
            code=c, name=m[0], outcome=m[1], completed_plan=m[2], interruption=m[3], count=reasons[c]
        )
        for c, m in sorted(reason_meta.items(), key=lambda kv: (kv[1][4], kv[1][0]))
    ]
    paused_in_period = [r[0] for r in facts.pauses if start <= r[1] <= end]
    progression_n, progression = _progression(facts.progression)
    result = IndicatorResult(
        partnership=(
            {"id": partnership.pk, "case_number": partnership.case_number, "title": partnership.title}
            if partnership is not None
            else None
        ),
        partnerships=len(partnerships),
        start=start,
        end=end,
        days=n_days,
        started=started.breakdown(),
        ended=ended.breakdown(),
        active=active_breakdown.copy(),
        indicators=indicators,
        yearly=yearly,
        occupancy=_occupancy(placements, facts.pauses, partnerships, start, end),
        started_cumulative=_cumulative(started_by_day, n_days),
        placements=PlacementStats(
            ended=len(lengths),
            median_days=one_decimal(Decimal(str(statistics.median(lengths)))) if lengths else None,
            average_days=one_decimal(Decimal(sum(lengths)) / len(lengths)) if lengths else None,
            extensions=len(facts.extensions),
            placements_extended=len({r[0] for r in facts.extensions}),
            pauses=len(paused_in_period),
            placements_paused=len(set(paused_in_period)),
        ),
        end_reasons=end_reasons,
        outcomes={o: outcomes[o].breakdown() for o in OUTCOMES},
        progression_placements=progression_n,
        progression=progression,
        talks=_talks(facts.talks, active_placements=len(placements)),
        steering=_steering(facts.steering, partnerships, start, end),
        economy=assemble_economy(facts, start, end),
        exit_followups=_exit_followups(facts.exits),
        reported_only=partnership is not None and partnership.reported_only,
        capacity_unit_label=str(partnership.get_capacity_unit_display()) if partnership is not None else "",
    )
    if partnership is not None:
        measured = {"work_or_studies": work_or_studies.breakdown()}
        result.goals = []
        for g in goals.rows.get(partnership.pk, ()):
            if g["within_days"] is not None or g["followup_months"] is not None:
                followed = followed_up_outcome(
                    g, placements, goals.followups.get(partnership.pk, []), start, end
                )
                result.goals.append(
                    assemble_goal(g, result, {**measured, g["outcome"]: followed}, goals, partnership)
                )
            else:
                result.goals.append(assemble_goal(g, result, measured, goals, partnership))
    return result


def _cumulative(by_day: Counter, n_days: int) -> list[int]:
    return list(accumulate(by_day.get(i, 0) for i in range(n_days)))


def _targets(rows) -> dict[str, tuple[Decimal | None, str]]:
    """Target per indicator code of the goals in scope; across several partnerships count targets are
    summed (when the partnerships' goals of one indicator have different units, the first unit in
    order — count before percent — is kept)."""
    sums: dict[tuple[str, str], Decimal] = {}
    for code, unit, value in rows:
        sums[(code, unit)] = sums.get((code, unit), Decimal(0)) + value
    out: dict[str, tuple[Decimal | None, str]] = {}
    for (code, unit), total in sorted(sums.items()):
        if code not in out:
            out[code] = (total, unit)
    return out


def _occupancy(placements, pause_rows, partnerships, start: dt.date, end: dt.date) -> Occupancy:
    """Places used per day: the one sweep over start/end events (the rows are already loaded)."""
    n_days = (end - start).days + 1
    series = occupied_per_day(
        {p["pk"]: (p["start_date"], p["occupied_until"]) for p in placements},
        [(placement_id, s, e) for placement_id, s, e, keeps_place in pause_rows if not keeps_place],
        start,
        end,
    )
    limit = sum((p.places_at_once or 0) for p in partnerships) or None
    peak = max(series) if series else 0
    return Occupancy(
        limit=limit,
        average=one_decimal(Decimal(sum(series)) / n_days),
        peak=peak,
        peak_day=start + dt.timedelta(days=series.index(peak)) if peak else None,
        days_full=sum(1 for v in series if v >= limit) if limit else 0,
        days=n_days,
        series=series,
    )


def _progression(rows: list[tuple]) -> tuple[int, list[ProgressionItem]]:
    """Change per item between the participant's own start and end self-assessment."""
    placements, changes = progression_changes(rows)
    items = [
        ProgressionItem(
            code=item.code,
            wording=item.wording,
            n=len(item.changes),
            improved=item.improved,
            unchanged=item.unchanged,
            worsened=item.worsened,
            mean_change=(Decimal(sum(item.changes)) / len(item.changes)).quantize(Decimal("0.01"))
            if item.changes
            else None,
        )
        for item in changes
    ]
    return placements, items


def _talks(counts: Counter, *, active_placements: int) -> list[TalkKindCount]:
    """Held talks in the period per kind, and per placement active in the period."""
    return [
        TalkKindCount(
            kind=str(kind),
            label=str(label),
            count=counts.get(kind, 0),
            per_placement=(
                (Decimal(counts.get(kind, 0)) / active_placements).quantize(Decimal("0.1"))
                if active_placements
                else None
            ),
        )
        for kind, label in Talk.Kind.choices
    ]


def _steering(
    dates: list[dt.date], partnerships: list[Partnership], start: dt.date, end: dt.date
) -> Steering:
    agreed = [p.steering_meetings_per_year for p in partnerships if p.steering_meetings_per_year]
    if not agreed:
        return Steering(held=len(dates), required=None, dates=list(dates), per_year=None)
    required = one_decimal(sum(agreed) * period_share(start, end))
    return Steering(held=len(dates), required=required, dates=list(dates), per_year=sum(agreed))


def _exit_followups(counts: Counter) -> list[ExitOutcome]:
    """Outcomes 3 and 6 months after exit, for follow-ups dated in the period."""
    out = []
    work = {str(s) for s in ExitFollowUp.WORK_SITUATIONS}
    for months in (3, 6):
        situations = {str(k): 0 for k, _label in ExitFollowUp.Situation.choices}
        by_gender = {str(k): 0 for k, _label in Gender.choices}
        for (m, situation, gender), c in counts.items():
            if m != months:
                continue
            situations[situation] += c
            if situation in work:
                by_gender[gender] += c
        out.append(
            ExitOutcome(
                months_after=months,
                total=sum(situations.values()),
                situations=situations,
                work=sum(situations[s] for s in work),
                by_gender=by_gender,
            )
        )
    return out
