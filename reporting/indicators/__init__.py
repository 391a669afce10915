"""The ONE indicator engine (indikatorer): every figure the dashboards, PDFs, exports and the CLI show.

`compute_indicators(partnership=…, start=…, end=…)` reads a partnership (or all, ``None``) over a
period (both days inclusive); `compute_indicators_many(partnerships, start=…, end=…)` reads many at
once (and with `with_total` all of them together, under the key None). Both are one loader and one
assembler: the loader reads each fact set once with a fixed number of queries, whatever the number
of participants and partnerships, grouped by partnership; the assembler turns one scope's rows into
its result without queries. The facts:

1. placements overlapping the period, annotated in the database with what the five indicators need
   (talks, self-assessments, end reason flags) plus the participant's statistics fields;
2. pauses and extensions of those placements;
3. held talks in the period per kind; 4. self-assessment answers for progression;
5. exit follow-ups; 6. steering meetings; 7. goals (+ their milestones, the agreement periods and
   the reported figures of the period: `goals.load_goals`); 8. budget (+ in-kind, + invoices when the
   invoicing app has models).

Each goal's result (target, actual, fulfilment, judged status, by gender) is made by
`reporting.goal_results` from the assembled figures (computed measures) or the reported figures
(approved ones as the actual, submitted ones as `pending`).

The agreement's five indicators (§4.3) count *distinct participants* whose placement
overlaps the period and who, by the end of the period:
1. work-trained (the placement overlaps the period);
2. had at least two held follow-up talks with BOTH the supervisor and the case officer present
   during the placement (`followup.models.JOINT_Q`; a talk with only the supervisor does not count);
3. had a self-assessment (their own) at start AND at end;
4. had a held introduction talk (start meeting) AND a held exit talk;
5. ended the placement with a reason that `counts_as_completed_plan`.

The package's modules: `engine` (the entry points), `facts` (the loader), `goals` and `economy` (their
facts and figures), `assemble` (the assembler), `dimensions` (breakdowns and the distinct-participant
counter), `periods` (period arithmetic), `results` (the result tree) and `protection` (disclosure control
of its JSON).

The result is a dataclass tree; `as_dict()` gives plain JSON (keys documented in docs/reporting.md),
`as_dict(protected=True)` passes every count through `iop.disclosure` for outputs that leave
the administration.
"""

from reporting.indicators.dimensions import (
    AGE_BANDS,
    DIMENSIONS,
    OUTCOMES,
    Breakdown,
    age_band,
    dimension_labels,
)
from reporting.indicators.engine import compute_indicators, compute_indicators_many, period_partnerships
from reporting.indicators.protection import protect_breakdown, protect_goal, protect_result_dict
from reporting.indicators.results import IndicatorResult

# What the other modules use; the parts of the result tree are in `reporting.indicators.results`.
__all__ = [
    "AGE_BANDS",
    "DIMENSIONS",
    "OUTCOMES",
    "Breakdown",
    "IndicatorResult",
    "age_band",
    "compute_indicators",
    "compute_indicators_many",
    "dimension_labels",
    "period_partnerships",
    "protect_breakdown",
    "protect_goal",
    "protect_result_dict",
]
