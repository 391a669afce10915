"""Which invoices a user may see and the invoice queries of pages, exports and commands: lists, detail
with its documentation, approved invoices of a period, lookup by number, invoiced and overdue sums."""

import datetime as dt
import re
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from invoicing.models import Invoice, InvoiceEvent, InvoiceLine
from iop.models import Organisation, Partnership, PartnershipParty, User
from iop.permissions import roles_of
from iop.roles import Role

INVOICE_ROLES = frozenset({Role.EKONOMI, Role.ATTESTANT, Role.SAMORDNARE})
# What counts as invoiced in the figures: submitted, approved or paid; credit notes subtract.
INVOICED_STATUSES = (Invoice.Status.SUBMITTED, Invoice.Status.APPROVED, Invoice.Status.PAID)


def invoiced_amounts(*, line_scope: Q, budget_years: list[int]) -> QuerySet:
    """Invoiced amounts of the budget years for the indicator engine (one query): rows of (partnership id,
    budget category, invoice status, paid on, sum of invoice lines, sum of credit-note lines)."""
    credit = Q(invoice__kind=Invoice.Kind.CREDIT_NOTE)
    zero = Value(Decimal("0.00"))
    return (
        InvoiceLine.objects.filter(
            line_scope, invoice__budget_year__in=budget_years, invoice__status__in=INVOICED_STATUSES
        )
        .order_by()
        .values_list("invoice__partnership_id", "category", "invoice__status", "invoice__paid_on")
        .annotate(
            pos=Coalesce(Sum("amount", filter=~credit), zero),
            neg=Coalesce(Sum("amount", filter=credit), zero),
        )
    )


def overdue_invoice_counts(*, invoice_scope: Q, on: dt.date) -> QuerySet:
    """(partnership id, count) of invoices submitted or approved but unpaid past their due date on a day,
    for the indicator engine (one query)."""
    return (
        Invoice.objects.filter(
            invoice_scope,
            status__in=[Invoice.Status.SUBMITTED, Invoice.Status.APPROVED],
            due_date__lt=on,
            kind=Invoice.Kind.INVOICE,
        )
        .order_by()
        .values_list("partnership_id")
        .annotate(c=Count("pk"))
    )


def invoices_visible_to(user: User) -> QuerySet[Invoice]:
    """Invoices a user may see.

    - `ekonomi`: every invoice their organisation issued (drafts included);
    - `attestant`: issued invoices addressed to their organisation (the city);
    - `iop-samordnare`: every issued invoice (read only).
    """
    roles = roles_of(user)
    q = Q(pk__in=[])
    if Role.EKONOMI in roles and user.organisation_id:
        q |= Q(seller_id=user.organisation_id)
    if Role.ATTESTANT in roles and user.organisation_id:
        q |= Q(buyer_id=user.organisation_id) & ~Q(status=Invoice.Status.DRAFT)
    if Role.SAMORDNARE in roles:
        q |= ~Q(status=Invoice.Status.DRAFT)
    return Invoice.objects.filter(q)


def invoice_list_queryset(user: User) -> QuerySet[Invoice]:
    return invoices_visible_to(user).select_related("partnership", "seller", "buyer", "credits")


# An invoice's lines (with their budget line) and workflow events, in display order: shown on the
# invoice page and in its documentation (fakturaunderlag), which reuses them when prefetched.
DOCUMENTATION_PREFETCHES = (
    Prefetch("lines", queryset=InvoiceLine.objects.select_related("budget_line").order_by("position", "pk")),
    Prefetch("events", queryset=InvoiceEvent.objects.select_related("by").order_by("at", "pk")),
)


def invoice_detail_queryset(user: User) -> QuerySet[Invoice]:
    return (
        invoices_visible_to(user)
        .select_related(
            "partnership", "seller", "buyer", "credits", "submitted_by", "approved_by", "created_by"
        )
        .prefetch_related(*DOCUMENTATION_PREFETCHES, "credit_notes")
    )


def partnership_queryset() -> QuerySet[Partnership]:
    """Partnerships with what period and budget computations need, prefetched."""
    return Partnership.objects.prefetch_related(
        "periods", "budget_lines", "parties__organisation", "in_kind", "amendments__approvals"
    )


def partnerships_invoiceable_by(user: User) -> QuerySet[Partnership]:
    """Partnerships where the user's organisation is the non-profit party (it may invoice the city)."""
    if not user.organisation_id or Role.EKONOMI not in roles_of(user):
        return Partnership.objects.none()
    return (
        partnership_queryset()
        .filter(
            parties__organisation_id=user.organisation_id,
            parties__role=PartnershipParty.Role.NON_PROFIT,
        )
        .exclude(status=Partnership.Status.DRAFT)
        .distinct()
        .order_by("case_number")
    )


def city_party(partnership: Partnership) -> Organisation | None:
    """The city's organisation in a partnership: the invoice's buyer (uses prefetched parties)."""
    for party in partnership.parties.all():
        if party.role == PartnershipParty.Role.CITY:
            return party.organisation
    return None


def overdue_invoices(qs: QuerySet[Invoice], today: dt.date) -> QuerySet[Invoice]:
    """Issued invoices past their due date and not yet paid."""
    return qs.filter(
        kind=Invoice.Kind.INVOICE,
        status__in=[Invoice.Status.SUBMITTED, Invoice.Status.APPROVED],
        due_date__lt=today,
    )


EXPORT_FIELDS = (
    "kind",
    "number",
    "number_prefix",
    "status",
    "period_start",
    "period_end",
    "invoice_date",
    "due_date",
    "order_reference",
    "paid_on",
    "total_net",
    "total_vat",
    "total",
    "seller__name",
    "seller__org_number",
    "credits__number",
    "credits__number_prefix",
    "approved_by__first_name",
    "approved_by__last_name",
    "approved_by__username",
)


def approved_invoices_in(start: dt.date, end: dt.date) -> QuerySet[Invoice]:
    """Approved (or paid) invoices and credit notes whose period starts within [start, end]."""
    return (
        Invoice.objects.filter(
            status__in=[Invoice.Status.APPROVED, Invoice.Status.PAID],
            period_start__gte=start,
            period_start__lte=end,
        )
        # Only the columns of the bulk export: it reads thousands of rows, and a model instance
        # costs per field loaded.
        .select_related("seller", "approved_by", "credits")
        .only(*EXPORT_FIELDS)
        .prefetch_related(Prefetch("lines", queryset=InvoiceLine.objects.select_related("budget_line")))
        .order_by("seller__name", "number")
    )


def find_by_number(text: str) -> list[Invoice]:
    """Invoices matching `ORGNR:NUMBER` (org number with or without hyphen) or a plain NUMBER; the
    number with or without the seller's series prefix (`IOP-12` or `12`)."""
    org_part, _, number_part = text.rpartition(":")
    match = re.fullmatch(r"(.*?)(\d+)", number_part.strip())
    if match is None:
        return []
    prefix, number = match.group(1), int(match.group(2))
    qs = Invoice.objects.filter(number=number).select_related("seller")
    if prefix:
        qs = qs.filter(number_prefix=prefix)
    if org_part:
        digits = "".join(ch for ch in org_part if ch.isdigit())
        if len(digits) != 10:
            return []
        qs = qs.filter(seller__org_number=f"{digits[:6]}-{digits[6:]}")
    return list(qs)
