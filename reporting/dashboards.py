"""Dashboards (översikter) and their exports: thin views over the one engine and its presentation."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from iop.export_jobs import DASHBOARD_EXPORT
from iop.http import AuthenticatedHttpRequest
from iop.models import Partnership
from iop.periods import may_use_free_periods
from iop.permissions import allow, has_role, is_coordinator
from iop.risk_register import may_read_risks, open_risks
from iop.roles import Role
from iop.selectors import partnerships_visible_to
from reporting.dashboard_content import (
    default_year,
    overview_body_context,
    overview_cached,
    partnership_body_context,
    partnership_cached,
)
from reporting.exports.services import start_export
from reporting.forms import NarrativeForm, PeriodFilterForm
from reporting.models import ReportNarrative
from reporting.narratives import narrative_save, narratives_for

DASHBOARD_ROLES = {Role.SAMORDNARE, Role.STYRGRUPP, Role.HANDLEDARE, Role.EKONOMI}
NARRATIVE_ROLES = {Role.SAMORDNARE, Role.HANDLEDARE}
EXPORT_FORMATS = ("csv", "xlsx")


def _visible_partnership(request: HttpRequest, pk: int) -> Partnership:
    return get_object_or_404(partnerships_visible_to(request.user).prefetch_related("periods"), pk=pk)


def _filter(request: HttpRequest, partnership: Partnership | None) -> PeriodFilterForm:
    return PeriodFilterForm(
        request.GET.dict() if request.GET else {},
        default_year=default_year(partnership),
        free_periods=may_use_free_periods(request.user),
    )


def _bad_period(form: PeriodFilterForm) -> HttpResponse:
    """400 for an export with a bad period: the form's Swedish messages as plain text."""
    errors = [str(e) for errors in form.errors.values() for e in errors]
    text = _("Ogiltig period.") + (" " + " ".join(errors) if errors else "")
    return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")


ALL_TABLES = "alla"  # the table name of the full data export: every table, one sheet each


def _export(
    request: AuthenticatedHttpRequest, partnership: Partnership | None, table: str, fmt: str
) -> HttpResponse:
    """Queue the export of a dashboard's table (or of all its tables) as a job and go to its page."""
    if fmt not in EXPORT_FORMATS or (table == ALL_TABLES and fmt != "xlsx"):
        raise Http404
    form = _filter(request, partnership)
    if not form.is_valid():
        return _bad_period(form)
    start, end = form.cleaned_data["period"]
    params = {
        "start": start,
        "end": end,
        "format": fmt,
        "partnership": partnership.pk if partnership else None,
        "table": "" if table == ALL_TABLES else table,
        "protected": not is_coordinator(request.user),
    }
    return redirect(start_export(kind=DASHBOARD_EXPORT, params=params, user=request.user))


@allow(DASHBOARD_ROLES)
@require_GET
def partnership_dashboard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = _visible_partnership(request, pk)
    form = _filter(request, partnership)
    context = {
        "partnership": partnership,
        "form": form,
        "may_edit_narrative": has_role(request.user, *NARRATIVE_ROLES),
    }
    if not form.is_valid():
        return render(request, "reporting/dashboard_partnership.html", context, status=400)
    start, end = form.cleaned_data["period"]
    computed = partnership_cached(partnership, start, end, protected=not is_coordinator(request.user))
    context.update(
        partnership_body_context(computed, partnership, start, end),
        query=request.GET.urlencode(),
        year=form.cleaned_data.get("year") or start.year,
        # The risk register as it is today (not cached: it is not a figure of the period).
        risks=open_risks(partnership) if may_read_risks(request.user) else None,
    )
    return render(request, "reporting/dashboard_partnership.html", context)


@allow(DASHBOARD_ROLES)
@require_POST
def partnership_dashboard_export(
    request: AuthenticatedHttpRequest, pk: int, table: str, fmt: str
) -> HttpResponse:
    return _export(request, _visible_partnership(request, pk), table, fmt)


@allow(Role.SAMORDNARE)
@require_GET
def overview_dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = _filter(request, None)
    if not form.is_valid():
        return render(request, "reporting/dashboard_overview.html", {"form": form}, status=400)
    start, end = form.cleaned_data["period"]
    computed = overview_cached(start, end)
    return render(
        request,
        "reporting/dashboard_overview.html",
        {"form": form, "query": request.GET.urlencode(), **overview_body_context(computed, start, end)},
    )


@allow(Role.SAMORDNARE)
@require_POST
def overview_dashboard_export(request: AuthenticatedHttpRequest, table: str, fmt: str) -> HttpResponse:
    return _export(request, None, table, fmt)


def _editable_sections(user) -> set[str]:
    if is_coordinator(user):
        return set(ReportNarrative.Section.values) - {ReportNarrative.Section.PROGRESS}
    return {ReportNarrative.Section.ACTIVITY}


@allow(NARRATIVE_ROLES)
@require_http_methods(["GET", "POST"])
def narrative_edit(request: AuthenticatedHttpRequest, pk: int, year: int) -> HttpResponse:
    partnership = _visible_partnership(request, pk)
    if not 2000 <= year <= 2100:
        raise Http404
    editable = _editable_sections(request.user)
    current = narratives_for(partnership_id=partnership.pk, year=year)
    if request.method == "POST":
        form = NarrativeForm(request.POST, initial=current, editable=editable)
        if form.is_valid():
            with transaction.atomic():
                for section in sorted(editable):
                    narrative_save(
                        partnership=partnership,
                        year=year,
                        section=section,
                        text=form.cleaned_data.get(section) or "",
                        by=request.user,  # type: ignore[arg-type]
                    )
            messages.success(request, _("Texterna är sparade."))
            return redirect("reporting:narrative_edit", pk=partnership.pk, year=year)
        status = 400
    else:
        form = NarrativeForm(initial=current, editable=editable)
        status = 200
    return render(
        request,
        "reporting/narrative_edit.html",
        {"partnership": partnership, "year": year, "form": form},
        status=status,
    )
