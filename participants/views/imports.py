"""Upload page for importing participants from a spreadsheet, and the template download."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from iop.http import AuthenticatedHttpRequest
from iop.permissions import allow
from iop.roles import Role
from participants.forms.imports import ImportUploadForm
from participants.imports import XLSX_MIME, ImportFileError, import_participants, template_xlsx


@require_http_methods(["GET", "POST"])
@allow(Role.SAMORDNARE, Role.AMS)
def import_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    result = None
    status = 200
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = import_participants(
                    content=upload.read(),
                    name=upload.name,
                    by=request.user,
                    partnership=form.cleaned_data["partnership"],
                    dry_run=form.cleaned_data["dry_run"],
                    request_or_user=request,
                )
            except ImportFileError as exc:
                form.add_error("file", str(exc))
                status = 400
            else:
                status = 200 if result.ok else 400
        else:
            status = 400
    else:
        form = ImportUploadForm(user=request.user)
    return render(request, "participants/import_upload.html", {"form": form, "result": result}, status=status)


@require_GET
@allow(Role.SAMORDNARE, Role.AMS)
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(template_xlsx(), content_type=XLSX_MIME)
    response["Content-Disposition"] = 'attachment; filename="deltagarimport-mall.xlsx"'
    return response
