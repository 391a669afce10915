"""Read queries of the reporting app, scoped to what a user may see."""

from django.db.models import Q, QuerySet

from iop.permissions import is_coordinator
from iop.selectors import partnerships_visible_to
from reporting.models import EXPORT_KINDS, GeneratedReport, ReportJob


def report_jobs_visible_to(user) -> QuerySet[ReportJob]:
    """Jobs about partnerships the user can see; reports across all partnerships only for coordinators.
    Export jobs are not reports: they belong to who asked for them (`export_jobs_of`)."""
    scope = Q(partnership__in=partnerships_visible_to(user).values("pk"))
    if is_coordinator(user):
        scope |= Q(partnership__isnull=True)
    return (
        ReportJob.objects.filter(scope)
        .exclude(kind__in=EXPORT_KINDS)
        .select_related("partnership", "requested_by", "report")
    )


def generated_reports_visible_to(user) -> QuerySet[GeneratedReport]:
    return GeneratedReport.objects.filter(job__in=report_jobs_visible_to(user).values("pk")).select_related(
        "job"
    )


def export_jobs_of(user) -> QuerySet[ReportJob]:
    """The export jobs the user asked for: an export's file is only ever shown to its owner."""
    if not getattr(user, "is_authenticated", False):
        return ReportJob.objects.none()
    return ReportJob.objects.filter(kind__in=EXPORT_KINDS, requested_by=user).select_related(
        "partnership", "report"
    )
