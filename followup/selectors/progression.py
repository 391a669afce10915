"""Progression (stegförflyttning) of self-assessments between start and end: per placement, and per
partnership as a distribution, raw or published through disclosure control."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from followup.models import SelfAssessment, SelfAssessmentAnswer
from iop import disclosure
from iop.periods import enclosing, fixed_window
from participants.models import Placement

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
