"""The facts: every row the engine reads, loaded once for many partnerships and split by partnership."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from followup.models import JOINT_Q, ExitFollowUp, SelfAssessment, Talk
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
    for row in _placement_rows(scope, start, end):  # 1 query
        placement_partnership[row["pk"]] = row["partnership_id"]
        # Age band at the start of the placement (the first placement in the period decides).
        row["dims"] = (
            row["participant__gender"],
            age_band(age_on(row["participant__birth_date"], row["start_date"])),
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
            held_at__gte=day_start(start),
            held_at__lt=day_start(end + ONE_DAY),
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


def _placement_rows(scope: Q, start: dt.date, end: dt.date) -> list[dict]:
    """Placements overlapping the period with the indicator facts annotated (one query)."""
    until = end
    # Held by the end of the period: an instant before the next day starts (no per-row date conversion).
    before = day_start(end + ONE_DAY)

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
