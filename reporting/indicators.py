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
   the reported figures of the period: `_load_goals`); 8. budget (+ in-kind, + invoices when the
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

The result is a dataclass tree; `as_dict()` gives plain JSON (keys documented in docs/reporting.md),
`as_dict(protected=True)` passes every count through `iop.disclosure` for outputs that leave
the administration.
"""

from __future__ import annotations

import datetime as dt
import functools
import statistics
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from itertools import accumulate
from typing import Any

from django.db.models import Count, IntegerField, Max, Min, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language

from followup.models import JOINT_Q, ExitFollowUp, SelfAssessment, Talk
from followup.selectors import JOINT_FOLLOWUPS_REQUIRED, progression_changes, progression_rows
from invoicing.models import Invoice
from invoicing.selectors import invoiced_amounts, overdue_invoice_counts
from iop import disclosure
from iop.indicators import PREDEFINED, IndicatorCode
from iop.models import (
    AgreementPeriod,
    BudgetLine,
    Goal,
    GoalMilestone,
    InKindContribution,
    Meeting,
    Partnership,
)
from iop.models.goals import parse_age_bands
from participants.models import EducationLevel, Gender, Pause, Placement, SupportKind
from participants.models.placement import PlacementExtension
from participants.occupancy import occupied_per_day
from reporting.goal_results import REPORTED_GENDER, GoalResult, goal_result, percent
from reporting.reported_figures import GENDER_FIELDS, ReportedFigure

ONE_DAY = dt.timedelta(days=1)
ZERO = Decimal("0.00")
AGE_BANDS = ("15–24", "25–54", "55–64", "65+")
OUTCOMES = ("work", "studies", "other_measure", "completed", "interrupted")
DIMENSIONS = ("gender", "age_band", "education", "support")


def age_band(age: int) -> str:
    """The ESF project's age bands (younger participants count in the youngest band)."""
    if age < 25:
        return AGE_BANDS[0]
    if age < 55:
        return AGE_BANDS[1]
    if age < 65:
        return AGE_BANDS[2]
    return AGE_BANDS[3]


def _age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def dimension_labels() -> dict[str, list[tuple[str, str]]]:
    """(key, Swedish label) per breakdown dimension, in display order (a fresh copy to change freely)."""
    return {dim: list(labels) for dim, labels in _dimension_labels(get_language()).items()}


@functools.lru_cache(maxsize=8)
def _dimension_labels(language: str | None) -> dict[str, tuple[tuple[str, str], ...]]:
    # Translated once per language: the presentation asks for them for every result it shows.
    return {
        "gender": tuple((str(k), str(v)) for k, v in Gender.choices),
        "age_band": tuple((b, b) for b in AGE_BANDS),
        "education": tuple((str(k), str(v)) for k, v in EducationLevel.choices),
        "support": tuple((str(k), str(v)) for k, v in SupportKind.choices),
    }


# --- The result tree -----------------------------------------------------------------------------


@dataclass
class Breakdown:
    """A count of distinct participants with its split by gender, age band, education and support."""

    total: int = 0
    gender: dict[str, int] = field(default_factory=dict)
    age_band: dict[str, int] = field(default_factory=dict)
    education: dict[str, int] = field(default_factory=dict)
    support: dict[str, int] = field(default_factory=dict)

    def copy(self) -> Breakdown:
        return Breakdown(
            self.total, dict(self.gender), dict(self.age_band), dict(self.education), dict(self.support)
        )


@dataclass
class Indicator:
    """One of the agreement's five indicators against its goal's target (mål)."""

    code: str
    label: str
    value: int
    target: Decimal | None  # the goal's target value as registered (yearly when per_year)
    target_pro_rata: Decimal | None  # the target for this period (yearly target × share of the year)
    unit: str
    breakdown: Breakdown


@dataclass
class YearStarted:
    year: int
    started: int
    target: int | None
    target_pro_rata: Decimal | None


@dataclass
class Occupancy:
    """Places used per day against the limit (platstak)."""

    limit: int | None
    average: Decimal
    peak: int
    peak_day: dt.date | None
    days_full: int
    days: int
    series: list[int]  # one value per day of the period


@dataclass
class PlacementStats:
    ended: int
    median_days: Decimal | None
    average_days: Decimal | None
    extensions: int
    placements_extended: int
    pauses: int
    placements_paused: int


@dataclass
class EndReasonCount:
    code: str
    name: str
    outcome: str
    completed_plan: bool
    interruption: bool
    count: int


@dataclass
class ProgressionItem:
    code: str
    wording: str
    n: int
    improved: int
    unchanged: int
    worsened: int
    mean_change: Decimal | None


@dataclass
class TalkKindCount:
    kind: str
    label: str
    count: int
    per_placement: Decimal | None


@dataclass
class Steering:
    held: int
    required: Decimal
    dates: list[dt.date]


@dataclass
class EconomyCategory:
    category: str
    label: str
    budget: Decimal
    invoiced: Decimal | None
    paid: Decimal | None


@dataclass
class Economy:
    years: list[int]
    budget_total: Decimal
    invoicing_available: bool
    invoiced_total: Decimal | None
    paid_total: Decimal | None
    overdue_invoices: int | None
    categories: list[EconomyCategory]
    in_kind: list[dict]


@dataclass
class ExitOutcome:
    months_after: int
    total: int
    situations: dict[str, int]
    work: int
    by_gender: dict[str, int]  # of those in work


@dataclass
class IndicatorResult:
    """Everything the engine computes for one partnership (or all) and a period."""

    partnership: dict | None
    partnerships: int
    start: dt.date
    end: dt.date
    days: int
    started: Breakdown
    ended: Breakdown
    active: Breakdown
    indicators: list[Indicator]
    yearly: list[YearStarted]
    occupancy: Occupancy
    started_cumulative: list[int]  # distinct participants started so far, per day of the period
    placements: PlacementStats
    end_reasons: list[EndReasonCount]
    outcomes: dict[str, Breakdown]
    progression_placements: int
    progression: list[ProgressionItem]
    talks: list[TalkKindCount]
    steering: Steering
    economy: Economy
    exit_followups: list[ExitOutcome]
    # Every goal of the partnership with its target, actual and judged status (none for "all").
    goals: list[GoalResult] = field(default_factory=list)
    reported_only: bool = False  # no person-level data: no placement or work-training wording
    capacity_unit_label: str = ""  # platser / bäddar / grupper (of one partnership)

    def indicator(self, code: str) -> Indicator:
        return next(i for i in self.indicators if i.code == code)

    def as_dict(self, *, protected: bool = False) -> dict:
        """Plain JSON-serialisable data; with `protected` every count of persons passes disclosure control."""
        data = _jsonable(asdict(self))
        if protected:
            data = protect_result_dict(data)
        return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# --- Disclosure control of the JSON ---------------------------------------------------------------


def _p(n: Any) -> Any:
    """A protected single count: the number, or its label ("<3") when hidden."""
    if not isinstance(n, int):
        return n
    cell = disclosure.protect_count(n)
    return cell.value if cell.shown else cell.label


def protect_breakdown(b: dict) -> dict:
    """A breakdown is published as one table per dimension: the dimension's values plus the total."""
    out: dict = {"total": _p(b["total"])}
    for dim in DIMENSIONS:
        keys = list(b[dim])
        table = disclosure.protect_table([[b[dim][k]] for k in keys], row_totals=False, col_totals=True)
        out[dim] = {
            k: (c.value if c.shown else c.label)
            for k, c in zip(keys, (r[0] for r in table.cells), strict=True)
        }
        # The table's own total equals b["total"]; when it is hidden there so is the published total.
        if table.col_totals and table.col_totals[0].suppressed:
            out["total"] = table.col_totals[0].label
    return out


def _small_base(n: Any) -> bool:
    return not isinstance(n, int) or disclosure.is_small(n)


def protect_result_dict(d: dict) -> dict:
    """Apply disclosure control to `IndicatorResult.as_dict()` (counts of persons and figures derived
    from few persons: daily occupancy, lengths, averages)."""
    d = dict(d)
    d["protected"] = True
    for key in ("started", "ended", "active"):
        d[key] = protect_breakdown(d[key])
    d["indicators"] = [
        {**i, "value": _p(i["value"]), "breakdown": protect_breakdown(i["breakdown"])}
        for i in d["indicators"]
    ]
    d["yearly"] = [{**y, "started": _p(y["started"])} for y in d["yearly"]]
    occ = dict(d["occupancy"])
    occ["series"] = [_p(v) for v in occ["series"]]
    occ["peak"] = _p(occ["peak"])
    d["started_cumulative"] = [_p(v) for v in d["started_cumulative"]]
    d["occupancy"] = occ
    pl = dict(d["placements"])
    small = _small_base(pl["ended"])
    for key in ("ended", "extensions", "placements_extended", "pauses", "placements_paused"):
        pl[key] = _p(pl[key])
    if small:
        pl["median_days"] = pl["average_days"] = None
    d["placements"] = pl
    reasons = d["end_reasons"]
    table = disclosure.protect_table([[r["count"]] for r in reasons], row_totals=False) if reasons else None
    d["end_reasons"] = [
        {**r, "count": (c.value if c.shown else c.label)}
        for r, c in zip(reasons, (row[0] for row in table.cells) if table else [], strict=False)
    ]
    d["outcomes"] = {k: protect_breakdown(v) for k, v in d["outcomes"].items()}
    d["progression_placements"] = _p(d["progression_placements"])
    prog = []
    for item in d["progression"]:
        t = disclosure.protect_table(
            [[item["improved"], item["unchanged"], item["worsened"]]], row_totals=True, col_totals=False
        )
        cells = [c.value if c.shown else c.label for c in t.cells[0]]
        prog.append(
            {
                **item,
                "n": _p(item["n"]),
                "improved": cells[0],
                "unchanged": cells[1],
                "worsened": cells[2],
                "mean_change": None if _small_base(item["n"]) else item["mean_change"],
            }
        )
    d["progression"] = prog
    d["talks"] = [{**t, "count": _p(t["count"])} for t in d["talks"]]
    exits = []
    for e in d["exit_followups"]:
        keys = list(e["situations"])
        t = disclosure.protect_table([[e["situations"][k]] for k in keys], row_totals=False)
        exits.append(
            {
                **e,
                "total": _p(e["total"]),
                "work": _p(e["work"]),
                "situations": {
                    k: (c.value if c.shown else c.label)
                    for k, c in zip(keys, (r[0] for r in t.cells), strict=True)
                },
                "by_gender": {k: _p(v) for k, v in e["by_gender"].items()},
            }
        )
    d["exit_followups"] = exits
    d["goals"] = [protect_goal(g) for g in d.get("goals", [])]
    return d


def protect_goal(g: dict) -> dict:
    """A goal's result as published: counts (computed or reported) and their split by gender pass
    disclosure control; a percent of a small base is hidden with its fulfilment."""
    g = dict(g)
    if g["unit"] == "percent" and g["numerator"] is not None:
        if disclosure.is_small(g["numerator"]) or disclosure.is_small(g["denominator"]):
            g["actual"], g["fulfilment"] = disclosure.SECONDARY_LABEL, None
        g["numerator"], g["denominator"] = _p(g["numerator"]), _p(g["denominator"])
    else:
        raw = g["actual"]
        g["actual"] = _p(raw)
        if isinstance(raw, int) and disclosure.is_small(raw):
            g["fulfilment"] = None
    # Submitted figures are not yet approved: they never leave the administration.
    g["pending"] = None
    for split in ("by_gender", "by_age"):
        g[split] = _protect_split(g.get(split) or {})
    return g


def _protect_split(split: dict) -> dict:
    """A reported split (by gender, by age band) as one protected column with its total."""
    if not split:
        return {}
    keys = list(split)
    table = disclosure.protect_table([[split[k]] for k in keys], row_totals=False)
    return {
        k: (c.value if c.shown else c.label) for k, c in zip(keys, (r[0] for r in table.cells), strict=True)
    }


# --- Helpers ------------------------------------------------------------------------------------


def _year_share(start: dt.date, end: dt.date, year: int) -> Decimal:
    """The share of `year` covered by [start, end] (days / days in the year)."""
    y0, y1 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    s, e = max(start, y0), min(end, y1)
    if s > e:
        return Decimal(0)
    return Decimal((e - s).days + 1) / Decimal((y1 - y0).days + 1)


def _period_years(start: dt.date, end: dt.date) -> list[int]:
    return list(range(start.year, end.year + 1))


def _period_share(start: dt.date, end: dt.date) -> Decimal:
    """The period's length in years (a calendar year = 1, a quarter ≈ 0.25)."""
    return sum((_year_share(start, end, y) for y in _period_years(start, end)), Decimal(0))


def _q1(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.1"))


# The dimension keys a breakdown has, in display order (the labels are translated, the keys are not).
DIMENSION_KEYS: dict[str, tuple[str, ...]] = {
    "gender": tuple(str(k) for k in Gender.values),
    "age_band": AGE_BANDS,
    "education": tuple(str(k) for k in EducationLevel.values),
    "support": tuple(str(k) for k in SupportKind.values),
}


class _Counter:
    """Distinct participants with their dimensions (a tuple in DIMENSIONS order), counted once each."""

    __slots__ = ("seen",)

    def __init__(self) -> None:
        self.seen: dict[int, tuple[str, ...]] = {}

    def add(self, participant_id: int, dims: tuple[str, ...]) -> None:
        self.seen.setdefault(participant_id, dims)

    def breakdown(self) -> Breakdown:
        # One count per combination of dimensions, then each dimension's margin (a value outside the
        # choices is left out, as before).
        combos = Counter(self.seen.values())
        b = Breakdown(total=len(self.seen))
        for i, (dim, keys) in enumerate(DIMENSION_KEYS.items()):
            counts = dict.fromkeys(keys, 0)
            for combo, n in combos.items():
                if combo[i] in counts:
                    counts[combo[i]] += n
            setattr(b, dim, counts)
        return b


# --- The facts: every row the engine reads, loaded once for many partnerships -------------------


@dataclass
class _Facts:
    """The rows of one scope (one partnership, or all): what the assembler turns into a result."""

    placements: list[dict] = field(default_factory=list)
    pauses: list[tuple] = field(default_factory=list)  # (placement, start, end, paused_keeps_place)
    extensions: list[tuple] = field(default_factory=list)  # (placement, decided_on)
    progression: list[tuple] = field(
        default_factory=list
    )  # (placement, occasion, code, wording, order, value)
    talks: Counter = field(default_factory=Counter)  # kind → held talks in the period
    steering: list[dt.date] = field(default_factory=list)
    budget: dict[str, Decimal] = field(default_factory=dict)  # category → amount
    in_kind: list[dict] = field(default_factory=list)
    # (category, invoice status, paid on) → [invoiced amount, credited amount]
    invoice_lines: dict[tuple, list[Decimal]] = field(default_factory=dict)
    overdue: int = 0
    exits: Counter = field(default_factory=Counter)  # (months after, situation, gender) → follow-ups


class _FactSet:
    """The facts of everything loaded (`whole`) and split by partnership (`of(pk)`)."""

    def __init__(self) -> None:
        self.whole = _Facts()
        self.parts: dict[int | None, _Facts] = defaultdict(_Facts)

    def of(self, partnership_id: int) -> _Facts:
        return self.parts.get(partnership_id) or _Facts()

    def both(self, partnership_id: int | None) -> tuple[_Facts, _Facts]:
        return self.whole, self.parts[partnership_id]


def _load_facts(partnership_ids: list[int] | None, start: dt.date, end: dt.date) -> _FactSet:
    """Read every fact of the period once, for the partnerships (None: all, unfiltered), split by
    partnership. 11 queries (+2 with invoicing), whatever the number of partnerships."""
    scope = Q(partnership_id__in=partnership_ids) if partnership_ids is not None else Q()

    def via(path: str) -> Q:
        return Q(**{f"{path}__in": partnership_ids}) if partnership_ids is not None else Q()

    facts = _FactSet()
    placement_partnership: dict[int, int] = {}
    for row in _placement_rows(scope, start, end):  # 1 query
        placement_partnership[row["pk"]] = row["partnership_id"]
        # Age band at the start of the placement (the first placement in the period decides).
        row["dims"] = (
            row["participant__gender"],
            age_band(_age_on(row["participant__birth_date"], row["start_date"])),
            row["participant__education_level"],
            row["participant__support_kind"],
        )
        for f in facts.both(row["partnership_id"]):
            f.placements.append(row)
    if placement_partnership:  # 2 queries (none without placements)
        in_period = Placement.objects.filter(scope).overlapping(start, end).values("pk")
        for pause in (
            Pause.objects.filter(placement__in=in_period)
            .order_by("placement_id", "start_date")
            .values_list(
                "placement_id", "start_date", "end_date", "placement__partnership__paused_keeps_place"
            )
        ):
            for f in facts.both(placement_partnership[pause[0]]):
                f.pauses.append(pause)
        for extension in (
            PlacementExtension.objects.filter(
                placement__in=in_period, decided_on__gte=start, decided_on__lte=end
            )
            .order_by("placement_id")
            .values_list("placement_id", "decided_on")
        ):
            for f in facts.both(placement_partnership[extension[0]]):
                f.extensions.append(extension)
    for partnership_id, *row in progression_rows(via("placement__partnership"), start, end):  # 1 query
        for f in facts.both(partnership_id):
            f.progression.append(tuple(row))
    for partnership_id, kind, count in (  # 1 query
        Talk.objects.filter(
            via("placement__partnership"),
            placement__isnull=False,
            status=Talk.Status.HELD,
            held_at__gte=_day_start(start),
            held_at__lt=_day_start(end + ONE_DAY),
        )
        .order_by()
        .values_list("placement__partnership_id", "kind")
        .annotate(c=Count("pk"))
    ):
        for f in facts.both(partnership_id):
            f.talks[kind] += count
    for partnership_id, day in (  # 1 query
        Meeting.objects.filter(scope, kind=Meeting.Kind.STEERING, held=True, date__gte=start, date__lte=end)
        .order_by("date", "pk")
        .values_list("partnership_id", "date")
    ):
        for f in facts.both(partnership_id):
            f.steering.append(day)
    _load_economy(facts, scope, via, start, end)  # 2 queries (+2 with invoicing)
    for partnership_id, months, situation, gender, count in (  # 1 query
        ExitFollowUp.objects.filter(
            via("placement__partnership"), followed_up_on__gte=start, followed_up_on__lte=end
        )
        .order_by()
        .values_list(
            "placement__partnership_id", "months_after", "situation", "placement__participant__gender"
        )
        .annotate(c=Count("pk"))
    ):
        for f in facts.both(partnership_id):
            f.exits[(months, situation, gender)] += count
    return facts


def _load_economy(facts: _FactSet, scope: Q, via, start: dt.date, end: dt.date) -> None:
    years = _period_years(start, end)
    for partnership_id, category, total in (
        BudgetLine.objects.filter(scope, year__in=years)
        .order_by()
        .values_list("partnership_id", "category")
        .annotate(t=Sum("amount"))
    ):
        for f in facts.both(partnership_id):
            f.budget[category] = f.budget.get(category, ZERO) + _money(total)
    for partnership_id, year, description, value in (
        InKindContribution.objects.filter(scope, year__in=years)
        .order_by("year", "description", "pk")
        .values_list("partnership_id", "year", "description", "estimated_value")
    ):
        for f in facts.both(partnership_id):
            f.in_kind.append({"year": year, "description": description, "estimated_value": value})
    for partnership_id, category, status, paid_on, pos, neg in invoiced_amounts(
        line_scope=via("invoice__partnership"), budget_years=years
    ):
        for f in facts.both(partnership_id):
            sums = f.invoice_lines.setdefault((category, status, paid_on), [ZERO, ZERO])
            sums[0] += _money(pos)
            sums[1] += _money(neg)
    for partnership_id, count in overdue_invoice_counts(invoice_scope=scope, on=end):
        for f in facts.both(partnership_id):
            f.overdue += count


@dataclass
class _Goals:
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


def _load_goals(partnership_ids: list[int], start: dt.date, end: dt.date) -> _Goals:
    out = _Goals()
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


def _load_outcome_followups(out: _Goals, partnership_ids: list[int], start: dt.date, end: dt.date) -> None:
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
            age_band(_age_on(f["placement__participant__birth_date"], f["placement__start_date"])),
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


def _followed_up_outcome(
    g: dict, placements: list[dict], followups: list[dict], start: dt.date, end: dt.date
) -> Breakdown:
    """Distinct participants with the goal's outcome, counted with its follow-up parameter
    (docs/reporting.md, "Goals and results"):
    - `within_days` N: ended in the period with the outcome at exit (the end reason), or with it
      recorded at a follow-up dated at most N days after the exit;
    - `followup_months` M: ended with the outcome at exit and still in it at the M-month follow-up,
      which is dated in the period."""
    situations, at_exit = _SITUATIONS.get(g["outcome"], set()), _EXIT_OUTCOMES.get(g["outcome"], set())
    counted = _Counter()
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


# --- The engine ---------------------------------------------------------------------------------


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
    facts = _load_facts(None if with_total else ids, start, end)
    in_period = period_partnerships(start, end) if with_total else []  # 1 query
    goals = _load_goals(sorted(set(ids) | {p.pk for p in in_period}), start, end)  # 4 queries
    out: dict[int | None, IndicatorResult] = {
        p.pk: _assemble(facts.of(p.pk), partnership=p, partnerships=[p], goals=goals, start=start, end=end)
        for p in partnerships
    }
    if with_total:
        out[None] = _assemble(
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


def _assemble(
    facts: _Facts,
    *,
    partnership: Partnership | None,
    partnerships: list[Partnership],
    goals: _Goals,
    start: dt.date,
    end: dt.date,
) -> IndicatorResult:
    """One scope's result from its facts (no queries)."""
    placements = facts.placements
    n_days = (end - start).days + 1
    started, ended, active = _Counter(), _Counter(), _Counter()
    ind = {code: _Counter() for code in PREDEFINED}
    outcomes = {o: _Counter() for o in OUTCOMES}
    work_or_studies = _Counter()
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
    share = _period_share(start, end)
    indicators = []
    for code in PREDEFINED:
        target, unit = targets.get(code, (None, Goal.Unit.COUNT))
        pro_rata = None
        if target is not None:
            pro_rata = _q1(target * share) if unit == Goal.Unit.COUNT else target
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
            target_pro_rata=_q1(per_year_target * _year_share(start, end, y)) if per_year_target else None,
        )
        for y in _period_years(start, end)
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
            median_days=_q1(Decimal(str(statistics.median(lengths)))) if lengths else None,
            average_days=_q1(Decimal(sum(lengths)) / len(lengths)) if lengths else None,
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
        economy=_economy(facts, start, end),
        exit_followups=_exit_followups(facts.exits),
        reported_only=partnership is not None and partnership.reported_only,
        capacity_unit_label=str(partnership.get_capacity_unit_display()) if partnership is not None else "",
    )
    if partnership is not None:
        measured = {"work_or_studies": work_or_studies.breakdown()}
        result.goals = []
        for g in goals.rows.get(partnership.pk, ()):
            if g["within_days"] is not None or g["followup_months"] is not None:
                followed = _followed_up_outcome(
                    g, placements, goals.followups.get(partnership.pk, []), start, end
                )
                result.goals.append(
                    _goal_result(g, result, {**measured, g["outcome"]: followed}, goals, partnership)
                )
            else:
                result.goals.append(_goal_result(g, result, measured, goals, partnership))
    return result


def _goal_result(
    g: dict, result: IndicatorResult, measured: dict[str, Breakdown], goals: _Goals, partnership: Partnership
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
        years=_period_share(result.start, result.end),
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


def _day_start(day: dt.date) -> dt.datetime:
    """The first instant of `day` in the current time zone: `held_at >= _day_start(d)` is the same as
    `held_at__date >= d` (which converts every row's time to a local date, so no index or fast scan)."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def _cumulative(by_day: Counter, n_days: int) -> list[int]:
    return list(accumulate(by_day.get(i, 0) for i in range(n_days)))


def _placement_rows(scope: Q, start: dt.date, end: dt.date) -> list[dict]:
    """Placements overlapping the period with the indicator facts annotated (one query)."""
    until = end
    # Held by the end of the period: an instant before the next day starts (no per-row date conversion).
    before = _day_start(end + ONE_DAY)

    def count(qs, distinct: str | None = None) -> Coalesce:
        """A correlated count per placement (an index scan on the placement each, where an Exists per
        kind became a hashed subplan scanning the whole talk table once per kind)."""
        counted = (
            qs.order_by().values("placement").annotate(n=Count(distinct or "pk", distinct=bool(distinct)))
        )
        return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), Value(0))

    # Distinct kinds among the held introduction and exit talks by the period end (2 = both).
    intro_exit = Talk.objects.filter(
        placement=OuterRef("pk"),
        kind__in=[Talk.Kind.START_MEETING, Talk.Kind.EXIT_MEETING],
        status=Talk.Status.HELD,
        held_at__lt=before,
    )
    # Distinct occasions among the participant's own start and end self-assessments (2 = both).
    assessed = SelfAssessment.objects.filter(
        placement=OuterRef("pk"),
        occasion__in=[SelfAssessment.Occasion.START, SelfAssessment.Occasion.END],
        kind=SelfAssessment.Kind.PARTICIPANT,
        assessed_on__lte=until,
    )
    # Joint follow-ups held during the placement (between its start and its end) and by the period end.
    joint = Talk.objects.filter(JOINT_Q, placement=OuterRef("pk"), held_at__lt=before).filter(
        held_at__date__gte=OuterRef("start_date"), held_at__date__lte=OuterRef("occupied_until")
    )
    return list(
        Placement.objects.filter(scope)
        .overlapping(start, end)
        .with_occupied_until()
        .annotate(
            joint_count=count(joint),
            intro_exit_kinds=count(intro_exit, "kind"),
            assessed_occasions=count(assessed, "occasion"),
        )
        .order_by("start_date", "pk")
        .values(
            "pk",
            "participant_id",
            "partnership_id",
            "start_date",
            "end_date",
            "planned_end_date",
            "occupied_until",
            "participant__gender",
            "participant__birth_date",
            "participant__education_level",
            "participant__support_kind",
            "end_reason__code",
            "end_reason__name",
            "end_reason__outcome",
            "end_reason__counts_as_completed_plan",
            "end_reason__is_interruption",
            "end_reason__sort_order",
            "joint_count",
            "intro_exit_kinds",
            "assessed_occasions",
        )
    )


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
        average=_q1(Decimal(sum(series)) / n_days),
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
    required = _q1(Meeting.STEERING_PER_YEAR * _period_share(start, end) * len(partnerships))
    return Steering(held=len(dates), required=required, dates=list(dates))


def _economy(facts: _Facts, start: dt.date, end: dt.date) -> Economy:
    """Budget and in-kind of the period's budget years; invoiced and paid per budget category as known
    at the end of the period; overdue = approved or submitted invoices past their due date then."""
    available = True  # the invoicing app is always installed; the flag stays for the outputs' layout
    invoiced: dict = {}
    paid: dict = {}
    for (category, status, paid_on), (pos, neg) in facts.invoice_lines.items():
        amount = pos - abs(neg)
        invoiced[category] = invoiced.get(category, ZERO) + amount
        if status == Invoice.Status.PAID and (paid_on is None or paid_on <= end):
            paid[category] = paid.get(category, ZERO) + amount
    cats = [
        EconomyCategory(
            category=str(key),
            label=str(label),
            budget=facts.budget.get(key, ZERO),
            invoiced=invoiced.get(key, ZERO) if available else None,
            paid=paid.get(key, ZERO) if available else None,
        )
        for key, label in BudgetLine.Category.choices
    ]
    return Economy(
        years=_period_years(start, end),
        budget_total=sum((c.budget for c in cats), ZERO),
        invoicing_available=available,
        invoiced_total=sum((c.invoiced or ZERO for c in cats), ZERO) if available else None,
        paid_total=sum((c.paid or ZERO for c in cats), ZERO) if available else None,
        overdue_invoices=facts.overdue if available else None,
        categories=cats,
        in_kind=[dict(c) for c in facts.in_kind],
    )


def _money(value) -> Decimal:
    """Sums come back from SQLite with many decimals: always two places."""
    return Decimal(value or 0).quantize(Decimal("0.01"))


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
