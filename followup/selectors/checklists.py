"""The indicator checklist (indikatorer) of a placement: introduction, joint follow-ups, self-assessments
at start and end, exit meeting and the last supervision talk, in a fixed number of queries."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils.translation import gettext_lazy as _

from followup.models import Talk
from participants.models import Placement

if TYPE_CHECKING:
    from typing import TypedDict

    from django_stubs_ext import WithAnnotations

    class _ChecklistFacts(TypedDict):
        fu_intro_held: bool
        fu_joint_count: int
        fu_start_sa: bool
        fu_end_sa: bool
        fu_exit_held: bool
        fu_exit_booked: bool
        fu_last_supervision: dt.datetime | None

    # A placement carrying the checklist's annotations (`fu_*`, written by `with_checklist`).
    ChecklistPlacement = WithAnnotations[Placement, _ChecklistFacts]
else:
    ChecklistPlacement = Placement

JOINT_FOLLOWUPS_REQUIRED = 2


# --- The indicator checklist -------------------------------------------------------------------


@dataclass
class ChecklistItem:
    key: str
    label: str
    done: bool | None  # None: cannot be decided yet (placement not ended)
    detail: str = ""


@dataclass
class Checklist:
    """The agreement's five indicators for one placement (indikatorer per deltagare)."""

    placement: Placement
    items: list[ChecklistItem]
    due: dt.date  # by when the missing parts must happen: the planned end (or the actual end)
    joint_followups: int = 0
    exit_booked: bool = False

    @property
    def missing(self) -> list[ChecklistItem]:
        return [i for i in self.items if i.done is False]

    @property
    def done_count(self) -> int:
        return sum(1 for i in self.items if i.done)


def _recorded(field: str) -> ExpressionWrapper:
    """Whether the placement's facts row (PlacementFacts, LEFT JOIN: no row, no facts) has a date."""
    return ExpressionWrapper(Q(**{f"facts__{field}__isnull": False}), output_field=BooleanField())


def with_checklist(qs: QuerySet[Placement]) -> QuerySet[ChecklistPlacement]:
    """Annotate what the checklist needs in the same query (no per-row queries).

    The held talks and self-assessments are read from the placement's facts row (followup.facts), not
    counted over its talks: the joint follow-ups are those the indicator counts (held on or after the
    start), up to the JOINT_FOLLOWUPS_REQUIRED the row keeps. The booked exit meeting and the last
    supervision talk are not facts: one semi-join and one subquery on the placement's talks."""
    return qs.select_related("end_reason").annotate(
        fu_intro_held=_recorded("start_meeting_on"),
        fu_joint_count=Case(
            When(facts__second_joint_on__isnull=False, then=Value(2)),
            When(facts__first_joint_on__isnull=False, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        fu_start_sa=_recorded("start_assessed_on"),
        fu_end_sa=_recorded("end_assessed_on"),
        fu_exit_held=_recorded("exit_meeting_on"),
        fu_exit_booked=Exists(Talk.objects.filter(placement=OuterRef("pk"), kind=Talk.Kind.EXIT_MEETING)),
        fu_last_supervision=Subquery(
            Talk.objects.filter(
                placement=OuterRef("pk"), kind=Talk.Kind.SUPERVISION_TALK, status=Talk.Status.HELD
            )
            .order_by("-held_at")
            .values("held_at")[:1]
        ),
    )


def _checklist_from_annotated(p: ChecklistPlacement) -> Checklist:
    due = p.end_date or p.planned_end_date
    joint = p.fu_joint_count or 0
    if p.end_date is None:
        completed, completed_detail = None, str(_("Avgörs vid avslut"))
    else:
        completed = bool(p.end_reason and p.end_reason.counts_as_completed_plan)
        completed_detail = str(p.end_reason) if p.end_reason else ""
    items = [
        ChecklistItem("intro", str(_("Introduktionssamtal genomfört")), bool(p.fu_intro_held)),
        ChecklistItem(
            "joint",
            str(_("Uppföljningar med handledare och handläggare")),
            joint >= JOINT_FOLLOWUPS_REQUIRED,
            str(_("%(n)s av %(req)s")) % {"n": joint, "req": JOINT_FOLLOWUPS_REQUIRED},
        ),
        ChecklistItem(
            "self_assessment",
            str(_("Självskattning vid start och avslut")),
            bool(p.fu_start_sa and p.fu_end_sa),
            " · ".join(
                [
                    str(_("start ✓")) if p.fu_start_sa else str(_("start saknas")),
                    str(_("avslut ✓")) if p.fu_end_sa else str(_("avslut saknas")),
                ]
            ),
        ),
        ChecklistItem(
            "exit",
            str(_("Avslutningssamtal genomfört")),
            bool(p.fu_exit_held),
            str(_("bokat")) if (p.fu_exit_booked and not p.fu_exit_held) else "",
        ),
        ChecklistItem("completed", str(_("Genomförd enligt individuell plan")), completed, completed_detail),
    ]
    return Checklist(
        placement=p, items=items, due=due, joint_followups=joint, exit_booked=bool(p.fu_exit_booked)
    )


def placement_checklists(placements: Iterable[Placement] | QuerySet[Placement]) -> list[Checklist]:
    """Checklists for many placements in ONE query. A queryset is annotated as given (keep its
    select_related/order); a list of instances is re-read by primary key in the same order."""
    if isinstance(placements, QuerySet):
        return [_checklist_from_annotated(p) for p in with_checklist(placements)]
    items = list(placements)
    if not items:
        return []
    by_pk = {
        p.pk: p
        for p in with_checklist(
            Placement.objects.filter(pk__in=[p.pk for p in items]).select_related(
                "participant", "partnership"
            )
        )
    }
    return [_checklist_from_annotated(by_pk[p.pk]) for p in items if p.pk in by_pk]


def placement_checklist(placement: Placement) -> Checklist:
    """The checklist of one placement (one query)."""
    return placement_checklists([placement])[0]
