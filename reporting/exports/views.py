"""The export job's page: its state and progress (polled while it runs) and the owner's download."""

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from iop.export_jobs import ACCESS_LOG_EXPORT
from iop.http import AuthenticatedHttpRequest
from iop.permissions import allow
from iop.roles import Role
from participants.access import log_export
from reporting.exports.files import export_progress
from reporting.exports.kinds import EXPORTS, may_use
from reporting.exports.retention import expires_at
from reporting.models import ReportJob
from reporting.selectors import export_jobs_of

# Every role that may ask for some export; which job a user sees is decided by `_own_job`.
EXPORT_ROLES = {Role.SAMORDNARE, Role.ATTESTANT, Role.STYRGRUPP, Role.HANDLEDARE, Role.EKONOMI}


def _own_job(request: HttpRequest, pk: int) -> ReportJob:
    """The user's own export job, if the user may still use that export (role, partnership); else 404."""
    job = get_object_or_404(export_jobs_of(request.user), pk=pk)
    if not may_use(request.user, kind=job.kind, partnership_id=job.partnership_id):
        raise Http404
    return job


def _context(job: ReportJob) -> dict:
    done, total = export_progress(job)
    percent = min(100, round(100 * done / total)) if done is not None and total else None
    report = getattr(job, "report", None) if job.state == ReportJob.State.DONE else None
    return {
        "job": job,
        "rows_done": done,
        "rows_total": total,
        "percent": percent,
        "report": report,
        "expires_at": expires_at(report) if report else None,
        "retention_days": settings.EXPORT_RETENTION_DAYS,
        "order_url": EXPORTS[job.kind].order_url(job.params),
    }


def _file_gone(request: HttpRequest, job: ReportJob, status: int) -> HttpResponse:
    """The download of a file that is no longer there: 410 once retention deleted it, 404 when it is
    missing otherwise; either way a page that says so and links to ordering the export anew."""
    return render(request, "reporting/export_file_gone.html", _context(job), status=status)


@allow(EXPORT_ROLES)
@require_GET
def export_job(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = _own_job(request, pk)
    return render(request, "reporting/export_job.html", _context(job))


@allow(EXPORT_ROLES)
@require_GET
def export_job_status_hx(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = _own_job(request, pk)
    return render(request, "reporting/export_job_status_partial.html", _context(job))


@allow(EXPORT_ROLES)
@require_GET
def export_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse | FileResponse:
    job = _own_job(request, pk)
    report = getattr(job, "report", None)
    if job.state != ReportJob.State.DONE or report is None:
        raise Http404
    if report.expired:
        return _file_gone(request, job, status=410)
    try:
        handle = report.file.open("rb")
    except FileNotFoundError:
        return _file_gone(request, job, status=404)
    if job.kind == ACCESS_LOG_EXPORT:
        # The file shows who looked at whom: handing it out is logged like the export itself.
        log_export(request, detail=f"nedladdning export åtkomstlogg (jobb {job.pk})")
    return FileResponse(
        handle, as_attachment=True, filename=report.filename, content_type=report.content_type
    )
