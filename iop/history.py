"""The change history (ändringshistorik) of a partnership, across its parts.

Reads django-simple-history's tables for the partnership and its parties, periods, budget lines,
goals, amendments, staff, meetings and action points, and turns each historical row into an entry:
when, who, what, and which fields changed from what to what.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iop.models import (
    ActionPoint,
    AgreementPeriod,
    Amendment,
    BudgetLine,
    Goal,
    Meeting,
    Partnership,
    PartnershipParty,
    StaffMember,
)

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


def _display(record, f: models.Field) -> str:
    value = getattr(record, f.attname)
    if value is None or value == "":
        return "–"
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.ForeignKey):
        try:
            return str(getattr(record, f.name))
        except ObjectDoesNotExist:
            return f"#{value}"
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
    meeting_ids = set(Meeting.history.filter(partnership_id=partnership.pk).values_list("id", flat=True))
    yield Partnership, Partnership.history.filter(id=partnership.pk)
    for model in (PartnershipParty, AgreementPeriod, BudgetLine, Goal, Amendment, StaffMember, Meeting):
        yield model, model.history.filter(partnership_id=partnership.pk)
    yield ActionPoint, ActionPoint.history.filter(meeting_id__in=meeting_ids)


def partnership_history(partnership: Partnership, *, limit: int = 200) -> list[HistoryEntry]:
    """The latest `limit` changes of a partnership and its parts, newest first."""
    entries: list[HistoryEntry] = []
    for model, qs in _history_rows(partnership):
        records = list(qs.select_related("history_user").order_by("id", "history_date", "history_id"))
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
                    Change(_field_label(f), _display(prev, f), _display(record, f))
                    for f in fields
                    if f.name in changed
                ]
            elif record.history_type == "+":
                changes = [
                    Change(_field_label(f), "", _display(record, f))
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
                    label=_label(record, model),
                    changes=changes,
                )
            )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


def _label(record, model: type[models.Model]) -> str:
    try:
        return str(record.instance)
    except ObjectDoesNotExist:
        return f"{model._meta.verbose_name} #{record.id}"
