"""Retention of export files (gallring av exportfiler): an export job's file is deleted from the storage
settings.EXPORT_RETENTION_DAYS after it was made.

An export is a copy of rows (who looked at whom, invoices, a dashboard's figures) for one user at one
moment; kept for ever it would be a second, unreviewed archive of personal and financial data. The board's
generated reports (annual, quarterly, overview) are records and are never deleted here: only the kinds in
`EXPORT_KINDS`. The file is removed through the storage API (`iop.storage`), so the local disk and the
object store are treated alike; the GeneratedReport row stays with `expired_at` set, and the job page says
that the file has expired and that a new export can be ordered.

Run daily by beat (`reporting.tasks.expire_export_files`) and by hand with `manage.py expire_exports`.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from iop.storage import delete_private_file
from reporting.models import EXPORT_KINDS, GeneratedReport

logger = logging.getLogger(__name__)


def retention_period() -> dt.timedelta:
    return dt.timedelta(days=settings.EXPORT_RETENTION_DAYS)


def expires_at(report: GeneratedReport) -> dt.datetime:
    """When an export's file is deleted (at the first run of the retention after this moment)."""
    return report.created_at + retention_period()


def export_files_due(*, now: dt.datetime | None = None) -> QuerySet[GeneratedReport]:
    """The export files older than the retention period that are still in the storage."""
    cutoff = (now or timezone.now()) - retention_period()
    return GeneratedReport.objects.filter(
        kind__in=EXPORT_KINDS, expired_at__isnull=True, created_at__lt=cutoff
    )


def expire_export_files(*, now: dt.datetime | None = None) -> int:
    """Delete every export file past the retention period and mark its row; the number deleted.

    The file goes first, then the row is marked: a run that stops in between leaves a row whose file is
    gone (its download answers 404) and the next run marks it, since deleting a missing file is no error.
    A file the storage cannot delete now is left for the next run and does not stop the others."""
    now = now or timezone.now()
    expired = 0
    for pk, name in export_files_due(now=now).values_list("pk", "file").iterator():
        try:
            delete_private_file(name)
        except Exception:
            logger.warning(
                "Export file %s (report %s) could not be deleted; next run", name, pk, exc_info=True
            )
            continue
        expired += GeneratedReport.objects.filter(pk=pk, expired_at__isnull=True).update(expired_at=now)
    if expired:
        logger.info("Deleted %s export files older than %s days", expired, settings.EXPORT_RETENTION_DAYS)
    return expired
