"""Report pages: order reports, follow their state (htmx polling), download the files."""

from typing import cast

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from iop.http import AuthenticatedHttpRequest
from iop.models import User
from iop.permissions import allow, has_role, is_coordinator
from iop.roles import Role
from iop.selectors import partnerships_visible_to
from iop.uploads import serve_private_file
from reporting.forms import ReportRequestForm
from reporting.models import ReportJob, ReportKind
from reporting.selectors import generated_reports_visible_to, report_jobs_visible_to
from reporting.services import report_request

# Everyone who follows a partnership's results may see and download its reports; the steering group
# and the coordinators order them. Reports are aggregates that passed disclosure control.
VIEW_ROLES = {Role.SAMORDNARE, Role.STYRGRUPP, Role.HANDLEDARE, Role.EKONOMI}
REQUEST_ROLES = {Role.SAMORDNARE, Role.STYRGRUPP}
JOBS_SHOWN = 50


def _index(request: HttpRequest, form: ReportRequestForm | None, status: int = 200) -> HttpResponse:
    may_request = has_role(request.user, *REQUEST_ROLES)
    if may_request and form is None:
        form = ReportRequestForm(user=cast(User, request.user))
    jobs = list(report_jobs_visible_to(request.user)[:JOBS_SHOWN])
    partnerships = list(
        partnerships_visible_to(request.user).order_by("case_number").only("pk", "case_number", "title")
    )
    return render(
        request,
        "reporting/report_index.html",
        {
            "form": form if may_request else None,
            "jobs": jobs,
            "kinds": ReportKind.choices,
            "partnerships": partnerships,
            "is_coordinator": is_coordinator(request.user),
            "this_year": timezone.localdate().year,
        },
        status=status,
    )


@allow(VIEW_ROLES)
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _index(request, None)


@allow(REQUEST_ROLES)
@require_POST
def request_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ReportRequestForm(request.POST, user=cast(User, request.user))
    if not form.is_valid():
        return _index(request, form, status=400)
    job = report_request(
        kind=form.cleaned_data["kind"], params=form.cleaned_data["params"], user=cast(User, request.user)
    )
    # Published after commit (the job row is the outbox); a job still unpublished here means the broker did
    # not answer: say so, the sweeper sends it when the queue is back.
    job.refresh_from_db(fields=["state", "dispatched_at"])
    if job.state == ReportJob.State.DONE:
        messages.success(request, _("Rapporten är klar. Ladda ned den i listan nedan."))
    elif job.state == ReportJob.State.FAILED:
        messages.error(request, _("Rapporten kunde inte tas fram. Orsaken står i listan nedan."))
    elif job.dispatched_at is None:
        messages.warning(
            request,
            _(
                "Rapporten är beställd, men kön för rapporter svarar inte just nu. Beställningen är sparad och "
                "rapporten tas fram automatiskt när kön är i gång igen."
            ),
        )
    else:
        messages.success(
            request,
            _(
                "Rapporten är beställd och tas fram nu. Listan nedan visar förloppet och en länk när den är klar."
            ),
        )
    return redirect(reverse("reporting:index") + f"#jobb-{job.pk}")


@allow(VIEW_ROLES)
@require_GET
def job_status_hx(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(report_jobs_visible_to(request.user), pk=pk)
    return render(request, "reporting/job_status_hx.html", {"job": job})


@allow(VIEW_ROLES)
@require_GET
def download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    report = get_object_or_404(generated_reports_visible_to(request.user), pk=pk)
    # Streamed from the storage (local disk or the object store), whichever host made the file.
    return serve_private_file(
        request, report.file, filename=report.filename, content_type=report.content_type
    )
