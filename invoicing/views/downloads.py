"""Invoice files: the invoice in an export format, a line's verification and the approved invoices of
a period (an export job)."""

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from invoicing.access import invoice_line_or_404, invoice_or_404
from invoicing.exports import NotExportable, export_invoice
from invoicing.forms import PeriodRangeForm
from invoicing.selectors import APPROVED_EXPORT_ROLES, INVOICE_ROLES
from iop.export_jobs import APPROVED_INVOICES_EXPORT, start_export
from iop.forms import apply_errors
from iop.http import AuthenticatedHttpRequest
from iop.permissions import allow
from iop.uploads import serve_private_file


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
    line = invoice_line_or_404(request, pk, line_pk)
    if not line.verification_file:
        raise Http404
    return serve_private_file(
        request, line.verification_file, filename=line.verification_file.name.rsplit("/", 1)[-1]
    )


@allow(APPROVED_EXPORT_ROLES)
@require_http_methods(["GET", "POST"])
def bulk_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET: the period form (filled from the query). POST: the export is queued as a job (reporting) and
    the user is sent to its page, where the file is downloaded when it is done."""
    if request.method != "POST":
        return render(
            request, "invoicing/bulk_export.html", {"form": PeriodRangeForm(initial=request.GET.dict())}
        )
    form = PeriodRangeForm(request.POST)
    if form.is_valid():
        params = {"start": form.cleaned_data["start"], "end": form.cleaned_data["end"], "format": "xlsx"}
        try:
            return redirect(start_export(kind=APPROVED_INVOICES_EXPORT, params=params, user=request.user))
        except ValidationError as exc:
            apply_errors(form, exc)
    return render(request, "invoicing/bulk_export.html", {"form": form}, status=400)
