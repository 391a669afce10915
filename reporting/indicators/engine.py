"""The engine's entry points: one loader and one assembler per scope."""

from __future__ import annotations

import datetime as dt

from iop.models import Partnership
from reporting.indicators.assemble import assemble
from reporting.indicators.facts import load_facts
from reporting.indicators.goals import load_goals
from reporting.indicators.results import IndicatorResult


def compute_indicators(*, partnership: Partnership | None, start: dt.date, end: dt.date) -> IndicatorResult:
    """All indicators for one partnership (or all partnerships, None) over [start, end] (inclusive)."""
    if partnership is None:
        return compute_indicators_many([], start=start, end=end, with_total=True)[None]
    return compute_indicators_many([partnership], start=start, end=end)[partnership.pk]


def compute_indicators_many(
    partnerships: list[Partnership], *, start: dt.date, end: dt.date, with_total: bool = False
) -> dict[int | None, IndicatorResult]:
    """The indicators of each partnership (by pk) over [start, end], equal to `compute_indicators` for
    each, with a fixed number of queries whatever the number of partnerships; with `with_total` also
    all partnerships together under the key None (= `compute_indicators(partnership=None, …)`)."""
    if end < start:
        raise ValueError("end must not be before start")
    ids = [p.pk for p in partnerships]
    facts = load_facts(None if with_total else ids, start, end)
    in_period = period_partnerships(start, end) if with_total else []  # 1 query
    goals = load_goals(sorted(set(ids) | {p.pk for p in in_period}), start, end)  # 4 queries
    out: dict[int | None, IndicatorResult] = {
        p.pk: assemble(facts.of(p.pk), partnership=p, partnerships=[p], goals=goals, start=start, end=end)
        for p in partnerships
    }
    if with_total:
        out[None] = assemble(
            facts.whole, partnership=None, partnerships=in_period, goals=goals, start=start, end=end
        )
    return out


def period_partnerships(start: dt.date, end: dt.date) -> list[Partnership]:
    """All partnerships whose agreement periods overlap the period, except drafts (the scope of the
    targets and limits of "all partnerships")."""
    return list(
        Partnership.objects.filter(periods__start__lte=end, periods__end__gte=start)
        .exclude(status=Partnership.Status.DRAFT)
        .distinct()
        .order_by("case_number")
    )
