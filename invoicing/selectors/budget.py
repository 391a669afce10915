"""Budget follow-up of invoicing: budget usage per year, payment periods still to invoice, the budget
overview per partnership and the facts an attestant checks an invoice against."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Sum

from invoicing.models import Invoice, InvoiceLine
from invoicing.money import ZERO
from invoicing.periods import PaymentPeriod, category_budgets, payment_periods
from invoicing.selectors.invoices import (
    overdue_invoices,
    partnership_queryset,
    partnerships_invoiceable_by,
)
from iop.models import Amendment, BudgetLine, Partnership, User
from iop.permissions import roles_of
from iop.roles import Role
from iop.selectors import partnerships_visible_to


def amendment_increase(partnership: Partnership, year: int) -> Decimal:
    """Budget increase for a year granted by amendments that affect the budget and that every
    party has approved (the agreement, §9: amendments are valid only when approved by both)."""
    total = ZERO
    for amendment in partnership.amendments.all():
        if (
            amendment.affects_budget
            and amendment.budget_year == year
            and amendment.budget_increase
            and amendment.fully_approved
        ):
            total += amendment.budget_increase
    return total


@dataclass
class BudgetUsage:
    """What has been invoiced (issued, not returned) against a partnership's budget for a year."""

    by_budget_line: dict[int, Decimal] = field(default_factory=dict)
    by_category: dict[str, Decimal] = field(default_factory=dict)
    total: Decimal = ZERO


def budget_usage(partnership: Partnership, year: int, *, exclude: Invoice | None = None) -> BudgetUsage:
    rows = (
        InvoiceLine.objects.filter(
            invoice__partnership=partnership,
            invoice__budget_year=year,
            invoice__status__in=Invoice.COUNTED,
        )
        .exclude(invoice=exclude)
        .values("budget_line_id", "category")
        .annotate(amount=Sum("amount"))
    )
    usage = BudgetUsage()
    for row in rows:
        amount = row["amount"] or ZERO
        if row["budget_line_id"]:
            usage.by_budget_line[row["budget_line_id"]] = (
                usage.by_budget_line.get(row["budget_line_id"], ZERO) + amount
            )
        usage.by_category[row["category"]] = usage.by_category.get(row["category"], ZERO) + amount
        usage.total += amount
    return usage


def budget_line_choices(partnership: Partnership, year: int) -> QuerySet[BudgetLine]:
    return BudgetLine.objects.filter(partnership=partnership, year=year).order_by("category", "pk")


@dataclass
class OpenPeriod:
    """A payment period that has ended without an issued invoice (shown to the non-profit)."""

    partnership: Partnership
    period: PaymentPeriod
    draft: Invoice | None
    has_budget: bool = True  # no budget for the period's year: nothing to invoice against yet


def ended_periods_without_invoice(partnerships: list[Partnership], today: dt.date) -> list[OpenPeriod]:
    """Ended payment periods that have no submitted, approved or paid invoice (one query for invoices)."""
    ids = [p.pk for p in partnerships]
    invoices = Invoice.objects.filter(
        partnership_id__in=ids, kind=Invoice.Kind.INVOICE, is_credited=False
    ).only("pk", "partnership_id", "period_start", "status")
    by_period = {(i.partnership_id, i.period_start): i for i in invoices}
    result = []
    for partnership in partnerships:
        for period in payment_periods(partnership):
            if not period.has_ended(today):
                continue
            invoice = by_period.get((partnership.pk, period.start))
            if invoice is None or invoice.status in Invoice.EDITABLE:
                result.append(
                    OpenPeriod(
                        partnership=partnership,
                        period=period,
                        draft=invoice,
                        has_budget=bool(category_budgets(partnership, period.budget_year)),
                    )
                )
    return result


def open_periods_for_creation(partnership: Partnership) -> list[PaymentPeriod]:
    """Periods that can still get an invoice: none exists (or only credited ones)."""
    taken = set(
        Invoice.objects.filter(
            partnership=partnership, kind=Invoice.Kind.INVOICE, is_credited=False
        ).values_list("period_start", flat=True)
    )
    return [
        p
        for p in payment_periods(partnership)
        if p.start not in taken and category_budgets(partnership, p.budget_year)
    ]


@dataclass
class CategoryOverview:
    category: str
    label: str
    budget: Decimal = ZERO
    invoiced: Decimal = ZERO
    approved: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.invoiced


@dataclass
class PartnershipOverview:
    """Budget follow-up of one partnership for one year (amounts excluding VAT)."""

    partnership: Partnership
    year: int
    rows: list[CategoryOverview]
    amendment_increase: Decimal
    overdue: list[Invoice]

    @property
    def total(self) -> CategoryOverview:
        total = CategoryOverview(category="total", label="Summa")
        for row in self.rows:
            total.budget += row.budget
            total.invoiced += row.invoiced
            total.approved += row.approved
            total.paid += row.paid
        total.budget += self.amendment_increase
        return total


def budget_overview(partnerships: list[Partnership], year: int, today: dt.date) -> list[PartnershipOverview]:
    """Per partnership and category: budget, invoiced, approved, paid, remaining; overdue invoices.

    Three queries whatever the number of partnerships (plus the prefetches of `partnerships`).
    """
    ids = [p.pk for p in partnerships]
    sums = (
        InvoiceLine.objects.filter(
            invoice__partnership_id__in=ids, invoice__budget_year=year, invoice__status__in=Invoice.COUNTED
        )
        .values("invoice__partnership_id", "category", "invoice__status")
        .annotate(amount=Sum("amount"))
    )
    amounts: dict[tuple[int, str], dict[str, Decimal]] = {}
    for row in sums:
        key = (row["invoice__partnership_id"], row["category"])
        amounts.setdefault(key, {})[row["invoice__status"]] = row["amount"] or ZERO
    overdue_by: dict[int, list[Invoice]] = {}
    for invoice in overdue_invoices(
        Invoice.objects.filter(partnership_id__in=ids, budget_year=year).select_related("seller"), today
    ):
        overdue_by.setdefault(invoice.partnership_id, []).append(invoice)
    labels = dict(BudgetLine.Category.choices)
    result = []
    for partnership in partnerships:
        budgets = category_budgets(partnership, year)
        categories = [c for c in BudgetLine.Category.values if c in budgets or (partnership.pk, c) in amounts]
        rows = []
        for category in categories:
            by_status = amounts.get((partnership.pk, category), {})
            rows.append(
                CategoryOverview(
                    category=category,
                    label=str(labels[category]),
                    budget=budgets.get(category, ZERO),
                    invoiced=sum(by_status.values(), ZERO),
                    approved=by_status.get(Invoice.Status.APPROVED, ZERO)
                    + by_status.get(Invoice.Status.PAID, ZERO),
                    paid=by_status.get(Invoice.Status.PAID, ZERO),
                )
            )
        result.append(
            PartnershipOverview(
                partnership=partnership,
                year=year,
                rows=rows,
                amendment_increase=amendment_increase(partnership, year),
                overdue=overdue_by.get(partnership.pk, []),
            )
        )
    return result


def overview_partnerships(user: User, year: int) -> QuerySet[Partnership]:
    """Partnerships the user may follow up that have a budget or invoices for the year, with what
    `budget_overview` reads of that year (page through them: each is a table of its own)."""
    visible = partnerships_visible_to(user).values("pk")
    if Role.EKONOMI in roles_of(user) and not (roles_of(user) & {Role.ATTESTANT, Role.SAMORDNARE}):
        visible = partnerships_invoiceable_by(user).values("pk")
    # EXISTS, not a join of both lists with DISTINCT: that join is every budget line times every
    # invoice of each partnership (tens of thousands of rows at city scale) before it is reduced.
    has_budget = BudgetLine.objects.filter(partnership=OuterRef("pk"), year=year)
    has_invoice = Invoice.objects.filter(partnership=OuterRef("pk"), budget_year=year)
    return (
        Partnership.objects.only("pk", "case_number", "title")
        .prefetch_related(
            # Only the year's budget lines and budget amendments: the overview shows one year.
            Prefetch("budget_lines", queryset=BudgetLine.objects.filter(year=year)),
            "parties",
            Prefetch(
                "amendments",
                queryset=Amendment.objects.filter(affects_budget=True, budget_year=year).prefetch_related(
                    "approvals"
                ),
            ),
        )
        .filter(pk__in=visible)
        .filter(Exists(has_budget) | Exists(has_invoice))
        .order_by("case_number")
    )


@dataclass
class AttestFacts:
    """What the attestant checks the documentation against (attest): the year's budget, what was invoiced
    before this invoice and what is left after it, places used against places paid for in the period, and
    the agreement's earlier invoices."""

    budget: Decimal
    invoiced_before: Decimal
    this_invoice: Decimal
    left_after: Decimal
    participants_active: int | None
    average_places_used: Decimal | None
    places_paid_for: int | None
    previous: list[Invoice]

    @property
    def over_budget(self) -> bool:
        return self.left_after < ZERO


PREVIOUS_INVOICES_SHOWN = 12


def attest_facts(invoice: Invoice) -> AttestFacts:
    """Four queries whatever the size of the agreement: partnership with its budget (+ prefetches), the
    budget usage, the period's placements and the previous invoices."""
    from invoicing.documentation import period_volume  # documentation builds on these selectors

    partnership = partnership_queryset().get(pk=invoice.partnership_id)
    budget = sum(category_budgets(partnership, invoice.budget_year).values(), ZERO) + amendment_increase(
        partnership, invoice.budget_year
    )
    before = budget_usage(partnership, invoice.budget_year, exclude=invoice).total
    volume = period_volume(invoice)
    previous = list(
        Invoice.objects.filter(partnership_id=invoice.partnership_id)
        .exclude(pk=invoice.pk)
        .exclude(status=Invoice.Status.DRAFT)
        .select_related("seller")
        .order_by("-period_start", "-pk")[:PREVIOUS_INVOICES_SHOWN]
    )
    return AttestFacts(
        budget=budget,
        invoiced_before=before,
        this_invoice=invoice.total_net,
        left_after=budget - before - invoice.total_net,
        participants_active=volume.participants_active,
        average_places_used=volume.average_places_used,
        places_paid_for=volume.places_paid_for,
        previous=previous,
    )
