"""The facts: every row the engine reads, loaded once for many partnerships and split by partnership."""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, F, IntegerField, Q, When
from django.db.models.expressions import CombinedExpression

from followup.models import ExitFollowUp, Talk
from followup.selectors import progression_rows
from iop.models import Meeting
from participants.models import Pause, Placement
from participants.models.placement import PlacementExtension
from reporting.indicators.dimensions import age_band, age_on
from reporting.indicators.economy import load_economy
from reporting.indicators.periods import ONE_DAY, day_start


@dataclass
class Facts:
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


class FactSet:
    """The facts of everything loaded (`whole`) and split by partnership (`of(pk)`)."""

    def __init__(self) -> None:
        self.whole = Facts()
        self.parts: dict[int | None, Facts] = defaultdict(Facts)

    def of(self, partnership_id: int) -> Facts:
        return self.parts.get(partnership_id) or Facts()

    def both(self, partnership_id: int | None) -> tuple[Facts, Facts]:
        return self.whole, self.parts[partnership_id]


def load_facts(partnership_ids: list[int] | None, start: dt.date, end: dt.date) -> FactSet:
    """Read every fact of the period once, for the partnerships (None: all, unfiltered), split by
    partnership. 11 queries (+2 with invoicing), whatever the number of partnerships."""
    scope = Q(partnership_id__in=partnership_ids) if partnership_ids is not None else Q()

    def via(path: str) -> Q:
        return Q(**{f"{path}__in": partnership_ids}) if partnership_ids is not None else Q()

    facts = FactSet()
    placement_partnership: dict[int, int] = {}
    whole, parts = facts.whole.placements, facts.parts
    for row in _placement_rows(scope, start, end):  # 1 query
        partnership_id = row["partnership_id"]
        placement_partnership[row["pk"]] = partnership_id
        # Age band at the start of the placement (the first placement in the period decides).
        row["dims"] = (
            row["participant__gender"],
            age_band(age_on(row["participant__birth_date"], row["start_date"])),
            row["participant__education_level"],
            row["participant__support_kind"],
        )
        whole.append(row)
        parts[partnership_id].placements.append(row)
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
            held_at__gte=day_start(start),
            held_at__lt=day_start(end + ONE_DAY),
        )
        .order_by()
        .values_list("placement__partnership_id", "kind")
        # Count rows, not ids: the id is not in followup's talk_held_at_kind_idx, and counting it made
        # PostgreSQL visit every talk of the period in the table instead of reading the index alone.
        .annotate(c=Count("*"))
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
    load_economy(facts, scope, via, start, end)  # 2 queries (+2 with invoicing)
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


# The per-placement facts (followup.models.PlacementFacts) read with each placement: a join, one row each.
JOINT_DATES = ("facts__first_joint_on", "facts__second_joint_on")
INTRO_EXIT_DATES = ("facts__start_meeting_on", "facts__exit_meeting_on")
ASSESSED_DATES = ("facts__start_assessed_on", "facts__end_assessed_on")


def _held_by(fields: tuple[str, ...], *bounds: dt.date | F) -> Case | CombinedExpression:
    """How many of the placement's facts dates (`facts__…`) are set and on or before each of `bounds`,
    counted in the database: the placement rows arrive with their counts, no dates to compare in Python."""
    terms = [
        Case(
            When(
                functools.reduce(operator.and_, [Q(**{f"{field}__lte": bound}) for bound in bounds]), then=1
            ),
            default=0,
            output_field=IntegerField(),
        )
        for field in fields
    ]
    return functools.reduce(operator.add, terms)


def _placement_rows(scope: Q, start: dt.date, end: dt.date) -> list[dict]:
    """Placements overlapping the period with the indicator facts as of the period end (one query).

    Each placement's facts row (followup.models.PlacementFacts, joined) holds the dates at which each
    criterion became true, so "held by the period end" is "on or before `end`": the same figures whenever
    a past period is regenerated.
    - joint_count: the joint follow-ups held during the placement (from its start to occupied_until)
      and by the period end, capped at JOINT_FOLLOWUPS_REQUIRED (the row keeps the first two);
    - intro_exit_kinds: distinct kinds among the held start and exit meetings by the end (2 = both);
    - assessed_occasions: the participant's start and end self-assessments by the end (2 = both).
    A placement without a facts row has none of them."""
    return list(
        Placement.objects.filter(scope)
        .overlapping(start, end)
        .with_occupied_until()
        .annotate(
            joint_count=_held_by(JOINT_DATES, end, F("occupied_until")),
            intro_exit_kinds=_held_by(INTRO_EXIT_DATES, end),
            assessed_occasions=_held_by(ASSESSED_DATES, end),
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
