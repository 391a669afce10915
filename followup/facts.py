"""The per-placement follow-up facts (followup.models.PlacementFacts): recomputed from scratch for the
placements a write touched, in the write's transaction, and rebuilt for everything by a command.

Each function takes the models it works on (`FactModels`) so the data migration can run it on the
historical models; the services use the real ones (`refresh_placement_facts`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone

from followup.models import JOINT_FOLLOWUP_KINDS, JOINT_Q, PlacementFacts, SelfAssessment, Talk
from participants.models import Placement

FACT_FIELDS = (
    "first_joint_on",
    "second_joint_on",
    "start_meeting_on",
    "exit_meeting_on",
    "start_assessed_on",
    "end_assessed_on",
    "last_talk_at",
)
HELD = str(Talk.Status.HELD)
START_MEETING, EXIT_MEETING = str(Talk.Kind.START_MEETING), str(Talk.Kind.EXIT_MEETING)
JOINT_KINDS = {str(k) for k in JOINT_FOLLOWUP_KINDS}
REBUILD_BATCH = 2000


@dataclass(frozen=True)
class FactModels:
    """The models the facts are computed from and written to (real or historical)."""

    placement: Any = Placement
    talk: Any = Talk
    assessment: Any = SelfAssessment
    facts: Any = PlacementFacts


def compute_facts(placement_ids: Iterable[int], models: FactModels = FactModels()) -> dict[int, dict]:
    """The facts of the placements, computed from their talks and self-assessments (4 queries)."""
    tz = timezone.get_default_timezone()
    starts = dict(models.placement.objects.filter(pk__in=list(placement_ids)).values_list("pk", "start_date"))
    rows: dict[int, dict] = {pk: dict.fromkeys(FACT_FIELDS) for pk in starts}
    ids = list(starts)
    held = models.talk.objects.filter(placement_id__in=ids, status=HELD)
    # The joint follow-ups and the start and exit meetings, in the order held: the first of each decide.
    # (Every row of a joint kind here is a joint follow-up: the other branch holds no such kind.)
    for placement_id, kind, held_at in (
        held.filter(JOINT_Q | Q(kind__in=[START_MEETING, EXIT_MEETING]))
        .order_by("placement_id", "held_at", "pk")
        .values_list("placement_id", "kind", "held_at")
        .iterator(chunk_size=5000)
    ):
        row = rows[placement_id]
        day = held_at.astimezone(tz).date()
        if kind == START_MEETING:
            row["start_meeting_on"] = row["start_meeting_on"] or day
        elif kind == EXIT_MEETING:
            row["exit_meeting_on"] = row["exit_meeting_on"] or day
        elif kind in JOINT_KINDS and day >= starts[placement_id]:
            if row["first_joint_on"] is None:
                row["first_joint_on"] = day
            elif row["second_joint_on"] is None:
                row["second_joint_on"] = day
    for placement_id, last in (
        held.order_by().values("placement_id").annotate(m=Max("held_at")).values_list("placement_id", "m")
    ):
        rows[placement_id]["last_talk_at"] = last
    occasion_field = {"start": "start_assessed_on", "end": "end_assessed_on"}
    for placement_id, occasion, day in (
        models.assessment.objects.filter(
            placement_id__in=ids, kind="participant", occasion__in=list(occasion_field)
        )
        .order_by()
        .values("placement_id", "occasion")
        .annotate(m=Min("assessed_on"))
        .values_list("placement_id", "occasion", "m")
    ):
        rows[placement_id][occasion_field[occasion]] = day
    return rows


def _write(rows: dict[int, dict], models: FactModels) -> None:
    models.facts.objects.bulk_create(
        [models.facts(placement_id=pk, **values) for pk, values in rows.items()],
        update_conflicts=True,
        unique_fields=["placement"],
        update_fields=list(FACT_FIELDS),
    )


def refresh_placement_facts(placement_ids: Iterable[int | None]) -> None:
    """Recompute the facts rows of these placements from scratch (4 queries, whatever their history).
    Called by every service that writes talks, self-assessments or placements' start, in its
    transaction; ids that are None (a study visit on a referral) are skipped."""
    ids = {pk for pk in placement_ids if pk is not None}
    if ids:
        with transaction.atomic():
            _write(compute_facts(ids), FactModels())


def rebuild_placement_facts(
    *, batch_size: int = REBUILD_BATCH, models: FactModels = FactModels(), log=lambda n: None
) -> int:
    """Recompute every placement's facts row, `batch_size` placements per transaction (constant memory,
    keyset over the primary key). Returns the number of placements."""
    last, done = 0, 0
    while True:
        ids = list(
            models.placement.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return done
        with transaction.atomic():
            _write(compute_facts(ids, models), models)
        last, done = ids[-1], done + len(ids)
        log(done)


def facts_table(models: FactModels = FactModels()) -> dict[int, tuple]:
    """Every facts row as placement id → values (for comparing the incremental rows with a rebuild)."""
    return {
        row[0]: tuple(row[1:])
        for row in models.facts.objects.order_by("pk").values_list("placement_id", *FACT_FIELDS)
    }
