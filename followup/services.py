"""Write services of the followup app: keyword-only, `full_clean()` then `save()` in a transaction."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from followup.facts import refresh_placement_facts
from followup.models import (
    DEFAULT_ITEMS,
    ExitFollowUp,
    SelfAssessment,
    SelfAssessmentAnswer,
    SelfAssessmentInstrument,
    SelfAssessmentItem,
    Talk,
)
from followup.models.talk import COMMON_FIELDS, EXIT_FIELDS, SUPERVISION_FIELDS
from iop.cache_version import bumps_data_version
from iop.models import Notification
from participants.models import Placement

TALK_FIELDS = (
    *COMMON_FIELDS,
    *SUPERVISION_FIELDS,
    *EXIT_FIELDS,
)


def _refresh_reminders(placement_id: int | None) -> None:
    """After the transaction, close the reminders this save resolved (followup.reminders)."""
    if placement_id is None:
        return
    from followup.reminders import refresh_placement

    transaction.on_commit(lambda: refresh_placement(placement_id))


def _set_history_user(obj: Any, by: Any) -> None:
    if by is not None and getattr(by, "pk", None):
        obj._history_user = by


def instrument_for(partnership: Any) -> SelfAssessmentInstrument:
    """The partnership's active instrument; creates the default (Employment Indicator Project items,
    scale 1–10) the first time."""
    with transaction.atomic():
        instrument = (
            SelfAssessmentInstrument.objects.select_for_update()
            .filter(partnership=partnership, active=True)
            .first()
        )
        if instrument is not None:
            return instrument
        instrument = SelfAssessmentInstrument(partnership=partnership)
        instrument.full_clean()
        instrument.save()
        SelfAssessmentItem.objects.bulk_create(
            SelfAssessmentItem(instrument=instrument, code=code, wording=wording, order=i)
            for i, (code, wording) in enumerate(DEFAULT_ITEMS)
        )
        return instrument


def _clear_other_kind_fields(talk: Talk) -> None:
    # A talk only keeps the fields of its kind, so a kind changed in a correction leaves nothing stale.
    if talk.kind != Talk.Kind.SUPERVISION_TALK:
        for name in SUPERVISION_FIELDS:
            setattr(talk, name, "")
    if talk.kind != Talk.Kind.EXIT_MEETING:
        for name in EXIT_FIELDS:
            setattr(talk, name, "")


def _save_talk(talk: Talk, *, by: Any, attendees: list | None) -> Talk:
    """Validate and save a new or corrected talk (only its kind's fields kept), set its attendees when
    given, and bring the placement's facts and reminders up to date in the same transaction."""
    _clear_other_kind_fields(talk)
    talk.full_clean()
    _set_history_user(talk, by)
    talk.save()
    if attendees is not None:
        talk.attendees.set(attendees)
    refresh_placement_facts([talk.placement_id])
    _refresh_reminders(talk.placement_id)
    return talk


@bumps_data_version
@transaction.atomic
def talk_create(*, placement: Placement, by: Any, attendees: list | None = None, **fields: Any) -> Talk:
    """Record a talk (samtal) on a placement. `fields` are those of TALK_FIELDS."""
    unknown = set(fields) - set(TALK_FIELDS)
    if unknown:
        raise TypeError(f"Unknown talk fields: {sorted(unknown)}")
    return _save_talk(Talk(placement=placement, created_by=by, **fields), by=by, attendees=attendees or None)


@bumps_data_version
@transaction.atomic
def talk_update(*, talk: Talk, by: Any, attendees: list | None = None, **fields: Any) -> Talk:
    """Correct a talk; the previous version stays in its history (who changed what, when)."""
    unknown = set(fields) - set(TALK_FIELDS)
    if unknown:
        raise TypeError(f"Unknown talk fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(talk, name, value)
    return _save_talk(talk, by=by, attendees=attendees)


@bumps_data_version
@transaction.atomic
def talk_delete(*, talk: Talk, by: Any) -> None:
    """Remove a talk registered by mistake (its history keeps the removal and who made it)."""
    placement_id = talk.placement_id
    _set_history_user(talk, by)
    talk.delete()
    refresh_placement_facts([placement_id])
    _refresh_reminders(placement_id)


@transaction.atomic
def self_assessment_save(
    *,
    placement: Placement,
    occasion: str,
    kind: str,
    assessed_on: dt.date,
    values: dict[int, int],
    by: Any,
    note: str = "",
) -> SelfAssessment:
    """Create or correct the self-assessment of one occasion and kind. `values` maps item id → value;
    every item of the instrument must be answered within its scale (nothing is saved otherwise)."""
    existing = (
        SelfAssessment.objects.select_for_update()
        .filter(placement=placement, occasion=occasion, kind=kind)
        .first()
    )
    instrument = existing.instrument if existing else instrument_for(placement.partnership)
    items = list(instrument.items.all())
    errors: dict[str, str | Promise] = {}
    for item in items:
        value = values.get(item.pk)
        if value is None:
            errors[f"item_{item.pk}"] = _("Välj ett värde.")
        elif not instrument.scale_min <= value <= instrument.scale_max:
            errors[f"item_{item.pk}"] = _("Välj ett värde från %(min)s till %(max)s.") % {
                "min": instrument.scale_min,
                "max": instrument.scale_max,
            }
    if errors:
        raise ValidationError(errors)
    assessment = existing or SelfAssessment(
        placement=placement, occasion=occasion, kind=kind, instrument=instrument, created_by=by
    )
    assessment.assessed_on = assessed_on
    assessment.note = note
    assessment.full_clean()
    _set_history_user(assessment, by)
    assessment.save()
    current = {a.item_id: a for a in assessment.answers.all()}
    for item in items:
        answer = current.get(item.pk) or SelfAssessmentAnswer(
            assessment=assessment, item=item, scale_min=instrument.scale_min, scale_max=instrument.scale_max
        )
        if answer.pk and answer.value == values[item.pk]:
            continue
        answer.value = values[item.pk]
        answer.full_clean()
        _set_history_user(answer, by)
        answer.save()
    refresh_placement_facts([assessment.placement_id])
    _refresh_reminders(assessment.placement_id)
    return assessment


@bumps_data_version
@transaction.atomic
def exit_followup_record(
    *,
    placement: Placement,
    months_after: int,
    situation: str,
    followed_up_on: dt.date,
    by: Any,
    support_kind: str = "",
    note: str = "",
) -> ExitFollowUp:
    """Record (or correct) the follow-up 3 or 6 months after a placement ended."""
    if placement.end_date is None:
        raise ValidationError({"placement": _("Platsen är inte avslutad.")})
    followup = ExitFollowUp.objects.select_for_update().filter(
        placement=placement, months_after=months_after
    ).first() or ExitFollowUp(placement=placement, months_after=months_after)
    followup.situation = situation
    followup.support_kind = support_kind
    followup.followed_up_on = followed_up_on
    followup.note = note
    followup.recorded_by = by
    if followed_up_on < placement.end_date:
        raise ValidationError({"followed_up_on": _("Uppföljningen kan inte ligga före avslutet.")})
    followup.full_clean()
    _set_history_user(followup, by)
    followup.save()
    _refresh_reminders(followup.placement_id)
    return followup


def notification_mark_done(*, notification: Notification) -> Notification:
    """Mark a reminder as done (klarmarkera); idempotent."""
    if notification.done_at is None:
        notification.done_at = timezone.now()
        notification.save(update_fields=["done_at"])
    return notification


def email_digest_set(*, user: Any, enabled: bool) -> None:
    """Turn the user's daily e-mail digest on or off."""
    user.email_digest = enabled
    user.save(update_fields=["email_digest"])


@transaction.atomic
def instrument_save(
    *,
    instrument: SelfAssessmentInstrument,
    name: str,
    scale_min: int,
    scale_max: int,
    items: list[dict],
    by: Any = None,
) -> SelfAssessmentInstrument:
    """The coordinator edits a partnership's instrument: name, scale, and items (`items`: dicts with
    `pk` (None for new), `code`, `wording`, `order`, `delete`). The scale is fixed once assessments
    exist (answers would change meaning), and answered items cannot be deleted."""
    stored = SelfAssessmentInstrument.objects.select_for_update().get(pk=instrument.pk)
    used = SelfAssessment.objects.filter(instrument=instrument).exists()
    if used and (scale_min, scale_max) != (stored.scale_min, stored.scale_max):
        raise ValidationError(
            {"scale_max": _("Skalan kan inte ändras när skattningar redan gjorts med formuläret.")}
        )
    instrument.name, instrument.scale_min, instrument.scale_max = name, scale_min, scale_max
    instrument.full_clean()
    _set_history_user(instrument, by)
    instrument.save()
    existing = {i.pk: i for i in instrument.items.all()}
    answered = set(
        SelfAssessmentAnswer.objects.filter(item__instrument=instrument).values_list("item_id", flat=True)
    )
    for data in items:
        item = existing.get(data["pk"]) if data.get("pk") else None
        if data.get("delete"):
            if item is None:
                continue
            if item.pk in answered:
                raise ValidationError(
                    _("Påståendet %(w)s har svar och kan inte tas bort.") % {"w": item.wording}
                )
            item.delete()
            continue
        item = item or SelfAssessmentItem(instrument=instrument)
        item.code, item.wording, item.order = data["code"], data["wording"], data.get("order") or 0
        item.full_clean()
        item.save()
    if not instrument.items.exists():
        raise ValidationError(_("Formuläret behöver minst ett påstående."))
    return instrument
