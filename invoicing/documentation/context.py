"""The invoice documentation's context (fakturaunderlag): everything an approver checks, gathered
by `invoice_documentation(invoice)` in a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from iop.models import BudgetLine

from ..models import Invoice, InvoiceEvent
from ..money import ZERO, split_evenly, vat_breakdown
from ..periods import category_budgets, find_period
from ..selectors import DOCUMENTATION_PREFETCHES, amendment_increase, partnership_queryset


@dataclass
class Stamp:
    """Who did a workflow step and when."""

    name: str
    at: dt.datetime


@dataclass
class Volume:
    """Volume delivered in the period (levererad volym)."""

    participants_active: int | None
    average_places_used: Decimal | None
    places_paid_for: int | None


@dataclass
class CategoryRow:
    category: str
    label: str
    budget: Decimal
    invoiced_earlier: Decimal
    this_invoice: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.invoiced_earlier - self.this_invoice


@dataclass
class LineRow:
    position: int
    category_label: str
    budget_line: str
    description: str
    cost_date: dt.date | None
    amount: Decimal
    vat_rate: Decimal
    verification: str


@dataclass
class VatRow:
    rate: Decimal
    taxable: Decimal
    vat: Decimal


@dataclass
class InKindRow:
    description: str
    estimated_value: Decimal | None  # for the year
    period_share: Decimal | None = None  # the period's even share of the year's value, in öre


@dataclass
class InvoiceDocumentation:
    """Everything the fakturaunderlag shows; totals reconcile with the invoice."""

    title: str
    kind_label: str
    number: str
    is_issued: bool  # approved: a numbered invoice; otherwise marked as a draft everywhere
    ocr_reference: str
    status_label: str
    credits_number: str
    case_number: str
    partnership_title: str
    seller: dict
    buyer: dict
    buyer_reference: str
    order_reference: str
    payment_means_label: str
    payment_account: str
    period_start: dt.date
    period_end: dt.date
    budget_year: int
    invoice_date: dt.date | None
    due_date: dt.date | None
    paid_on: dt.date | None
    method_label: str
    vat_exemption_reason: str
    note: str
    submitted: Stamp | None
    approved: Stamp | None
    returned: list[Stamp]
    volume: Volume
    categories: list[CategoryRow]
    amendment_increase: Decimal
    lines: list[LineRow]
    vat: list[VatRow]
    total_net: Decimal
    total_vat: Decimal
    total: Decimal
    in_kind: list[InKindRow]
    generated_at: dt.datetime
    in_kind_total: Decimal = ZERO
    in_kind_period_total: Decimal = ZERO
    category_totals: dict = field(default_factory=dict)


def _stamp(event: InvoiceEvent | None) -> Stamp | None:
    if event is None:
        return None
    return Stamp(name=str(event.by) if event.by else "–", at=timezone.localtime(event.at))


def period_volume(invoice: Invoice) -> Volume:
    """Participants active and average places used per day in the period.

    Reads the participants app's Placement model when it exists (fields `partnership`,
    `participant`, `start_date`, `end_date` = actual end, `planned_end_date`). A placement occupies
    its place from start to its actual end, or while not ended to its planned end, both inclusive;
    pauses keep the place. Without the model the figures are unknown (shown as "–").
    """
    places = invoice.partnership.places_at_once
    try:
        from participants.models import Placement  # type: ignore[attr-defined]
    except ImportError:
        return Volume(None, None, places)
    names = {f.name for f in Placement._meta.get_fields()}
    if not {"partnership", "start_date", "end_date"} <= names:
        return Volume(None, None, places)
    start, end = invoice.period_start, invoice.period_end
    planned = "planned_end_date" in names
    if planned:
        still_there = Q(end_date__isnull=False, end_date__gte=start) | Q(
            end_date__isnull=True, planned_end_date__gte=start
        )
    else:
        still_there = Q(end_date__isnull=True) | Q(end_date__gte=start)
    rows = Placement.objects.filter(partnership_id=invoice.partnership_id, start_date__lte=end).filter(
        still_there
    )
    person_field = "participant_id" if "participant" in names else "pk"
    fields = [person_field, "start_date", "end_date"] + (["planned_end_date"] if planned else [])
    people: set = set()
    place_days = 0
    for person, first, last, *rest in rows.values_list(*fields):
        until = last or (rest[0] if rest else None) or end
        lo, hi = max(first, start), min(until, end)
        if hi >= lo:
            people.add(person)
            place_days += (hi - lo).days + 1
    days = (end - start).days + 1
    average = (Decimal(place_days) / Decimal(days)).quantize(Decimal("0.1")) if days else None
    return Volume(len(people), average, places)


def invoice_documentation(invoice: Invoice) -> InvoiceDocumentation:
    """Build the fakturaunderlag context for an invoice or credit note."""
    partnership = partnership_queryset().get(pk=invoice.partnership_id)
    # The detail queryset (download view) has prefetched both, in these orders; fetched here otherwise.
    prefetch_related_objects([invoice], *DOCUMENTATION_PREFETCHES)
    lines = list(invoice.lines.all())
    events = list(invoice.events.all())
    submitted = next((e for e in reversed(events) if e.action == InvoiceEvent.Action.SUBMITTED), None)
    approved = next((e for e in reversed(events) if e.action == InvoiceEvent.Action.APPROVED), None)
    labels = dict(BudgetLine.Category.choices)

    # "Invoiced earlier": what was issued (submitted, approved, paid; credit notes negative) for the
    # budget year before this document was, whatever periods those documents cover. Not by period
    # order: a re-invoice of an early period after a credit note comes after the later periods.
    earlier = Invoice.objects.filter(
        partnership_id=invoice.partnership_id, budget_year=invoice.budget_year, status__in=Invoice.COUNTED
    ).exclude(pk=invoice.pk)
    if invoice.submitted_at is not None:
        earlier = earlier.filter(
            Q(submitted_at__lt=invoice.submitted_at) | Q(submitted_at=invoice.submitted_at, pk__lt=invoice.pk)
        )
    earlier_by_category = {
        row["lines__category"]: row["amount"] or ZERO
        for row in earlier.values("lines__category").annotate(amount=Sum("lines__amount"))
        if row["lines__category"]
    }
    this_by_category: dict[str, Decimal] = {}
    for line in lines:
        this_by_category[line.category] = this_by_category.get(line.category, ZERO) + line.amount
    budgets = category_budgets(partnership, invoice.budget_year)
    categories = [
        CategoryRow(
            category=c,
            label=str(labels[c]),
            budget=budgets.get(c, ZERO),
            invoiced_earlier=earlier_by_category.get(c, ZERO),
            this_invoice=this_by_category.get(c, ZERO),
        )
        for c in BudgetLine.Category.values
        if c in budgets or c in this_by_category or c in earlier_by_category
    ]
    breakdown = vat_breakdown((line.amount, line.vat_rate) for line in lines)
    period = find_period(partnership, invoice.period_start)
    in_kind = [
        InKindRow(
            description=item.description,
            estimated_value=item.estimated_value,
            period_share=split_evenly(item.estimated_value, period.count)[period.index - 1]
            if period and item.estimated_value is not None
            else None,
        )
        for item in partnership.in_kind.all()
        if item.year == invoice.budget_year
    ]
    seller = invoice.seller_snapshot or {
        "name": invoice.seller.name,
        "org_number": invoice.seller.org_number,
        "street_address": invoice.seller.street_address,
        "postal_code": invoice.seller.postal_code,
        "city": invoice.seller.city,
    }
    buyer = invoice.buyer_snapshot or {
        "name": invoice.buyer.name,
        "org_number": invoice.buyer.org_number,
        "street_address": invoice.buyer.street_address,
        "postal_code": invoice.buyer.postal_code,
        "city": invoice.buyer.city,
    }
    doc = InvoiceDocumentation(
        title=_("Fakturaunderlag %(kind)s %(number)s – %(case)s")
        % {
            "kind": invoice.get_kind_display().lower(),
            "number": invoice.display_number,
            "case": partnership.case_number,
        },
        kind_label=invoice.get_kind_display(),
        number=str(invoice.display_number),
        is_issued=invoice.is_issued,
        ocr_reference=invoice.ocr_reference,
        status_label=invoice.get_status_display(),
        credits_number=str(invoice.credits.display_number) if invoice.credits is not None else "",
        case_number=partnership.case_number,
        partnership_title=partnership.title,
        seller=seller,
        buyer=buyer,
        buyer_reference=invoice.buyer_reference,
        order_reference=invoice.order_reference,
        payment_means_label=invoice.get_payment_means_display(),
        payment_account=invoice.payment_account or seller.get(invoice.payment_means, ""),
        period_start=invoice.period_start,
        period_end=invoice.period_end,
        budget_year=invoice.budget_year,
        invoice_date=invoice.invoice_date,
        due_date=invoice.due_date,
        paid_on=invoice.paid_on,
        method_label=invoice.get_method_display(),
        vat_exemption_reason=invoice.vat_exemption_reason,
        note=invoice.note,
        submitted=_stamp(submitted),
        approved=_stamp(approved),
        returned=[s for e in events if e.action == InvoiceEvent.Action.RETURNED if (s := _stamp(e))],
        volume=period_volume(invoice),
        categories=categories,
        amendment_increase=amendment_increase(partnership, invoice.budget_year),
        lines=[
            LineRow(
                position=line.position,
                category_label=str(labels.get(line.category, line.category)),
                budget_line=line.budget_line.description if line.budget_line is not None else "",
                description=line.description,
                cost_date=line.cost_date,
                amount=line.amount,
                vat_rate=line.vat_rate,
                verification=line.verification_label,
            )
            for line in lines
        ],
        vat=[VatRow(rate=rate, taxable=net, vat=vat) for rate, (net, vat) in breakdown.items()],
        total_net=invoice.total_net,
        total_vat=invoice.total_vat,
        total=invoice.total,
        in_kind=in_kind,
        generated_at=timezone.localtime(),
    )
    doc.in_kind_total = sum((row.estimated_value or ZERO for row in in_kind), ZERO)
    doc.in_kind_period_total = sum((row.period_share or ZERO for row in in_kind), ZERO)
    doc.category_totals = {
        "budget": sum((r.budget for r in categories), ZERO),
        "invoiced_earlier": sum((r.invoiced_earlier for r in categories), ZERO),
        "this_invoice": sum((r.this_invoice for r in categories), ZERO),
        "remaining": sum((r.remaining for r in categories), ZERO),
    }
    return doc
