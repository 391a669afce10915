"""Retention (gallring) of participants' personal data.

`settings.RETENTION_MONTHS` after a participant's last activity — the end of the last placement, or for
participants without placements the last referral or consent date — the personal data are anonymised:

- name → the participant's pseudonym ("Deltagare" + code), personnummer → NULL;
- birth date → 1 January of the birth year (age bands are computed from the birth year);
- free text on referrals, consents, placements, pauses, steps, plans and extensions → "Gallrad.";
  scanned consent documents are deleted;
- the change history (django-simple-history) of the participant and of those rows is deleted, since it
  holds the same personal data.

Kept: gender, education level, kind of support, situations, dates of consents, referrals and
placements, end reasons — so aggregated statistics stay the same — and the access log (kept for
ACCESS_LOG_RETENTION_YEARS, independent of this). A participant with an ongoing or planned placement, an
open referral or (through RETENTION_KEEP_HOOKS) a current programme enrolment is never anonymised. Each run is recorded as a RetentionRun.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Subquery
from django.utils import timezone

from iop.dates import add_months
from iop.models import User
from participants.models import (
    Consent,
    IndividualPlan,
    Participant,
    Pause,
    Placement,
    PlacementExtension,
    Referral,
    RetentionRun,
    Situation,
    WorkingTimeStep,
)

REDACTED = "Gallrad."

# Other apps that keep free text about participants (e.g. follow-up talks) register a function here
# (in their AppConfig.ready) taking `participant_ids, placement_ids`; it runs in the same transaction.
RETENTION_HOOKS: list[Callable[[list[int], list[int]], None]] = []


def register_retention_hook(hook: Callable[[list[int], list[int]], None]) -> None:
    if hook not in RETENTION_HOOKS:
        RETENTION_HOOKS.append(hook)


# Other apps where a participant can still be active (a programme enrolment) register a function here
# taking `participant_ids, cutoff` and returning the ids to keep: still active there, or active after the
# cutoff. A participant any of them keeps is not due.
RETENTION_KEEP_HOOKS: list[Callable[[list[int], dt.date], set[int]]] = []


def register_retention_keep_hook(hook: Callable[[list[int], dt.date], set[int]]) -> None:
    if hook not in RETENTION_KEEP_HOOKS:
        RETENTION_KEEP_HOOKS.append(hook)


@dataclass
class RetentionResult:
    run: RetentionRun
    participant_ids: list[int]


def retention_cutoff(today: dt.date | None = None, months: int | None = None) -> dt.date:
    """Participants whose last activity is on or before this date are due for retention."""
    today = today or timezone.localdate()
    return add_months(today, -(months if months is not None else settings.RETENTION_MONTHS))


def _max_of(model, field: str) -> Subquery:
    qs = model.objects.filter(participant=OuterRef("pk")).values("participant")
    return Subquery(qs.annotate(m=Max(field)).values("m")[:1])


def participants_due(cutoff: dt.date) -> list[int]:
    """Ids of participants not yet anonymised whose last activity is on or before `cutoff`."""
    ongoing = Placement.objects.filter(participant=OuterRef("pk"), end_date__isnull=True)
    open_referral = Referral.objects.filter(participant=OuterRef("pk"), status__in=Referral.OPEN_STATUSES)
    rows = (
        Participant.objects.filter(anonymised_at__isnull=True)
        .exclude(Exists(ongoing))
        .exclude(Exists(open_referral))
        .annotate(
            last_end=_max_of(Placement, "end_date"),
            last_referred=_max_of(Referral, "referred_on"),
            last_referral_change=_max_of(Referral, "status_changed_on"),
            last_consent=_max_of(Consent, "given_on"),
            last_withdrawn=_max_of(Consent, "withdrawn_on"),
        )
        .values_list(
            "pk",
            "created_at",
            "last_end",
            "last_referred",
            "last_referral_change",
            "last_consent",
            "last_withdrawn",
        )
    )
    due = []
    for pk, created_at, *dates in rows:
        known = [d for d in dates if d is not None]
        last = max(known) if known else timezone.localdate(created_at)
        if last <= cutoff:
            due.append(pk)
    for hook in RETENTION_KEEP_HOOKS:
        if not due:
            break
        kept = hook(due, cutoff)
        due = [pk for pk in due if pk not in kept]
    return due


def _anonymise(ids: list[int], now: dt.datetime) -> None:
    placement_ids = list(Placement.objects.filter(participant_id__in=ids).values_list("pk", flat=True))
    for participant in Participant.objects.filter(pk__in=ids).only("pk", "pseudonym", "birth_date"):
        first, _, last = participant.pseudonym.partition(" ")
        Participant.objects.filter(pk=participant.pk).update(
            first_name=first or participant.pseudonym,
            last_name=last or "-",
            personal_identity_number=None,
            birth_date=dt.date(participant.birth_date.year, 1, 1),
            swedish_level="",
            anonymised_at=now,
        )
    Referral.objects.filter(participant_id__in=ids).exclude(reason="").update(reason=REDACTED)
    Referral.objects.filter(participant_id__in=ids).exclude(closed_reason="").update(closed_reason=REDACTED)
    Referral.objects.filter(participant_id__in=ids).exclude(queue_override_reason="").update(
        queue_override_reason=REDACTED
    )
    for consent in Consent.objects.filter(participant_id__in=ids).exclude(document=""):
        consent.document.delete(save=False)
    Consent.objects.filter(participant_id__in=ids).update(documentation_note=REDACTED, document="")
    Placement.objects.filter(pk__in=placement_ids).exclude(end_note="").update(end_note=REDACTED)
    Pause.objects.filter(placement_id__in=placement_ids).exclude(note="").update(note=REDACTED)
    WorkingTimeStep.objects.filter(placement_id__in=placement_ids).exclude(note="").update(note=REDACTED)
    IndividualPlan.objects.filter(placement_id__in=placement_ids).update(goals=REDACTED)
    PlacementExtension.objects.filter(placement_id__in=placement_ids).update(reason=REDACTED)
    # The change history repeats the personal data: remove it with the data.
    Participant.history.filter(id__in=ids).delete()
    for model in (Consent, Referral, Placement, Situation):
        model.history.filter(participant_id__in=ids).delete()
    for placement_model in (Pause, WorkingTimeStep, IndividualPlan, PlacementExtension):
        placement_model.history.filter(placement_id__in=placement_ids).delete()
    for hook in RETENTION_HOOKS:
        hook(ids, placement_ids)


def run_retention(
    *,
    command: str,
    by: User | None = None,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> RetentionResult:
    """Anonymise every participant due for retention (or, with `dry_run`, only count them), and record
    the run. All in one transaction."""
    months = settings.RETENTION_MONTHS
    cutoff = retention_cutoff(today, months)
    with transaction.atomic():
        ids = participants_due(cutoff)
        now = timezone.now()
        if not dry_run and ids:
            _anonymise(ids, now)
        run = RetentionRun(
            started_at=now,
            finished_at=timezone.now(),
            run_by=by,
            command=command[:200],
            dry_run=dry_run,
            cutoff_date=cutoff,
            retention_months=months,
            participants_anonymised=len(ids),
        )
        run.full_clean()
        run.save()
    return RetentionResult(run=run, participant_ids=ids)
