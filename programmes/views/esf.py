"""ESF participant data at entry (edited by those who write enrolments) and the SCB/ESF participant export
(only for the roles that may export personal data: `iop.permissions.PERSONAL_DATA_EXPORTERS`)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from iop.forms import apply_errors
from iop.permissions import PERSONAL_DATA_EXPORTERS, PROGRAMME_WRITERS, allow
from participants.selectors import display_name

from ..access import enrolment_or_404, programme_or_404
from ..esf_export import ESF_EXPORT_HEADER
from ..forms import EsfEntryForm, EsfExportForm
from ..models import EsfEntry
from ..services import esf_entry_save, esf_participants_export


def _initial(entry: EsfEntry | None) -> dict:
    if entry is None:
        return {}
    return {
        "categories": entry.categories,
        "support_kinds": entry.support_kinds,
        "programme_status": entry.programme_status,
        "months_at_af": entry.months_at_af,
        "referring_party": entry.referring_party_id,
    }


@require_http_methods(["GET", "POST"])
@allow(PROGRAMME_WRITERS)
def esf_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """The ESF participant data at entry: categories, kinds of support, programme status, months at
    Arbetsförmedlingen and the referring party."""
    enrolment = enrolment_or_404(request, pk, detail="ESF-uppgifter")
    entry = EsfEntry.objects.filter(enrolment=enrolment).first()
    form = EsfEntryForm(request.POST or None, enrolment=enrolment, initial=_initial(entry))
    if request.method == "POST" and form.is_valid():
        try:
            esf_entry_save(enrolment=enrolment, by=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("ESF-uppgifterna är sparade."))
            return redirect("programmes:enrolment", pk=enrolment.pk)
    return render(
        request,
        "programmes/esf_entry_form.html",
        {"enrolment": enrolment, "name": display_name(enrolment.participant, request.user), "form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@allow(PERSONAL_DATA_EXPORTERS)
def esf_export(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    """GET: the export form. POST: the file of every participant who entered or exited in the period
    (csv or xlsx), recorded and access-logged by the service."""
    partnership = programme_or_404(request, pk)
    today = timezone.localdate()
    form = EsfExportForm(request.POST or None, initial={"start": today.replace(day=1), "end": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        written = esf_participants_export(
            partnership=partnership,
            start=data["start"],
            end=data["end"],
            file_format=data["file_format"],
            by=request.user,
            request=request,
        )
        return FileResponse(
            written.handle, as_attachment=True, filename=written.filename, content_type=written.content_type
        )
    return render(
        request,
        "programmes/esf_export.html",
        {"partnership": partnership, "form": form, "columns": ESF_EXPORT_HEADER},
        status=400 if form.is_bound else 200,
    )
