"""Exports as jobs, reachable from every app.

An export larger than a page (the access log, the approved invoices, a dashboard's data) is written by a
background job, never inside a request. The job machinery (ReportJob, the queue, the worker) lives in
`reporting`, the top product app; a lower app's export view may not import it. So reporting registers
its starter here at start-up (`ReportingConfig.ready`), and the export views of participants and
invoicing call `start_export` and redirect to the job page whose address it returns.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

# The export job kinds (ReportJob.kind) named by the apps that own the rows.
ACCESS_LOG_EXPORT = "access_log_export"
APPROVED_INVOICES_EXPORT = "approved_invoices_export"
DASHBOARD_EXPORT = "dashboard_export"

ExportStarter = Callable[..., str]
_starter: list[ExportStarter] = []


def register_export_starter(starter: ExportStarter) -> None:
    """Install the function that queues an export job: `starter(kind=, params=, user=) -> job page URL`."""
    _starter[:] = [starter]


def start_export(*, kind: str, params: dict[str, Any], user: Any) -> str:
    """Queue an export of `kind` with validated `params` for `user`; the address of the job's page.
    Raises django's ValidationError for parameters the export cannot take."""
    if not _starter:
        raise ImproperlyConfigured("No export job machinery is installed (the reporting app).")
    return _starter[0](kind=kind, params=params, user=user)
