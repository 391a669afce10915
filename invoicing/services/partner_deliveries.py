"""Writes of what the partner delivers: the yearly documents (upload by the non-profit party, receipt by
the IOP-samordnare, the partnership's due day), the notices of economic change (written notice by the
partner, acknowledgement by the coordinator) and the daily reminder of documents due or overdue."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iop.models import Amendment, Notification, Partnership, PartnershipParty, User
from iop.notifications import notify
from iop.permissions import is_coordinator
from iop.roles import Role
from iop.uploads import TYPES, validate_upload

from ..models import EconomicChangeNotice, PartnerDocument, PartnerDocumentDeadline, PartnerDocumentKind
from ..selectors.partner_deliveries import (
    DocumentStatus,
    document_years,
    is_partner_user,
    partner_document_rows,
)

# Annual accounts and reports come as PDF or Word; images are not accepted.
PARTNER_DOCUMENT_TYPES = ("pdf", "docx")
REMIND_DAYS_BEFORE = 30
REMINDER_KIND = "invoicing.partner_document"


def _coordinators() -> list[User]:
    return list(User.objects.filter(groups__name=Role.SAMORDNARE, is_active=True).distinct())


def _require_partner(user: User, partnership: Partnership) -> None:
    if not is_partner_user(user, partnership):
        raise PermissionDenied(
            _("Bara den idéburna partens användare får lämna in handlingar och anmälningar.")
        )


def _require_coordinator(user: User) -> None:
    if not is_coordinator(user):
        raise PermissionDenied(_("Bara IOP-samordnare får göra detta."))


def _page(partnership: Partnership) -> str:
    return reverse("invoicing:partner_deliveries", args=[partnership.pk])


@transaction.atomic
def partner_document_upload(
    *,
    partnership: Partnership,
    kind: PartnerDocumentKind,
    year: int,
    upload: UploadedFile,
    by: User,
    now: dt.datetime | None = None,
) -> PartnerDocument:
    """The non-profit party hands in a yearly document (lämnar in en handling). The file must pass the
    product's upload policy (type by content, size). A document not yet received may be replaced; a
    received one may not."""
    _require_partner(by, partnership)
    at = now or timezone.now()
    partnership = Partnership.objects.select_for_update().prefetch_related("periods").get(pk=partnership.pk)
    if year not in document_years(partnership, timezone.localdate(at)):
        raise ValidationError({"year": _("Välj ett år som överenskommelsen gäller och som har börjat.")})
    try:
        content_type = TYPES[validate_upload(upload, allowed=PARTNER_DOCUMENT_TYPES)][0]
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    document = (
        PartnerDocument.objects.select_for_update()
        .filter(partnership=partnership, kind=kind, year=year)
        .first()
    )
    if document is not None and document.received_at is not None:
        raise ValidationError(
            {
                "file": _(
                    "Handlingen är redan mottagen av staden och kan inte bytas ut. Kontakta IOP-samordnaren."
                )
            }
        )
    document = document or PartnerDocument(partnership=partnership, kind=kind, year=year)
    document.file = upload
    document.file_name = (upload.name or "handling").rsplit("/", 1)[-1][:200]
    document.content_type = content_type
    document.size = upload.size or 0
    document.uploaded_by = by
    document.uploaded_at = at
    document.full_clean()
    document.save()
    notify(
        users=_coordinators(),
        kind="invoicing.partner_document_delivered",
        message=_("%(case)s: %(kind)s för %(year)s är inlämnad och väntar på mottagning.")
        % {"case": partnership.case_number, "kind": kind.name, "year": year},
        dedupe_key=f"invoicing:partner_document_delivered:{document.pk}:{at.isoformat()}",
        url=_page(partnership),
    )
    return document


@transaction.atomic
def partner_document_receive(
    *, document: PartnerDocument, by: User, now: dt.datetime | None = None
) -> PartnerDocument:
    """The IOP-samordnare records that the city has received the document (mottagen)."""
    _require_coordinator(by)
    document = PartnerDocument.objects.select_for_update().get(pk=document.pk)
    if document.received_at is not None:
        raise ValidationError(_("Handlingen är redan mottagen."))
    document.received_by = by
    document.received_at = now or timezone.now()
    document.full_clean()
    document.save(update_fields=["received_by", "received_at"])
    return document


@transaction.atomic
def partner_document_deadline_set(
    *, partnership: Partnership, due_month: int, due_day: int, by: User
) -> PartnerDocumentDeadline:
    """The IOP-samordnare sets the day in the following year by which the yearly documents are due."""
    _require_coordinator(by)
    deadline = PartnerDocumentDeadline.objects.filter(
        partnership=partnership
    ).first() or PartnerDocumentDeadline(partnership=partnership)
    deadline.due_month = due_month
    deadline.due_day = due_day
    deadline.full_clean()
    deadline.save()
    return deadline


@transaction.atomic
def economic_change_notify(
    *,
    partnership: Partnership,
    description: str,
    amount: Decimal | None,
    effective_from: dt.date,
    by: User,
    today: dt.date | None = None,
) -> EconomicChangeNotice:
    """The non-profit party reports an economic change in writing (anmäler en ekonomisk förändring):
    what changed, by how much, from when. The coordinators are notified at once."""
    _require_partner(by, partnership)
    notice = EconomicChangeNotice(
        partnership=partnership,
        description=description.strip(),
        amount=amount,
        effective_from=effective_from,
        notified_on=today or timezone.localdate(),
        registered_by=by,
    )
    notice.full_clean()
    notice.save()
    notify(
        users=_coordinators(),
        kind="invoicing.economic_change",
        message=_("%(case)s: anmälan om ekonomisk förändring från %(d)s.")
        % {"case": partnership.case_number, "d": f"{effective_from:%Y-%m-%d}"},
        dedupe_key=f"invoicing:economic_change:{notice.pk}",
        url=_page(partnership),
    )
    return notice


@transaction.atomic
def economic_change_acknowledge(
    *,
    notice: EconomicChangeNotice,
    by: User,
    comment: str = "",
    amendment: Amendment | None = None,
    now: dt.datetime | None = None,
) -> EconomicChangeNotice:
    """The IOP-samordnare acknowledges a notice (kvitterar), with a comment and, where the change led to
    one, the amendment (ändring) of the agreement."""
    _require_coordinator(by)
    notice = EconomicChangeNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.acknowledged_at is not None:
        raise ValidationError(_("Anmälan är redan kvitterad."))
    if amendment is not None and amendment.partnership_id != notice.partnership_id:
        raise ValidationError({"amendment": _("Ändringen gäller ett annat partnerskap.")})
    notice.acknowledged_by = by
    notice.acknowledged_at = now or timezone.now()
    notice.comment = comment.strip()
    notice.amendment = amendment
    notice.full_clean()
    notice.save()
    Notification.objects.filter(
        dedupe_key=f"invoicing:economic_change:{notice.pk}", done_at__isnull=True
    ).update(done_at=notice.acknowledged_at)
    return notice


def remind_partner_documents(*, today: dt.date) -> int:
    """Daily rule: a required yearly document not yet handed in, from 30 days before its due date (the
    partner's ekonomi and styrgrupp) and after it (also every IOP-samordnare). An open reminder whose
    document has since been handed in is closed."""
    created = 0
    due_keys: set[str] = set()
    coordinators = _coordinators()
    partnerships = (
        Partnership.objects.filter(status__in=[Partnership.Status.ACTIVE, Partnership.Status.ENDED])
        .prefetch_related("periods")
        .order_by("pk")
    )
    for partnership in partnerships:
        rows = [
            r
            for r in partner_document_rows(partnership, as_of=today)
            if r.document is None
            and r.kind.required
            and r.due_date - dt.timedelta(days=REMIND_DAYS_BEFORE) <= today
        ]
        if not rows:
            continue
        partner_users = list(
            User.objects.filter(
                organisation__parties__partnership=partnership,
                organisation__parties__role=PartnershipParty.Role.NON_PROFIT,
                groups__name__in=[Role.EKONOMI, Role.STYRGRUPP],
                is_active=True,
            ).distinct()
        )
        for row in rows:
            overdue = row.status == DocumentStatus.MISSING
            key = f"invoicing:partner_document:{partnership.pk}:{row.year}:{row.kind.code}:{'after' if overdue else 'before'}"
            due_keys.add(key)
            message = (
                _("%(case)s: %(kind)s för %(year)s skulle ha lämnats in senast %(due)s.")
                if overdue
                else _("%(case)s: %(kind)s för %(year)s ska lämnas in senast %(due)s.")
            ) % {
                "case": partnership.case_number,
                "kind": row.kind.name,
                "year": row.year,
                "due": f"{row.due_date:%Y-%m-%d}",
            }
            created += notify(
                users=partner_users + (coordinators if overdue else []),
                kind=REMINDER_KIND,
                message=message,
                dedupe_key=key,
                url=_page(partnership),
                due_date=row.due_date,
            )
    Notification.objects.filter(kind=REMINDER_KIND, done_at__isnull=True).exclude(
        dedupe_key__in=due_keys
    ).update(done_at=timezone.now())
    return created
