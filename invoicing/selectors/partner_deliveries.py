"""What the partner delivers, as read by pages, reminders and reports: the yearly documents with their
status as of a day, and the notices of economic change in a period.

The quarterly and annual reports call `missing_partner_documents`, `partner_document_rows`,
`delivered_partner_documents` and `economic_change_notices`; every figure is as of a given day (a document
counts as delivered from the day it was uploaded, received from the day the coordinator received it), so a
report for a past period gives the same answer whenever it is regenerated.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from invoicing.models import (
    EconomicChangeNotice,
    PartnerDocument,
    PartnerDocumentDeadline,
    PartnerDocumentKind,
    due_date_for,
)
from iop.models import Partnership, PartnershipParty, User
from iop.permissions import roles_of
from iop.roles import Role

# The non-profit party's users who deliver documents and notices for it.
PARTNER_ROLES = frozenset({Role.EKONOMI, Role.STYRGRUPP})
# Who reads the page: the partner's users above and the city's economy and coordinators.
DELIVERY_VIEW_ROLES = frozenset({Role.EKONOMI, Role.STYRGRUPP, Role.ATTESTANT, Role.SAMORDNARE})


class DocumentStatus(models.TextChoices):
    RECEIVED = "received", _("mottagen")
    DELIVERED = "delivered", _("inlämnad, ej mottagen")
    EXPECTED = "expected", _("väntas")
    MISSING = "missing", _("saknas")


@dataclass(frozen=True)
class DocumentRow:
    """One required (or delivered) document of a partnership and year, with its status as of a day."""

    year: int
    kind: PartnerDocumentKind
    due_date: dt.date
    document: PartnerDocument | None
    status: str

    @property
    def status_label(self) -> str:
        return str(DocumentStatus(self.status).label)


def is_partner_user(user: User, partnership: Partnership) -> bool:
    """The user speaks for the partnership's non-profit party (its ekonomi or styrgrupp)."""
    if not user.organisation_id or not roles_of(user) & PARTNER_ROLES:
        return False
    return PartnershipParty.objects.filter(
        partnership=partnership, organisation_id=user.organisation_id, role=PartnershipParty.Role.NON_PROFIT
    ).exists()


def due_date(partnership: Partnership, year: int) -> dt.date:
    """The due date of the documents covering `year` (the partnership's own day, else 30 June)."""
    deadline = PartnerDocumentDeadline.objects.filter(partnership=partnership).first()
    return deadline.due_date(year) if deadline else due_date_for(year)


def _local_day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment else None


def _status(document: PartnerDocument | None, due: dt.date, as_of: dt.date) -> str:
    if document is not None and _local_day(document.uploaded_at) <= as_of:  # type: ignore[operator]
        received = _local_day(document.received_at)
        return DocumentStatus.RECEIVED if received and received <= as_of else DocumentStatus.DELIVERED
    return DocumentStatus.MISSING if due < as_of else DocumentStatus.EXPECTED


def document_years(partnership: Partnership, as_of: dt.date) -> list[int]:
    """The financial years the partner delivers documents for, as of a day: the agreement's years that have
    begun by then."""
    return [year for year in partnership.agreement_years() if year <= as_of.year]


def partner_document_rows(
    partnership: Partnership, *, as_of: dt.date, years: list[int] | None = None
) -> list[DocumentRow]:
    """Every required document of the years (default and limit: `document_years`) plus any other delivered one,
    newest year first, with its status as of `as_of`. Four queries whatever the number of years."""
    return _document_rows(
        partnership,
        as_of=as_of,
        years=years,
        kinds=list(PartnerDocumentKind.objects.all()),
        deadline=PartnerDocumentDeadline.objects.filter(partnership=partnership).first(),
        documents=PartnerDocument.objects.filter(partnership=partnership).select_related(
            "uploaded_by", "received_by"
        ),
    )


def _document_rows(
    partnership: Partnership,
    *,
    as_of: dt.date,
    years: list[int] | None,
    kinds: list[PartnerDocumentKind],
    deadline: PartnerDocumentDeadline | None,
    documents,
) -> list[DocumentRow]:
    agreement_years = document_years(partnership, as_of)
    years = agreement_years if years is None else [y for y in years if y in agreement_years]
    by_kind_year = {(d.kind_id, d.year): d for d in documents if d.year in years}
    rows = []
    for year in sorted(years, reverse=True):
        due = deadline.due_date(year) if deadline else due_date_for(year)
        for kind in kinds:
            document = by_kind_year.get((kind.pk, year))
            if not kind.required and document is None:
                continue
            rows.append(DocumentRow(year, kind, due, document, _status(document, due, as_of)))
    return rows


@dataclass(frozen=True)
class PartnerDeliveries:
    """What one partner delivered as of a day: its document rows and its notices of a period."""

    documents: list[DocumentRow]
    notices: list[EconomicChangeNotice]

    @property
    def missing(self) -> list[DocumentRow]:
        return [r for r in self.documents if r.status == DocumentStatus.MISSING]


def partner_deliveries_of(
    partnerships: list[Partnership], *, as_of: dt.date, notices_from: dt.date
) -> dict[int, PartnerDeliveries]:
    """`PartnerDeliveries` of many partnerships as of a day, the notices given in [notices_from, as_of]: four
    queries whatever their number (the quarterly report; the partnerships' periods prefetched)."""
    pks = [p.pk for p in partnerships]
    kinds = list(PartnerDocumentKind.objects.all())
    deadlines = {d.partnership_id: d for d in PartnerDocumentDeadline.objects.filter(partnership__in=pks)}
    documents: dict[int, list[PartnerDocument]] = {pk: [] for pk in pks}
    for d in PartnerDocument.objects.filter(partnership__in=pks).select_related("uploaded_by", "received_by"):
        documents[d.partnership_id].append(d)
    notices: dict[int, list[EconomicChangeNotice]] = {pk: [] for pk in pks}
    for n in (
        EconomicChangeNotice.objects.filter(partnership__in=pks, notified_on__range=(notices_from, as_of))
        .select_related("registered_by", "acknowledged_by", "amendment")
        .order_by("notified_on", "pk")
    ):
        notices[n.partnership_id].append(n)
    return {
        p.pk: PartnerDeliveries(
            _document_rows(
                p,
                as_of=as_of,
                years=None,
                kinds=kinds,
                deadline=deadlines.get(p.pk),
                documents=documents[p.pk],
            ),
            notices[p.pk],
        )
        for p in partnerships
    }


def missing_partner_documents(partnership: Partnership, as_of: dt.date) -> list[DocumentRow]:
    """Required documents past their due date and not delivered by `as_of` (for the quarterly report's
    deviations and the reminders)."""
    return [r for r in partner_document_rows(partnership, as_of=as_of) if r.status == DocumentStatus.MISSING]


def delivered_partner_documents(
    partnership: Partnership, year: int, *, as_of: dt.date | None = None
) -> list[DocumentRow]:
    """The documents the partner delivered for `year` by `as_of` (default: today), for the annual report."""
    as_of = as_of or timezone.localdate()
    return [
        r
        for r in partner_document_rows(partnership, as_of=as_of, years=[year])
        if r.status in (DocumentStatus.RECEIVED, DocumentStatus.DELIVERED)
    ]


def economic_change_notices(
    partnership: Partnership, start: dt.date, end: dt.date
) -> list[EconomicChangeNotice]:
    """The notices of economic change the partner gave in [start, end] (by the day notified), oldest first.
    A notice counts as acknowledged in a report only if it was acknowledged by `end`: use
    `acknowledged_by_end(notice, end)`."""
    return list(
        EconomicChangeNotice.objects.filter(partnership=partnership, notified_on__range=(start, end))
        .select_related("registered_by", "acknowledged_by", "amendment")
        .order_by("notified_on", "pk")
    )


def acknowledged_by_end(notice: EconomicChangeNotice, end: dt.date) -> bool:
    day = _local_day(notice.acknowledged_at)
    return day is not None and day <= end


def notices_for_page(partnership: Partnership) -> QuerySet[EconomicChangeNotice]:
    return EconomicChangeNotice.objects.filter(partnership=partnership).select_related(
        "registered_by", "acknowledged_by", "amendment"
    )
