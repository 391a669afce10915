"""The export kinds: rows from the app that owns them, the roles that may ask for and download each.

participants and invoicing cannot import reporting; reporting (the top product app) imports their
selectors and row generators here. Every kind takes a required date range (`start`, `end`) and a format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from invoicing.documentation.render import approved_invoices_sheets
from invoicing.selectors import APPROVED_EXPORT_ROLES, approved_invoices_export_rows, approved_invoices_in
from iop.export_jobs import ACCESS_LOG_EXPORT, APPROVED_INVOICES_EXPORT, DASHBOARD_EXPORT
from iop.models import Partnership
from iop.permissions import has_role
from iop.roles import Role
from iop.selectors import partnerships_visible_to
from iop.streaming import Chunked
from iop.xlsx import Sheet
from participants.access_review import ACCESS_LOG_ROLES, access_log_export_sheet, access_log_filtered
from reporting.builders import ReportDataError
from reporting.dashboard_content import overview_presentation, partnership_presentation

FORMATS = ("csv", "xlsx")
DASHBOARD_ROLES = frozenset({Role.SAMORDNARE, Role.STYRGRUPP, Role.HANDLEDARE, Role.EKONOMI})


@dataclass
class ExportData:
    """What an export writes: its sheets (rows read lazily; csv writes the first), the number of rows
    (the progress total) and the file name without extension."""

    sheets: list[Sheet]
    total: int
    filename: str


@dataclass(frozen=True)
class ExportKind:
    roles: frozenset[str]
    prepare: Callable[[dict], ExportData]
    # The page where this export is ordered (again, once its file has expired).
    order_url: Callable[[dict], str]
    formats: tuple[str, ...] = FORMATS
    # The access log's export is itself logged, when asked for and when downloaded.
    logged: bool = False


def _dates(params: dict) -> tuple[dt.date, dt.date]:
    return dt.date.fromisoformat(params["start"]), dt.date.fromisoformat(params["end"])


def _access_log(params: dict) -> ExportData:
    start, end = _dates(params)
    qs = access_log_filtered(
        participant_id=params.get("participant"),
        action=params.get("action") or "",
        date_from=start,
        date_to=end,
    )
    if params.get("user"):
        qs = qs.filter(user_id=params["user"])
    return ExportData([access_log_export_sheet(qs)], qs.count(), f"atkomstlogg-{start:%Y%m%d}-{end:%Y%m%d}")


def _approved_invoices(params: dict) -> ExportData:
    start, end = _dates(params)
    invoices = Chunked(approved_invoices_in(start, end), chunk_size=500)
    return ExportData(
        approved_invoices_sheets(invoices, start, end),
        approved_invoices_export_rows(start, end),
        f"attesterade-fakturor-{start:%Y%m%d}-{end:%Y%m%d}",
    )


def _dashboard(params: dict) -> ExportData:
    start, end = _dates(params)
    partnership = Partnership.objects.filter(pk=params.get("partnership") or 0).first()
    if partnership is None:
        pres, _table = overview_presentation(start, end)
        stem = "oversikt"
    else:
        pres = partnership_presentation(partnership, start, end, protected=bool(params.get("protected")))
        stem = partnership.case_number
    wanted = params.get("table") or ""
    if wanted and wanted not in pres.tables:
        raise ReportDataError(_("Tabellen %(table)s finns inte i översikten.") % {"table": wanted})
    tables = [t for key, t in pres.tables.items() if wanted in ("", key)]
    sheets = [Sheet(t.key[:31], t.columns, t.export_rows(), caption=str(t.title)) for t in tables]
    name = params.get("table") or "alla-tabeller"
    return ExportData(sheets, sum(len(t.rows) for t in tables), f"{stem}-{name}-{start:%Y%m%d}-{end:%Y%m%d}")


def _access_log_url(params: dict) -> str:
    query = {"date_from": params["start"], "date_to": params["end"], "format": params.get("format", "")}
    return f"{reverse('participants:access_log_export')}?{urlencode(query)}"


def _approved_invoices_url(params: dict) -> str:
    return f"{reverse('invoicing:bulk_export')}?{urlencode({'start': params['start'], 'end': params['end']})}"


def _dashboard_url(params: dict) -> str:
    if params.get("partnership"):
        return reverse("reporting:partnership_dashboard", kwargs={"pk": params["partnership"]})
    return reverse("reporting:overview_dashboard")


EXPORTS: dict[str, ExportKind] = {
    ACCESS_LOG_EXPORT: ExportKind(
        roles=ACCESS_LOG_ROLES,
        prepare=_access_log,
        order_url=_access_log_url,
        logged=True,
    ),
    APPROVED_INVOICES_EXPORT: ExportKind(
        roles=APPROVED_EXPORT_ROLES,
        prepare=_approved_invoices,
        order_url=_approved_invoices_url,
        formats=("xlsx",),
    ),
    DASHBOARD_EXPORT: ExportKind(roles=DASHBOARD_ROLES, prepare=_dashboard, order_url=_dashboard_url),
}


def clean_export_params(*, kind: str, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters of an export checked and made JSON-able: a date range is required (Swedish
    messages at `start` and `end`), and a format the kind writes."""
    if kind not in EXPORTS:
        raise ValidationError({"kind": _("Exporttypen finns inte.")})
    errors: dict[str, str] = {}
    clean = dict(params)
    for name in ("start", "end"):
        value = params.get(name)
        if isinstance(value, str) and value:
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                value = None
        if not isinstance(value, dt.date):
            errors[name] = _("Ange ett datum (ÅÅÅÅ-MM-DD).")
        else:
            clean[name] = value.isoformat()
    if not errors and clean["end"] < clean["start"]:
        errors["end"] = _("Slutdatum kan inte ligga före startdatum.")
    fmt = params.get("format") or EXPORTS[kind].formats[-1]
    if fmt not in EXPORTS[kind].formats:
        errors["format"] = _("Välj ett av formaten %(formats)s.") % {
            "formats": ", ".join(EXPORTS[kind].formats)
        }
    clean["format"] = fmt
    if errors:
        raise ValidationError(errors)
    return clean


def may_use(user: Any, *, kind: str, partnership_id: int | None) -> bool:
    """Whether the user may ask for (and download) an export of this kind about this partnership: the
    kind's roles today; a dashboard's data only of a partnership the user sees, all partnerships only
    for coordinators."""
    export = EXPORTS.get(kind)
    if export is None or not has_role(user, *export.roles):
        return False
    if kind == DASHBOARD_EXPORT:
        if partnership_id is None:
            return has_role(user, Role.SAMORDNARE)
        return partnerships_visible_to(user).filter(pk=partnership_id).exists()
    return True
