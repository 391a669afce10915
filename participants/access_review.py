"""Reading and exporting the access log (åtkomstlogg) and recording reviews (loggkontroll).

The log itself is never changed here: rows are written only by participants.access_log.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from iop.models import User
from iop.xlsx import Sheet, make_csv, make_xlsx
from participants.models import AccessLog, AccessLogReview

EXPORT_HEADER = ["tidpunkt", "användare", "deltagare_id", "åtgärd", "utfall", "adress", "ip", "beskrivning"]


def access_log_filtered(
    *,
    participant_id: int | None = None,
    user: User | None = None,
    action: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AccessLog]:
    """Log rows matching the filters, newest first. No joins: the row carries username and ids."""
    qs = AccessLog.objects.all()
    if participant_id:
        qs = qs.filter(participant_ref=participant_id)
    if user is not None:
        qs = qs.filter(user_id=user.pk)
    if action:
        qs = qs.filter(action=action)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs.order_by("-at", "-pk")


def _export_values(row: AccessLog) -> list[Any]:
    return [
        timezone.localtime(row.at).strftime("%Y-%m-%d %H:%M:%S"),
        row.username,
        row.participant_ref or "",
        row.get_action_display(),
        row.get_outcome_display(),
        row.path,
        row.ip_address or "",
        row.detail,
    ]


def access_log_csv(qs: QuerySet[AccessLog]) -> bytes:
    return make_csv((_export_values(row) for row in qs.iterator(chunk_size=2000)), header=EXPORT_HEADER)


def access_log_xlsx(qs: QuerySet[AccessLog]) -> bytes:
    rows = (_export_values(row) for row in qs.iterator(chunk_size=2000))
    return make_xlsx([Sheet("Åtkomstlogg", EXPORT_HEADER, rows)])


@transaction.atomic
def access_log_review_record(
    *,
    by: User,
    period_start: dt.date,
    period_end: dt.date,
    sample: str,
    finding: str,
    deviations_found: bool = False,
    reviewed_user: User | None = None,
    reviewed_participant_ref: int | None = None,
) -> AccessLogReview:
    """Record a review of the access log (loggkontroll): who reviewed which sample, for which period,
    and what was found."""
    review = AccessLogReview(
        reviewed_by=by,
        period_start=period_start,
        period_end=period_end,
        sample=sample,
        finding=finding,
        deviations_found=deviations_found,
        reviewed_user=reviewed_user,
        reviewed_participant_ref=reviewed_participant_ref,
    )
    review.full_clean()
    review.save()
    return review


def _swedish_detail(detail: str) -> str:
    """Older rows name a referral's status by its code ("anvisning 12 accepted"): show the Swedish word."""
    from participants.models import Referral

    words = detail.split(" ")
    if len(words) == 3 and words[0] == "anvisning" and words[2] in Referral.Status.values:
        words[2] = str(Referral.Status(words[2]).label).lower()
    return " ".join(words)


def readable_rows(rows: list[AccessLog]) -> list[AccessLog]:
    """Log rows for reading: the user's full name (one query for the page) and details in Swedish.
    The row keeps its username as written; a removed user falls back to it."""
    ids = {r.user_id for r in rows if r.user_id}
    names = {u.pk: u.get_full_name() for u in User.objects.filter(pk__in=ids).only("first_name", "last_name")}
    for r in rows:
        r.user_name = (names.get(r.user_id) if r.user_id is not None else None) or r.username  # type: ignore[attr-defined]
        r.detail_sv = _swedish_detail(r.detail)  # type: ignore[attr-defined]
    return rows
