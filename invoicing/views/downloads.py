"""Invoice files: the invoice in an export format, a line's verification and the approved invoices of
a period as xlsx."""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from invoicing.documentation.render import make_approved_invoices_xlsx
from invoicing.exports import NotExportable, export_invoice
from invoicing.forms import PeriodRangeForm
from invoicing.models import InvoiceLine
from invoicing.selectors import INVOICE_ROLES, approved_invoices_in
from invoicing.views._common import CITY_ADMINS, invoice_or_404
from iop.http import AuthenticatedHttpRequest
from iop.permissions import allow
from iop.uploads import serve_private_file
from iop.xlsx import CONTENT_TYPE as XLSX


@allow(INVOICE_ROLES)
@require_GET
def invoice_download(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    invoice = invoice_or_404(request, pk)
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
    invoice = invoice_or_404(request, pk)
    line = get_object_or_404(InvoiceLine, invoice=invoice, pk=line_pk)
    if not line.verification_file:
        raise Http404
    return serve_private_file(
        request, line.verification_file, filename=line.verification_file.name.rsplit("/", 1)[-1]
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
