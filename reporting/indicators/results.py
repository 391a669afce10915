"""The result tree the engine returns (`IndicatorResult` and its parts) and its plain JSON form."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from reporting.goal_results import GoalResult
from reporting.indicators.dimensions import Breakdown
from reporting.indicators.protection import protect_result_dict


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
    """Steering-group meetings held in the period against what the agreements ask: `per_year` sums the
    agreed number of meetings a year over the partnerships that name one; with none, nothing is required."""

    held: int
    required: Decimal | None
    dates: list[dt.date]
    per_year: int | None = None


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
