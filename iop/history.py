"""The change history (ändringshistorik) of a partnership, across its parts.

Reads django-simple-history's tables for the partnership and its parties, periods, budget lines,
goals, amendments, staff, meetings, action points and risks, and turns each historical row into an entry:
when, who, what, and which fields changed from what to what.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iop.models.budget import BudgetLine
from iop.models.goals import Goal
from iop.models.partnership import AgreementPeriod, Amendment, Partnership, PartnershipParty
from iop.models.risk import Risk
from iop.models.staff import StaffMember
from iop.models.steering import ActionPoint, Meeting

# Objects a history row points at, by (model, primary key).
Related = dict[tuple[type[models.Model], Any], models.Model]

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
# Foreign keys declared without a verbose_name.
FIELD_LABELS = {"meeting": gettext_lazy("möte"), "party": gettext_lazy("part")}
SKIPPED_FIELDS = {"id", "created_at", "updated_at", "partnership", "concerns_type", "concerns_id"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: dt.datetime
    who: object
    action: str  # created / changed / deleted
    what: str  # verbose name of the model
    label: str  # the object
    changes: list[Change] = field(default_factory=list)


def _display(record, f: models.Field, related: Related) -> str:
    value = getattr(record, f.attname)
    if value is None or value == "":
        return "–"
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.ForeignKey):
        target = related.get((_target_model(f), value))
        return str(target) if target is not None else f"#{value}"
    if isinstance(f, models.BooleanField):
        return _("Ja") if value else _("Nej")
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", ",")
    if isinstance(f, models.FileField):
        return value.rsplit("/", 1)[-1]
    text = str(value)
    return text if len(text) <= 120 else text[:117] + "…"


def _field_label(f: models.Field) -> str:
    if f.verbose_name == f.name.replace("_", " ") and f.name in FIELD_LABELS:
        return str(FIELD_LABELS[f.name])
    return str(f.verbose_name)


def _fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.fields if f.name not in SKIPPED_FIELDS]


def _history_rows(partnership: Partnership):
    yield Partnership, Partnership.history.filter(id=partnership.pk)
    for model in (PartnershipParty, AgreementPeriod, BudgetLine, Goal, Amendment, StaffMember, Meeting, Risk):
        yield model, model.history.filter(partnership_id=partnership.pk)
    meetings = Meeting.history.filter(partnership_id=partnership.pk).values("id")
    yield ActionPoint, ActionPoint.history.filter(meeting_id__in=meetings)


def _foreign_keys(model: type[models.Model]) -> list[models.ForeignKey]:
    # The partnership itself is never shown or named in an entry (the page is its history).
    return [
        f for f in model._meta.fields if isinstance(f, models.ForeignKey) and f.name not in SKIPPED_FIELDS
    ]


def _target_model(f: models.Field) -> type[models.Model]:
    """The model a foreign key points at (resolved: never the string "self" once apps are loaded)."""
    return cast(type[models.Model], f.related_model)


def _load_related(rows: list[tuple[type[models.Model], list]]) -> Related:
    """Every object the rows' foreign keys point at, and the objects those point at in turn (a
    party's organisation names an amendment), one query per related model: the page's query count
    does not grow with the number of changes."""
    related: Related = {}
    level = [(model, record) for model, records in rows for record in records]
    for _depth in range(2):
        wanted: dict[type[models.Model], set] = defaultdict(set)
        for model, obj in level:
            for f in _foreign_keys(model):
                value = getattr(obj, f.attname)
                if value is not None and (_target_model(f), value) not in related:
                    wanted[_target_model(f)].add(value)
        level = []
        for target, ids in wanted.items():
            for pk, obj in target._default_manager.in_bulk(ids).items():
                related[(target, pk)] = obj
                level.append((target, obj))
    # The loaded objects point at each other, so their names need no query.
    for target_key, obj in related.items():
        _attach(target_key[0], obj, related)
    return related


def _attach(model: type[models.Model], obj, related: Related) -> None:
    for f in _foreign_keys(model):
        target = related.get((_target_model(f), getattr(obj, f.attname)))
        if target is not None:
            f.set_cached_value(obj, target)


def partnership_history(partnership: Partnership, *, limit: int = 200) -> list[HistoryEntry]:
    """The latest `limit` changes of a partnership and its parts, newest first."""
    entries: list[HistoryEntry] = []
    rows = [
        (model, list(qs.select_related("history_user").order_by("id", "history_date", "history_id")))
        for model, qs in _history_rows(partnership)
    ]
    related = _load_related(rows)
    for model, records in rows:
        fields = _fields(model)
        previous: dict[int, object] = {}
        for record in records:
            prev = previous.get(record.id)
            changes = []
            if record.history_type == "~" and prev is not None:
                changed = set(
                    record.diff_against(prev, included_fields=[f.name for f in fields]).changed_fields
                )
                # In the model's field order, as the forms show them (diff_against sorts by name).
                changes = [
                    Change(_field_label(f), _display(prev, f, related), _display(record, f, related))
                    for f in fields
                    if f.name in changed
                ]
            elif record.history_type == "+":
                changes = [
                    Change(_field_label(f), "", _display(record, f, related))
                    for f in fields
                    if getattr(record, f.attname) not in (None, "", False)
                ]
            previous[record.id] = record
            if record.history_type == "~" and prev is not None and not changes:
                continue  # saved without a change of the tracked fields
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=record.history_user,
                    action=ACTIONS[record.history_type],
                    what=str(model._meta.verbose_name),
                    label=_label(record, model, related),
                    changes=changes,
                )
            )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


def _label(record, model: type[models.Model], related: Related) -> str:
    instance = record.instance
    _attach(model, instance, related)
    try:
        return str(instance)
    except ObjectDoesNotExist:
        return f"{model._meta.verbose_name} #{record.id}"
