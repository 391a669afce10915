"""Celery tasks of the reporting app. Tasks take ids and call services."""

from celery import shared_task
from django.db import InterfaceError
from django.db import OperationalError as DatabaseOperationalError

from reporting import dashboard_warmup
from reporting.services import TransientReportError, dispatch_pending, run_report_job


@shared_task(
    acks_late=True,
    autoretry_for=(DatabaseOperationalError, InterfaceError, TransientReportError, OSError),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def generate_report(job_id: int) -> int | None:
    """Produce the report of a job; a duplicate delivery is a no-op. Returns the GeneratedReport id."""
    report = run_report_job(job_id=job_id)
    return report.pk if report else None


@shared_task(acks_late=True)
def dispatch_pending_reports() -> int:
    """Every minute (django-celery-beat): publish queued jobs the broker never received."""
    return dispatch_pending()


@shared_task(acks_late=True)
def request_scheduled_reports(kind: str) -> list[int]:
    """django-celery-beat: request the reports of the previous period (quarterly: the quarter that ended,
    annual and overview: last year). Returns the job ids."""
    from reporting.services import scheduled_report_requests

    return [job.pk for job in scheduled_report_requests(kind=kind)]


@shared_task(acks_late=True)
def expire_export_files() -> int:
    """Daily (django-celery-beat): delete export files past EXPORT_RETENTION_DAYS. Returns how many."""
    from reporting.exports.retention import expire_export_files as expire

    return expire()


@shared_task(acks_late=True)
def warm_dashboards() -> int:
    """Every minute (django-celery-beat): compute the default dashboards when the data changed since the
    last run. Returns how many were computed (0: nothing changed)."""
    return dashboard_warmup.warm_dashboards()
