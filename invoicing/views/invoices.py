"""Invoice pages: the list, a new draft, the invoice page and editing a draft. Thin views that check
access, validate a form, call a service and redirect."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseModelFormSet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from invoicing.access import invoice_or_404, invoice_rights, seller_invoice_or_404
from invoicing.exports import FORMATS
from invoicing.forms import (
    CostLineFormSet,
    FixedShareLineFormSet,
    InvoiceCreateForm,
    InvoiceHeaderForm,
    formset_lines,
)
from invoicing.models import Invoice, InvoiceLine
from invoicing.money import vat_breakdown
from invoicing.periods import category_budgets, payment_periods
from invoicing.selectors import (
    INVOICE_ROLES,
    budget_line_choices,
    budget_usage,
    ended_periods_without_invoice,
    invoice_list_queryset,
    open_periods_for_creation,
    partnerships_invoiceable_by,
)
from invoicing.services import drafts
from invoicing.views._common import PAGE_SIZE, messages_of
from iop.http import AuthenticatedHttpRequest
from iop.models import Partnership
from iop.pagination import page_of
from iop.permissions import allow
from iop.roles import Role
from iop.selectors import partnerships_visible_to


@allow(INVOICE_ROLES)
@require_GET
def invoice_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    qs = invoice_list_queryset(request.user)
    filters = {
        "partnership": request.GET.get("partnership", ""),
        "status": request.GET.get("status", ""),
        "year": request.GET.get("year", ""),
        "period": request.GET.get("period", ""),
    }
    if filters["partnership"].isdigit():
        qs = qs.filter(partnership_id=int(filters["partnership"]))
    if filters["status"] in Invoice.Status.values:
        qs = qs.filter(status=filters["status"])
    if filters["year"].isdigit():
        qs = qs.filter(budget_year=int(filters["year"]))
    try:
        if filters["period"]:
            qs = qs.filter(period_start=dt.date.fromisoformat(filters["period"]))
    except ValueError:
        filters["period"] = ""
    page = page_of(qs.order_by("-period_start", "-pk"), request.GET.get("page"), PAGE_SIZE)
    today = timezone.localdate()
    invoiceable = list(partnerships_invoiceable_by(request.user))
    partnerships = Partnership.objects.filter(
        pk__in=invoice_list_queryset(request.user).values("partnership_id")
    )
    # Filtered on one partnership: the page is that partnership's Fakturor tab (iop.hub).
    hub_partnership = (
        partnerships_visible_to(request.user).filter(pk=int(filters["partnership"])).first()
        if filters["partnership"].isdigit()
        else None
    )
    return render(
        request,
        "invoicing/invoice_list.html",
        {
            "hub_partnership": hub_partnership,
            "page": page,
            "filters": filters,
            "statuses": Invoice.Status.choices,
            "partnerships": partnerships.order_by("case_number").only("pk", "case_number", "title"),
            "open_periods": ended_periods_without_invoice(invoiceable, today),
            "can_create": bool(invoiceable),
            "today": today,
        },
    )


@allow(Role.EKONOMI)
@require_http_methods(["GET", "POST"])
def invoice_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    partnerships = {p.pk: p for p in partnerships_invoiceable_by(request.user)}
    options = [
        InvoiceCreateForm.option(p.case_number, period)
        for p in partnerships.values()
        for period in open_periods_for_creation(p)
    ]
    form = InvoiceCreateForm(
        request.POST or None, options=options, initial={"period": request.GET.get("period")}
    )
    if request.method == "POST" and form.is_valid():
        partnership_pk, start = form.parsed()
        try:
            invoice = drafts.invoice_create(
                partnership=partnerships[partnership_pk], period_start=start, by=request.user
            )
        except ValidationError as error:
            for message in messages_of(error):
                form.add_error("period", message)
        else:
            messages.success(request, _("Fakturautkastet är skapat."))
            return redirect("invoicing:edit", pk=invoice.pk)
    status = 400 if request.method == "POST" else 200
    # Agreement years with payment periods but no budget: nothing can be invoiced for them yet.
    without_budget = [
        (p, year)
        for p in partnerships.values()
        for year in sorted({period.budget_year for period in payment_periods(p)})
        if not category_budgets(p, year)
    ]
    return render(
        request,
        "invoicing/invoice_create.html",
        {"form": form, "without_budget": without_budget},
        status=status,
    )


@allow(INVOICE_ROLES)
@require_GET
def invoice_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invoice = invoice_or_404(request, pk)
    rights = invoice_rights(request.user, invoice)
    lines = list(invoice.lines.all())
    return render(
        request,
        "invoicing/invoice_detail.html",
        {
            "invoice": invoice,
            "lines": lines,
            "vat": vat_breakdown((line.amount, line.vat_rate) for line in lines),
            "events": list(invoice.events.all()),
            "credit_notes": list(invoice.credit_notes.all()),
            "can_edit": rights.edit,
            "can_submit": rights.submit,
            "can_approve": rights.approve,
            "can_pay": rights.pay,
            "can_credit": rights.credit,
            "formats": FORMATS,
        },
    )


@allow(Role.EKONOMI)
@require_http_methods(["GET", "POST"])
def invoice_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invoice = seller_invoice_or_404(request, pk)
    if not invoice.is_editable:
        messages.error(request, _("Fakturan är inskickad och kan inte ändras. Rätta med en kreditnota."))
        return redirect("invoicing:detail", pk=invoice.pk)
    fixed = invoice.method == Partnership.InvoicingMethod.FIXED_SHARE or invoice.is_credit_note
    lines_qs = (
        InvoiceLine.objects.filter(invoice=invoice).select_related("budget_line").order_by("position", "pk")
    )
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    header = InvoiceHeaderForm(data, instance=invoice)
    formset: BaseModelFormSet
    if fixed:
        formset = FixedShareLineFormSet(data, queryset=lines_qs, prefix="lines")
    else:
        formset = CostLineFormSet(
            data,
            files,
            queryset=lines_qs,
            prefix="lines",
            budget_lines=budget_line_choices(invoice.partnership, invoice.budget_year),
        )
    errors: list[str] = []
    if request.method == "POST" and header.is_valid() and formset.is_valid():
        lines, delete_ids = formset_lines(formset)
        try:
            drafts.invoice_update_draft(
                invoice=invoice,
                by=request.user,
                header=header.cleaned_data,
                lines=lines,
                delete_ids=delete_ids,
            )
        except ValidationError as error:
            errors = messages_of(error)
        else:
            messages.success(request, _("Fakturan är sparad."))
            return redirect("invoicing:detail", pk=invoice.pk)
    usage = budget_usage(invoice.partnership, invoice.budget_year, exclude=invoice)
    budget_rows = [
        {
            "line": b,
            "used": usage.by_budget_line.get(b.pk, 0),
            "left": b.amount - usage.by_budget_line.get(b.pk, 0),
        }
        for b in budget_line_choices(invoice.partnership, invoice.budget_year)
    ]
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "invoicing/invoice_edit.html",
        {
            "invoice": invoice,
            "header": header,
            "formset": formset,
            "fixed": fixed,
            "errors": errors,
            "budget_rows": budget_rows,
        },
        status=status,
    )
