"""Reading and exporting the access log (åtkomstlogg) and recording reviews (loggkontroll).

The log itself is never changed here: rows are written only by participants.access_log.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iop.dates import day_range
from iop.models import User
from iop.permissions import PERSONAL_DATA_EXPORTERS
from iop.xlsx import Sheet
from participants.models import AccessLog, AccessLogReview

# Who may read and export the access log (loggkontroll), and download an export of it.
ACCESS_LOG_ROLES = PERSONAL_DATA_EXPORTERS
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
    # Aware bounds of the Stockholm days: `at__date` would cast the column and skip its index.
    start, end = day_range(date_from, date_to)
    if start is not None:
        qs = qs.filter(at__gte=start)
    if end is not None:
        qs = qs.filter(at__lt=end)
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


def access_log_export_sheet(qs: QuerySet[AccessLog]) -> Sheet:
    """The access-log export as one sheet whose rows are read from the database in chunks as the writer
    asks for them (the export job of reporting.exports; never the whole log in memory)."""
    rows = (_export_values(row) for row in qs.iterator(chunk_size=2000))
    return Sheet("Åtkomstlogg", EXPORT_HEADER, rows)


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


# The pages that show personal data, by URL name, as the log reader knows them.
PAGE_NAMES = {
    "participants:list": _("Deltagarlistan"),
    "participants:create": _("Ny deltagare"),
    "participants:detail": _("Deltagarsidan"),
    "participants:edit": _("Ändra deltagare"),
    "participants:consent_create": _("Registrera samtycke"),
    "participants:consent_withdraw": _("Återkalla samtycke"),
    "participants:consent_document": _("Samtyckesdokument"),
    "participants:referral_create": _("Ny anvisning"),
    "participants:referral_status": _("Anvisningens status"),
    "participants:queue": _("Kön"),
    "participants:queue_reorder": _("Ändra köordning"),
    "participants:placement_start": _("Starta arbetsträning"),
    "participants:placement_detail": _("Placeringssidan"),
    "participants:placement_edit": _("Ändra placering"),
    "participants:placement_extend": _("Förläng placering"),
    "participants:placement_end": _("Avsluta placering"),
    "participants:pause_create": _("Nytt uppehåll"),
    "participants:pause_end": _("Avsluta uppehåll"),
    "participants:step_create": _("Nytt steg i sysselsättningsgrad"),
    "participants:plan_create": _("Individuell plan"),
    "participants:access_log": _("Åtkomstloggen"),
    "participants:access_log_export": _("Export av åtkomstloggen"),
    "participants:access_log_participant": _("Åtkomstlogg för deltagare"),
    "participants:access_log_user": _("Åtkomstlogg för användare"),
    "participants:occupancy": _("Beläggning"),
    "participants:import": _("Import av deltagare"),
    "followup:my_participants": _("Mina deltagare"),
    "followup:placement": _("Uppföljning av placering"),
    "followup:talk_create": _("Nytt samtal"),
    "followup:talk_fields_hx": _("Samtalsformulär"),
    "followup:talk_detail": _("Samtal"),
    "followup:talk_edit": _("Ändra samtal"),
    "followup:assessment": _("Självskattning"),
    "followup:progression": _("Stegförflyttning"),
    "followup:exit_followup": _("Uppföljning efter avslut"),
    "followup:notifications": _("Påminnelser"),
}


def page_name(path: str) -> str:
    """The Swedish name of the page a log row was written on; its address when it has no name."""
    if not path:
        return ""
    try:
        match = resolve(path.split("?", 1)[0])
    except Resolver404:
        return path
    name = PAGE_NAMES.get(match.view_name)
    return str(name) if name else path


def readable_rows(rows: list[AccessLog]) -> list[AccessLog]:
    """Log rows for reading: the user's full name and the participant's pseudonym (one query each for the
    page), the page's name and details in Swedish. The row keeps its username as written; a removed user
    falls back to it, a participant removed by retention (gallring) to its number."""
    from participants.models import Participant

    ids = {r.user_id for r in rows if r.user_id}
    names = {u.pk: u.get_full_name() for u in User.objects.filter(pk__in=ids).only("first_name", "last_name")}
    refs = {r.participant_ref for r in rows if r.participant_ref}
    pseudonyms = dict(Participant.objects.filter(pk__in=refs).values_list("pk", "pseudonym")) if refs else {}
    # The display attributes are set on the rows for the template (not model fields).
    for r in rows:
        r.user_name = (names.get(r.user_id) if r.user_id is not None else None) or r.username  # type: ignore[attr-defined]
        r.detail_sv = _swedish_detail(r.detail)  # type: ignore[attr-defined]
        r.participant_name = pseudonyms.get(r.participant_ref, "") if r.participant_ref else ""  # type: ignore[attr-defined]
        r.page_name = page_name(r.path)  # type: ignore[attr-defined]
    return rows
