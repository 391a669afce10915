"""Which invoices a user may see and the invoice queries of pages, exports and commands: lists, detail
with its documentation, approved invoices of a period, lookup by number, invoiced and overdue sums."""

import datetime as dt
import re
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from invoicing.models import Invoice, InvoiceEvent, InvoiceLine
from iop.models import Organisation, Partnership, PartnershipParty, User
from iop.permissions import roles_of
from iop.roles import Role

INVOICE_ROLES = frozenset({Role.EKONOMI, Role.ATTESTANT, Role.SAMORDNARE})
# Who may export the approved invoices of a period (the city's administrators) and download that file.
APPROVED_EXPORT_ROLES = frozenset({Role.ATTESTANT, Role.SAMORDNARE})
# What counts as invoiced in the figures: submitted, approved or paid; credit notes subtract.
INVOICED_STATUSES = (Invoice.Status.SUBMITTED, Invoice.Status.APPROVED, Invoice.Status.PAID)


def submitted_by(day: dt.date, prefix: str = "") -> Q:
    """Invoices sent in by the end of `day` (as known then): by their submission time, or by their invoice
    date where no submission was recorded. A report for a past period counts only these, so it gives the
    same figures whenever it is regenerated."""
    cut = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone())
    return Q(**{f"{prefix}submitted_at__lt": cut}) | Q(
        **{f"{prefix}submitted_at__isnull": True, f"{prefix}invoice_date__lte": day}
    )


def invoiced_amounts(*, line_scope: Q, budget_years: list[int], as_of: dt.date | None = None) -> QuerySet:
    """Invoiced amounts of the budget years for the indicator engine (one query): rows of (partnership id,
    budget category, invoice status, paid on, sum of invoice lines, sum of credit-note lines). With `as_of`
    only invoices submitted by that day (the end of a report's period)."""
    credit = Q(invoice__kind=Invoice.Kind.CREDIT_NOTE)
    zero = Value(Decimal("0.00"))
    lines = InvoiceLine.objects.filter(
        line_scope, invoice__budget_year__in=budget_years, invoice__status__in=INVOICED_STATUSES
    )
    if as_of is not None:
        lines = lines.filter(submitted_by(as_of, "invoice__"))
    return (
        lines.order_by()
        .values_list("invoice__partnership_id", "category", "invoice__status", "invoice__paid_on")
        .annotate(
            pos=Coalesce(Sum("amount", filter=~credit), zero),
            neg=Coalesce(Sum("amount", filter=credit), zero),
        )
    )


# Prefetch for `invoiced_by_period`: a partnership's invoices that count as invoiced, with their lines
# (two queries for any number of partnerships).
INVOICED_PREFETCH = Prefetch(
    "invoices",
    queryset=Invoice.objects.filter(status__in=INVOICED_STATUSES).prefetch_related("lines"),
    to_attr="invoiced_invoices",
)


def was_submitted_by(invoice: Invoice, day: dt.date) -> bool:
    """`submitted_by` for an invoice already loaded."""
    if invoice.submitted_at is not None:
        return timezone.localdate(invoice.submitted_at) <= day
    return invoice.invoice_date is not None and invoice.invoice_date <= day


def invoiced_by_period(invoices: list[Invoice], *, budget_year: int, as_of: dt.date) -> dict[tuple, Decimal]:
    """Invoiced amount per invoice period (start, end) of a budget year, counting the invoices (loaded with
    INVOICED_PREFETCH) submitted by `as_of`; credit notes subtract. The quarterly report's budget deviation."""
    out: dict[tuple, Decimal] = {}
    for invoice in invoices:
        if invoice.budget_year != budget_year or not was_submitted_by(invoice, as_of):
            continue
        amount = sum((line.amount for line in invoice.lines.all()), Decimal("0.00"))
        signed = -abs(amount) if invoice.kind == Invoice.Kind.CREDIT_NOTE else amount
        key = (invoice.period_start, invoice.period_end)
        out[key] = out.get(key, Decimal("0.00")) + signed
    return out


def overdue_invoice_counts(*, invoice_scope: Q, on: dt.date) -> QuerySet:
    """(partnership id, count) of invoices submitted by a day and unpaid past their due date on it (an
    invoice paid later still counts: the figure for a past day does not change), for the indicator engine
    (one query)."""
    unpaid = Q(status__in=[Invoice.Status.SUBMITTED, Invoice.Status.APPROVED]) | Q(
        status=Invoice.Status.PAID, paid_on__gt=on
    )
    return (
        Invoice.objects.filter(
            invoice_scope, unpaid, submitted_by(on), due_date__lt=on, kind=Invoice.Kind.INVOICE
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


# What payment periods and yearly budgets (invoicing.periods) read of a partnership.
PERIOD_PREFETCHES = ("periods", "budget_lines")


def partnership_queryset() -> QuerySet[Partnership]:
    """Partnerships with what period and budget computations and an invoice's documentation need,
    prefetched."""
    return Partnership.objects.prefetch_related(
        *PERIOD_PREFETCHES, "parties__organisation", "in_kind", "amendments__approvals"
    )


def partnerships_invoiceable_by(user: User) -> QuerySet[Partnership]:
    """Partnerships where the user's organisation is the non-profit party (it may invoice the city), with
    what their payment periods need."""
    if not user.organisation_id or Role.EKONOMI not in roles_of(user):
        return Partnership.objects.none()
    return (
        Partnership.objects.prefetch_related(*PERIOD_PREFETCHES)
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


def approved_invoices_export_rows(start: dt.date, end: dt.date) -> int:
    """How many rows the approved-invoices export of [start, end] writes: one per invoice, one per line
    and the sum row (the export job's progress total)."""
    invoices = Invoice.objects.filter(
        status__in=[Invoice.Status.APPROVED, Invoice.Status.PAID],
        period_start__gte=start,
        period_start__lte=end,
    )
    lines = InvoiceLine.objects.filter(invoice__in=invoices.values("pk")).count()
    return invoices.count() + lines + 1


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
