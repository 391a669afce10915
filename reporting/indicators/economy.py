"""Budget, in-kind contributions and invoicing of the period: their facts and their figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q, Sum

from invoicing.models import Invoice
from invoicing.selectors import invoiced_amounts, overdue_invoice_counts
from iop.models import BudgetLine, InKindContribution
from reporting.indicators.periods import period_years
from reporting.indicators.results import Economy, EconomyCategory

if TYPE_CHECKING:  # the loader imports this module
    from reporting.indicators.facts import Facts, FactSet

ZERO = Decimal("0.00")


def load_economy(facts: FactSet, scope: Q, via, start: dt.date, end: dt.date) -> None:
    years = period_years(start, end)
    for partnership_id, category, total in (
        BudgetLine.objects.filter(scope, year__in=years)
        .order_by()
        .values_list("partnership_id", "category")
        .annotate(t=Sum("amount"))
    ):
        for f in facts.both(partnership_id):
            f.budget[category] = f.budget.get(category, ZERO) + money(total)
    for partnership_id, year, description, value in (
        InKindContribution.objects.filter(scope, year__in=years)
        .order_by("year", "description", "pk")
        .values_list("partnership_id", "year", "description", "estimated_value")
    ):
        for f in facts.both(partnership_id):
            f.in_kind.append({"year": year, "description": description, "estimated_value": value})
    for partnership_id, category, status, paid_on, pos, neg in invoiced_amounts(
        line_scope=via("invoice__partnership"), budget_years=years, as_of=end
    ):
        for f in facts.both(partnership_id):
            sums = f.invoice_lines.setdefault((category, status, paid_on), [ZERO, ZERO])
            sums[0] += money(pos)
            sums[1] += money(neg)
    for partnership_id, count in overdue_invoice_counts(invoice_scope=scope, on=end):
        for f in facts.both(partnership_id):
            f.overdue += count


def assemble_economy(facts: Facts, start: dt.date, end: dt.date) -> Economy:
    """Budget and in-kind of the period's budget years; invoiced (submitted by the end of the period) and
    paid (paid on or before it) per budget category as known at the end of the period; overdue = approved or submitted invoices past their due date then."""
    available = True  # the invoicing app is always installed; the flag stays for the outputs' layout
    invoiced: dict = {}
    paid: dict = {}
    for (category, status, paid_on), (pos, neg) in facts.invoice_lines.items():
        amount = pos - abs(neg)
        invoiced[category] = invoiced.get(category, ZERO) + amount
        if status == Invoice.Status.PAID and (paid_on is None or paid_on <= end):
            paid[category] = paid.get(category, ZERO) + amount
    cats = [
        EconomyCategory(
            category=str(key),
            label=str(label),
            budget=facts.budget.get(key, ZERO),
            invoiced=invoiced.get(key, ZERO) if available else None,
            paid=paid.get(key, ZERO) if available else None,
        )
        for key, label in BudgetLine.Category.choices
    ]
    return Economy(
        years=period_years(start, end),
        budget_total=sum((c.budget for c in cats), ZERO),
        invoicing_available=available,
        invoiced_total=sum((c.invoiced or ZERO for c in cats), ZERO) if available else None,
        paid_total=sum((c.paid or ZERO for c in cats), ZERO) if available else None,
        overdue_invoices=facts.overdue if available else None,
        categories=cats,
        in_kind=[dict(c) for c in facts.in_kind],
    )


def money(value) -> Decimal:
    """Sums come back from SQLite with many decimals: always two places."""
    return Decimal(value or 0).quantize(Decimal("0.01"))
