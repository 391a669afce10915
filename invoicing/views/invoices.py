"""Invoice pages: thin views that check access, validate a form, call a service and redirect."""

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseModelFormSet, Form
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from invoicing.documentation.render import make_approved_invoices_xlsx
from invoicing.exports import FORMATS, NotExportable, export_invoice
from invoicing.forms import (
    CommentForm,
    CostLineFormSet,
    CreditForm,
    FixedShareLineFormSet,
    InvoiceCreateForm,
    InvoiceHeaderForm,
    PaidForm,
    PeriodRangeForm,
    formset_lines,
)
from invoicing.models import Invoice, InvoiceLine
from invoicing.money import vat_breakdown
from invoicing.periods import category_budgets, payment_periods
from invoicing.selectors import (
    INVOICE_ROLES,
    approved_invoices_in,
    attest_facts,
    budget_line_choices,
    budget_overview,
    budget_usage,
    ended_periods_without_invoice,
    invoice_detail_queryset,
    invoice_list_queryset,
    open_periods_for_creation,
    overview_partnerships,
    partnerships_invoiceable_by,
)
from invoicing.services import checks, credit, drafts, workflow
from iop.http import AuthenticatedHttpRequest
from iop.models import Partnership
from iop.pagination import page_of
from iop.permissions import allow, roles_of
from iop.roles import Role
from iop.selectors import partnerships_visible_to
from iop.uploads import serve_private_file
from iop.xlsx import CONTENT_TYPE as XLSX

CITY_ADMINS = {Role.ATTESTANT, Role.SAMORDNARE}
PAGE_SIZE = 25


def _invoice(request: AuthenticatedHttpRequest, pk: int) -> Invoice:
    return get_object_or_404(invoice_detail_queryset(request.user), pk=pk)


def _messages_of(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [str(m) for messages_ in error.message_dict.values() for m in messages_]
    return [str(m) for m in error.messages]


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
            for message in _messages_of(error):
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
    invoice = _invoice(request, pk)
    roles = roles_of(request.user)
    is_seller = Role.EKONOMI in roles and request.user.organisation_id == invoice.seller_id
    is_attestant = Role.ATTESTANT in roles and request.user.organisation_id == invoice.buyer_id
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
            "can_edit": is_seller and invoice.is_editable,
            "can_submit": is_seller and invoice.is_editable,
            "can_approve": is_attestant and invoice.status == Invoice.Status.SUBMITTED,
            "can_pay": (is_seller or is_attestant) and invoice.status == Invoice.Status.APPROVED,
            "can_credit": is_seller
            and not invoice.is_credit_note
            and invoice.status in (Invoice.Status.APPROVED, Invoice.Status.PAID)
            and not invoice.is_credited
            and not invoice.credit_notes.all(),
            "formats": FORMATS,
        },
    )


@allow(Role.EKONOMI)
@require_http_methods(["GET", "POST"])
def invoice_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invoice = _invoice(request, pk)
    if invoice.seller_id != request.user.organisation_id:
        raise PermissionDenied
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
            errors = _messages_of(error)
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


def _confirm(
    request: AuthenticatedHttpRequest,
    invoice: Invoice,
    *,
    title: str,
    text: str,
    button: str,
    form=None,
    problems: list[str] | None = None,
    status: int = 200,
    facts=None,
) -> HttpResponse:
    return render(
        request,
        "invoicing/invoice_confirm.html",
        {
            "invoice": invoice,
            "title": title,
            "text": text,
            "button": button,
            "form": form,
            "problems": problems or [],
            "facts": facts,
        },
        status=status,
    )


def _transition(
    request: AuthenticatedHttpRequest,
    invoice: Invoice,
    *,
    run: Callable[[dict], Invoice],
    success: str,
    problems: Callable[[], list[str]],
    form: Form | None = None,
    facts=None,
    **page: str,
) -> HttpResponse:
    """A workflow step behind a confirm page (`page`: its title, text and button).

    GET, or a POST with an invalid form, shows the confirm page with what stands in the way (400 for
    the POST). A valid POST runs the service with the form's data: its ValidationError is shown on
    the confirm page (400), otherwise the invoice it returns is shown with the success message.
    """
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            result = run(form.cleaned_data if form is not None else {})
        except ValidationError as error:
            return _confirm(
                request, invoice, form=form, problems=_messages_of(error), status=400, facts=facts, **page
            )
        messages.success(request, success)
        return redirect("invoicing:detail", pk=result.pk)
    status = 400 if request.method == "POST" else 200
    return _confirm(request, invoice, form=form, problems=problems(), status=status, facts=facts, **page)


@allow(Role.EKONOMI)
@require_http_methods(["GET", "POST"])
def invoice_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invoice = _invoice(request, pk)
    return _transition(
        request,
        invoice,
        run=lambda data: workflow.invoice_submit(invoice=invoice, by=request.user),
        success=_("Fakturan är inskickad för attest."),
        problems=lambda: (
            [_("Fakturan är redan inskickad.")]
            if not invoice.is_editable
            else checks.submission_problems(invoice)
        ),
        title=_("Skicka in faktura"),
        text=_("Fakturan får nummer och datum och kan inte ändras efter att den skickats in för attest."),
        button=_("Skicka in"),
    )


@allow(Role.ATTESTANT)
@require_http_methods(["GET", "POST"])
def invoice_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invoice = _invoice(request, pk)

    def problems() -> list[str]:
        if invoice.status != Invoice.Status.SUBMITTED:
            return [_("Bara inskickade fakturor kan attesteras.")]
        if invoice.submitted_by_id == request.user.pk:
            return [_("Du har själv skickat in fakturan och får inte attestera den.")]
        return []

    return _transition(
        request,
        invoice,
        form=CommentForm(request.POST or None),
        run=lambda data: workflow.invoice_approve(invoice=invoice, by=request.user, comment=data["comment"]),
        success=_("Fakturan är attesterad."),
        problems=problems,
        facts=attest_facts(invoice) if invoice.status == Invoice.Status.SUBMITTED else None,
        title=_("Attestera faktura"),
        text=_("Kontrollera fakturaunderlaget mot budgeten innan du attesterar."),
        button=_("Attestera"),
    )


@allow(Role.ATTESTANT)
@require_http_methods(["GET", "POST"])
def invoice_return(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invoice = _invoice(request, pk)
    return _transition(
        request,
        invoice,
        form=CommentForm(request.POST or None, required=True),
        run=lambda data: workflow.invoice_return(invoice=invoice, by=request.user, comment=data["comment"]),
        success=_("Fakturan är returnerad."),
        problems=lambda: (
            []
            if invoice.status == Invoice.Status.SUBMITTED
            else [_("Bara inskickade fakturor kan returneras.")]
        ),
        title=_("Returnera faktura"),
        text=_(
            "Fakturan går tillbaka till den idéburna organisationen för rättelse. Skriv vad som behöver ändras."
        ),
        button=_("Returnera"),
    )


@allow(Role.ATTESTANT, Role.EKONOMI)
@require_http_methods(["GET", "POST"])
def invoice_mark_paid(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invoice = _invoice(request, pk)
    return _transition(
        request,
        invoice,
        form=PaidForm(request.POST or None),
        run=lambda data: workflow.invoice_mark_paid(
            invoice=invoice, by=request.user, paid_on=data["paid_on"]
        ),
        success=_("Fakturan är markerad som betald."),
        problems=lambda: (
            []
            if invoice.status == Invoice.Status.APPROVED
            else [_("Bara attesterade fakturor kan markeras som betalda.")]
        ),
        title=_("Markera som betald"),
        text=_("Ange dagen då betalningen gjordes."),
        button=_("Spara"),
    )


@allow(Role.EKONOMI)
@require_http_methods(["GET", "POST"])
def invoice_credit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invoice = _invoice(request, pk)
    creditable = (
        not invoice.is_credit_note
        and invoice.status in (Invoice.Status.APPROVED, Invoice.Status.PAID)
        and not invoice.is_credited
    )
    return _transition(
        request,
        invoice,
        form=CreditForm(request.POST or None),
        # The credit note is shown next, not the credited invoice.
        run=lambda data: credit.credit_note_create(original=invoice, by=request.user, reason=data["reason"]),
        success=_("Kreditnotan är skapad som utkast."),
        problems=lambda: (
            [] if creditable else [_("Bara attesterade fakturor som inte redan krediterats kan krediteras.")]
        ),
        title=_("Kreditera faktura"),
        text=_(
            "En kreditnota skapas som utkast med fakturans alla rader med omvänt tecken. Skicka sedan in den för attest."
        ),
        button=_("Skapa kreditnota"),
    )


@allow(INVOICE_ROLES)
@require_GET
def invoice_download(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    invoice = _invoice(request, pk)
    try:
        export = export_invoice(invoice, fmt)
    except NotExportable as exc:
        raise Http404(str(exc)) from exc
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


@allow(INVOICE_ROLES)
@require_GET
def line_verification(request: AuthenticatedHttpRequest, pk: int, line_pk: int) -> FileResponse:
    invoice = _invoice(request, pk)
    line = get_object_or_404(InvoiceLine, invoice=invoice, pk=line_pk)
    if not line.verification_file:
        raise Http404
    return serve_private_file(
        request, line.verification_file, filename=line.verification_file.name.rsplit("/", 1)[-1]
    )


@allow(INVOICE_ROLES)
@require_GET
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and 1990 <= int(year_text) <= 2100 else today.year
    partnerships = overview_partnerships(request.user, year)
    selected = request.GET.get("partnership", "")
    if selected.isdigit():
        partnerships = [p for p in partnerships if p.pk == int(selected)]
    return render(
        request,
        "invoicing/overview.html",
        {
            "year": year,
            "years": range(today.year - 3, today.year + 2),
            "overviews": budget_overview(partnerships, year, today),
            "today": today,
        },
    )


@allow(CITY_ADMINS)
@require_GET
def bulk_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.GET:
        return render(request, "invoicing/bulk_export.html", {"form": PeriodRangeForm()})
    form = PeriodRangeForm(request.GET)
    if not form.is_valid():
        return render(request, "invoicing/bulk_export.html", {"form": form}, status=400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    content = make_approved_invoices_xlsx(list(approved_invoices_in(start, end)), start, end)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="attesterade-fakturor-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
    )
    return response
