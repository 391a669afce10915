"""The partnership hub's Rapporter tab: the reports ordered and produced for one partnership."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from iop.permissions import allow, has_role
from iop.selectors import partnerships_visible_to
from reporting.selectors import report_jobs_visible_to
from reporting.views import JOBS_SHOWN, REQUEST_ROLES, VIEW_ROLES


@allow(VIEW_ROLES)
@require_GET
def partnership_reports(request: HttpRequest, pk: int) -> HttpResponse:
    """Two queries whatever the number of reports: the partnership, then its jobs with their files."""
    partnership = get_object_or_404(partnerships_visible_to(request.user), pk=pk)
    jobs = list(report_jobs_visible_to(request.user).filter(partnership=partnership)[:JOBS_SHOWN])
    return render(
        request,
        "reporting/partnership_reports.html",
        {"partnership": partnership, "jobs": jobs, "may_request": has_role(request.user, *REQUEST_ROLES)},
    )
