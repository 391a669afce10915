"""Read queries of the followup app, shared by pages, reminders and the reporting engine.

Access: talks, self-assessments and exit follow-ups are read through the placement they belong to,
so the rules of `participants.selectors.placements_visible_to` apply (coordinators all, case officers
their own participants, supervisors their organisation's placements with consent); steering group,
ekonomi and attestant never see them.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from followup.models import JOINT_Q, ExitFollowUp, SelfAssessment, SelfAssessmentAnswer, Talk
from iop import disclosure
from iop.periods import enclosing, fixed_window
from participants.models import Placement
from participants.selectors import placements_visible_to

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


# --- Access ------------------------------------------------------------------------------------


def talks_visible_to(user: Any, *, today: dt.date | None = None) -> QuerySet[Talk]:
    """Talks on placements the user may see (study visits on referrals are not shown in these pages)."""
    return Talk.objects.filter(placement__in=placements_visible_to(user, today=today).values("pk"))


def active_placements_for(user: Any, *, today: dt.date | None = None) -> QuerySet[Placement]:
    """ "Mina deltagare": the user's visible placements that have not ended (ongoing or upcoming)."""
    today = today or timezone.localdate()
    return (
        placements_visible_to(user, today=today)
        .filter(end_date__isnull=True)
        .select_related("participant", "partnership", "supervisor", "work_area", "end_reason")
        .order_by("planned_end_date", "pk")
    )


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


def _talk_exists(kind: str, status: str | None = Talk.Status.HELD) -> Exists:
    qs = Talk.objects.filter(placement=OuterRef("pk"), kind=kind)
    if status:
        qs = qs.filter(status=status)
    return Exists(qs)


def _assessment_exists(occasion: str) -> Exists:
    return Exists(
        SelfAssessment.objects.filter(
            placement=OuterRef("pk"), occasion=occasion, kind=SelfAssessment.Kind.PARTICIPANT
        )
    )


def with_checklist(qs: QuerySet[Placement]) -> QuerySet[ChecklistPlacement]:
    """Annotate what the checklist needs in the same query (no per-row queries)."""
    joint = (
        Talk.objects.filter(JOINT_Q, placement=OuterRef("pk"))
        .order_by()
        .values("placement")
        .annotate(c=Count("pk"))
        .values("c")
    )
    return qs.select_related("end_reason").annotate(
        fu_intro_held=_talk_exists(Talk.Kind.START_MEETING),
        fu_joint_count=Coalesce(Subquery(joint, output_field=IntegerField()), Value(0)),
        fu_start_sa=_assessment_exists(SelfAssessment.Occasion.START),
        fu_end_sa=_assessment_exists(SelfAssessment.Occasion.END),
        fu_exit_held=_talk_exists(Talk.Kind.EXIT_MEETING),
        fu_exit_booked=_talk_exists(Talk.Kind.EXIT_MEETING, status=None),
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


# --- Progression -------------------------------------------------------------------------------


@dataclass
class ProgressionRow:
    code: str
    wording: str
    order: int
    values: dict[tuple[str, str], int | None] = field(default_factory=dict)  # (kind, occasion) -> value

    def get(self, kind: str, occasion: str) -> int | None:
        return self.values.get((kind, occasion))

    @property
    def start(self) -> int | None:
        return self.get(SelfAssessment.Kind.PARTICIPANT, SelfAssessment.Occasion.START)

    @property
    def mid(self) -> int | None:
        return self.get(SelfAssessment.Kind.PARTICIPANT, SelfAssessment.Occasion.MID)

    @property
    def end(self) -> int | None:
        return self.get(SelfAssessment.Kind.PARTICIPANT, SelfAssessment.Occasion.END)

    @property
    def officer_start(self) -> int | None:
        return self.get(SelfAssessment.Kind.CASE_OFFICER, SelfAssessment.Occasion.START)

    @property
    def officer_end(self) -> int | None:
        return self.get(SelfAssessment.Kind.CASE_OFFICER, SelfAssessment.Occasion.END)

    @property
    def supervisor_start(self) -> int | None:
        return self.get(SelfAssessment.Kind.SUPERVISOR, SelfAssessment.Occasion.START)

    @property
    def supervisor_end(self) -> int | None:
        return self.get(SelfAssessment.Kind.SUPERVISOR, SelfAssessment.Occasion.END)

    @property
    def change(self) -> int | None:
        return self.end - self.start if self.start is not None and self.end is not None else None


@dataclass
class Progression:
    placement: Placement
    rows: list[ProgressionRow]
    assessments: list[SelfAssessment]
    scale_min: int = 1
    scale_max: int = 10


def placement_progression(placement: Placement) -> Progression:
    """Start vs (mid) vs end per item for one placement, with the case officer's and supervisor's
    parallel assessments; items matched by their stable `code` (two queries)."""
    assessments = list(
        SelfAssessment.objects.filter(placement=placement).select_related("instrument", "created_by")
    )
    answers = SelfAssessmentAnswer.objects.filter(assessment__placement=placement).select_related(
        "item", "assessment"
    )
    rows: dict[str, ProgressionRow] = {}
    scale_min, scale_max = 1, 10
    for a in answers:
        row = rows.setdefault(a.item.code, ProgressionRow(a.item.code, a.item.wording, a.item.order))
        row.values[(a.assessment.kind, a.assessment.occasion)] = a.value
        scale_min, scale_max = a.scale_min, a.scale_max
    return Progression(
        placement=placement,
        rows=sorted(rows.values(), key=lambda r: (r.order, r.code)),
        assessments=assessments,
        scale_min=scale_min,
        scale_max=scale_max,
    )


def progression_rows(scope: Q, start: dt.date, end: dt.date) -> QuerySet:
    """(partnership id, placement id, occasion, item code, wording, order, value) of the participant's own
    start and end self-assessments, for placements whose END assessment is dated within [start, end] (both
    inclusive); `scope` filters those end assessments (e.g. `Q(placement__partnership_id=…)`). One query;
    the page's distribution and the indicator engine both read progression through it."""
    placement_ids = SelfAssessment.objects.filter(
        scope,
        kind=SelfAssessment.Kind.PARTICIPANT,
        occasion=SelfAssessment.Occasion.END,
        assessed_on__gte=start,
        assessed_on__lte=end,
    ).values("placement_id")
    return SelfAssessmentAnswer.objects.filter(
        assessment__placement_id__in=placement_ids,
        assessment__kind=SelfAssessment.Kind.PARTICIPANT,
        assessment__occasion__in=[SelfAssessment.Occasion.START, SelfAssessment.Occasion.END],
    ).values_list(
        "assessment__placement__partnership_id",
        "assessment__placement_id",
        "assessment__occasion",
        "item__code",
        "item__wording",
        "item__order",
        "value",
    )


@dataclass
class ItemChanges:
    """One self-assessment item's end − start changes, one per placement that answered it both times."""

    code: str
    wording: str
    order: int
    changes: list[int]

    @property
    def improved(self) -> int:
        return sum(1 for c in self.changes if c > 0)

    @property
    def unchanged(self) -> int:
        return sum(1 for c in self.changes if c == 0)

    @property
    def worsened(self) -> int:
        return sum(1 for c in self.changes if c < 0)


def progression_changes(rows: Iterable[tuple]) -> tuple[int, list[ItemChanges]]:
    """Progression (stegförflyttning) from (placement id, occasion, item code, wording, order, value) rows:
    the number of placements with both a start and an end answer, and per item (in the instrument's order)
    the change of each. No queries."""
    values: dict[tuple[int, str], dict[str, int]] = defaultdict(dict)
    meta: dict[str, tuple[str, int]] = {}
    for placement_id, occasion, code, wording, order, value in rows:
        values[(placement_id, code)][occasion] = value
        meta.setdefault(code, (wording, order))
    both: set[int] = set()
    changes: dict[str, list[int]] = defaultdict(list)
    for (placement_id, code), v in values.items():
        if "start" in v and "end" in v:
            both.add(placement_id)
            changes[code].append(v["end"] - v["start"])
    items = [
        ItemChanges(code, wording, order, changes.get(code, []))
        for code, (wording, order) in sorted(meta.items(), key=lambda kv: (kv[1][1], kv[0]))
    ]
    return len(both), items


def progression_distribution(partnership: Any, start: dt.date, end: dt.date) -> dict:
    """Distribution of change per item in a partnership ("stegförflyttning"): for every placement with
    the participant's own self-assessment at start AND at end, where the END assessment is dated within
    [start, end] (both inclusive), compare end − start per item (matched by item code).

    Returns::

        {"partnership_id": 1, "start": date, "end": date, "placements": 12,
         "items": {"believes_job": {"wording": "...", "order": 0, "n": 12,
                                    "improved": 7, "unchanged": 3, "worsened": 2,
                                    "mean_change": 1.25}, ...}}

    `placements` counts placements with both assessments; `n` per item counts those that answered the
    item both times. `mean_change` is a float rounded to 2 decimals (None when n = 0). One query.
    """
    partnership_id = getattr(partnership, "pk", partnership)
    rows = progression_rows(Q(placement__partnership_id=partnership_id), start, end)
    placements, changes = progression_changes(row[1:] for row in rows)
    items = {
        item.code: {
            "wording": item.wording,
            "order": item.order,
            "n": len(item.changes),
            "improved": item.improved,
            "unchanged": item.unchanged,
            "worsened": item.worsened,
            "mean_change": round(sum(item.changes) / len(item.changes), 2) if item.changes else None,
        }
        for item in changes
    }
    return {
        "partnership_id": partnership_id,
        "start": start,
        "end": end,
        "placements": placements,
        "items": items,
    }


# --- Exit follow-ups ---------------------------------------------------------------------------


def exit_followups_for(placement: Placement) -> dict[int, ExitFollowUp]:
    return {
        f.months_after: f
        for f in ExitFollowUp.objects.filter(placement=placement).select_related("recorded_by")
    }


def published_distribution(partnership: Any, start: dt.date, end: dt.date) -> dict:
    """`progression_distribution` as the steering group may see it: for a fixed reporting period only
    (`iop.periods`), every count through `iop.disclosure` (the group, and per item improved /
    unchanged / worsened with their total), compared with the same counts of the periods enclosing this
    one so that no two periods differ by a few persons; the mean change is hidden with its base.
    Cells are `disclosure.Cell`s; `suppressed` tells whether anything is hidden. Two queries per period.
    """
    window = fixed_window(start, end)
    if window is None:
        raise ValueError("Protected progression is published for the fixed reporting periods only.")
    raw = progression_distribution(partnership, start, end)
    others = [progression_distribution(partnership, w.start, w.end) for w in enclosing(window)]
    return protect_distribution(raw, others)


def protect_distribution(raw: dict, others: list[dict]) -> dict:
    """The pure part of `published_distribution`: `raw` and the enclosing periods' `others` are
    `progression_distribution` results (no queries)."""
    group = disclosure.protect_count(raw["placements"], neighbours=[o["placements"] for o in others])
    keys = ("improved", "unchanged", "worsened")
    items: dict[str, dict] = {}
    suppressed = group.suppressed
    for code, item in raw["items"].items():
        neighbours = [[[o["items"][code][k] for k in keys]] for o in others if code in o["items"]]
        table = disclosure.protect_table(
            [[item[k] for k in keys]], row_totals=True, col_totals=False, neighbours=neighbours
        )
        total = table.row_totals[0] if table.row_totals else disclosure.protect_count(item["n"])
        items[code] = {
            "wording": item["wording"],
            "order": item["order"],
            "n": total,
            **dict(zip(keys, table.cells[0], strict=True)),
            "mean_change": (
                disclosure.Cell(value=None, label=disclosure.SECONDARY_LABEL, suppressed=True)
                if total.suppressed
                else item["mean_change"]
            ),
        }
        suppressed = suppressed or table.any_suppressed
    return {
        "partnership_id": raw["partnership_id"],
        "start": raw["start"],
        "end": raw["end"],
        "placements": group,
        "items": items,
        "suppressed": suppressed,
    }
