"""Dashboards (översikter) and their exports: thin views over the one engine and its presentation."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from iop.http import AuthenticatedHttpRequest
from iop.models import Partnership
from iop.periods import enclosing, fixed_window, may_use_free_periods
from iop.permissions import allow, has_role, is_coordinator
from iop.roles import Role
from iop.selectors import partnerships_visible_to
from iop.xlsx import CONTENT_TYPE as XLSX_CONTENT_TYPE
from iop.xlsx import CSV_CONTENT_TYPE, Sheet, make_csv, make_xlsx
from reporting.deviations import quarterly_state
from reporting.forms import NarrativeForm, PeriodFilterForm
from reporting.indicators import compute_indicators, compute_indicators_many, period_partnerships
from reporting.models import ReportNarrative
from reporting.narratives import deviation_measure_save, narrative_save, narratives_for
from reporting.presentation import Presentation, Table, present

DASHBOARD_ROLES = {Role.SAMORDNARE, Role.STYRGRUPP, Role.HANDLEDARE, Role.EKONOMI}
NARRATIVE_ROLES = {Role.SAMORDNARE, Role.HANDLEDARE}
EXPORT_FORMATS = ("csv", "xlsx")


def _default_year(partnership: Partnership | None) -> int:
    today = timezone.localdate()
    if partnership is None:
        return today.year
    years = partnership.agreement_years()
    if not years or today.year in years:
        return today.year
    return years[-1] if today.year > years[-1] else years[0]


def _visible_partnership(request: HttpRequest, pk: int) -> Partnership:
    return get_object_or_404(partnerships_visible_to(request.user).prefetch_related("periods"), pk=pk)


def _filter(request: HttpRequest, partnership: Partnership | None) -> PeriodFilterForm:
    return PeriodFilterForm(
        request.GET.dict() if request.GET else {},
        default_year=_default_year(partnership),
        free_periods=may_use_free_periods(request.user),
    )


def partnership_presentation(
    partnership: Partnership, start: dt.date, end: dt.date, *, protected: bool
) -> Presentation:
    """The dashboard of one partnership. Protected, only for a fixed period (`iop.periods`), and
    every figure is compared with the periods enclosing it (differencing control)."""
    result = compute_indicators(partnership=partnership, start=start, end=end)
    if not protected:
        return present(result, protected=False)
    window = fixed_window(start, end)
    if window is None:
        raise ValueError("Protected figures are published for the fixed reporting periods only.")
    others = [
        compute_indicators(partnership=partnership, start=w.start, end=w.end) for w in enclosing(window)
    ]
    return present(result, protected=True, enclosing=others)


def overview_presentation(start: dt.date, end: dt.date) -> tuple[Presentation, Table]:
    """All partnerships together plus one row per partnership (coordinators: raw figures)."""
    partnerships = period_partnerships(start, end)
    results = compute_indicators_many(partnerships, start=start, end=end, with_total=True)
    pres = present(results[None], protected=False)
    rows = []
    for p in partnerships:
        r = results[p.pk]
        rows.append(
            [
                p.case_number,
                p.title,
                r.active.total,
                r.started.total,
                sum((y.target_pro_rata or 0 for y in r.yearly), 0) or None,
                r.occupancy.average,
                r.occupancy.limit,
                *[i.value for i in r.indicators],
                r.steering.held,
                r.economy.budget_total,
            ]
        )
    table = Table(
        "per_partnership",
        _("Per partnerskap"),
        [
            _("Diarienummer"),
            _("Partnerskap"),
            _("Deltagare"),
            _("Påbörjade"),
            _("Mål påbörjade"),
            _("Platser i bruk, snitt"),
            _("Platstak"),
            *[_("Indikator %(n)s") % {"n": n} for n in range(1, 6)],
            _("Styrgruppsmöten"),
            _("Budget"),
        ],
        rows,
        money_columns=(13,),
    )
    pres.tables = {"per_partnership": table, **pres.tables}
    return pres, table


def _bad_period(form: PeriodFilterForm) -> HttpResponse:
    """400 for an export with a bad period: the form's Swedish messages as plain text."""
    errors = [str(e) for errors in form.errors.values() for e in errors]
    text = _("Ogiltig period.") + (" " + " ".join(errors) if errors else "")
    return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")


def _export(table: Table, fmt: str, filename: str) -> HttpResponse:
    if fmt == "csv":
        response = HttpResponse(
            make_csv(table.export_rows(), header=table.columns), content_type=CSV_CONTENT_TYPE
        )
    else:
        sheet = Sheet(table.key[:31], table.columns, table.export_rows(), caption=str(table.title))
        response = HttpResponse(make_xlsx([sheet]), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


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
    protected = not is_coordinator(request.user)
    context.update(
        pres=partnership_presentation(partnership, start, end, protected=protected),
        start=start,
        end=end,
        query=request.GET.urlencode(),
        year=form.cleaned_data.get("year") or start.year,
    )
    return render(request, "reporting/dashboard_partnership.html", context)


@allow(DASHBOARD_ROLES)
@require_GET
def partnership_dashboard_export(
    request: AuthenticatedHttpRequest, pk: int, table: str, fmt: str
) -> HttpResponse:
    partnership = _visible_partnership(request, pk)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    form = _filter(request, partnership)
    if not form.is_valid():
        return _bad_period(form)
    start, end = form.cleaned_data["period"]
    pres = partnership_presentation(partnership, start, end, protected=not is_coordinator(request.user))
    if table not in pres.tables:
        raise Http404
    return _export(pres.tables[table], fmt, f"{partnership.case_number}-{table}-{start:%Y%m%d}-{end:%Y%m%d}")


@allow(Role.SAMORDNARE)
@require_GET
def overview_dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = _filter(request, None)
    if not form.is_valid():
        return render(request, "reporting/dashboard_overview.html", {"form": form}, status=400)
    start, end = form.cleaned_data["period"]
    pres, table = overview_presentation(start, end)
    return render(
        request,
        "reporting/dashboard_overview.html",
        {
            "form": form,
            "pres": pres,
            "start": start,
            "end": end,
            "query": request.GET.urlencode(),
            "per_partnership": table,
        },
    )


@allow(Role.SAMORDNARE)
@require_GET
def overview_dashboard_export(request: AuthenticatedHttpRequest, table: str, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_FORMATS:
        raise Http404
    form = _filter(request, None)
    if not form.is_valid():
        return _bad_period(form)
    start, end = form.cleaned_data["period"]
    pres, _table = overview_presentation(start, end)
    if table not in pres.tables:
        raise Http404
    return _export(pres.tables[table], fmt, f"oversikt-{table}-{start:%Y%m%d}-{end:%Y%m%d}")


def _editable_sections(user) -> set[str]:
    if is_coordinator(user):
        return set(ReportNarrative.Section.values)
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


@allow(Role.SAMORDNARE)
@require_http_methods(["GET", "POST"])
def deviation_measures(request: AuthenticatedHttpRequest, year: int, quarter: int) -> HttpResponse:
    if not (2000 <= year <= 2100 and 1 <= quarter <= 4):
        raise Http404
    state = quarterly_state(year, quarter)
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = {}
        for entry in state:
            for d in entry["deviations"]:
                name = f"m-{entry['partnership'].pk}-{d['deviation'].code}"
                text = request.POST.get(name, "")
                d["posted"] = text  # shown again if the form is re-rendered with errors
                if len(text) > 5000:
                    errors[name] = _("Texten är för lång (högst 5 000 tecken).")
                values[(entry["partnership"], d["deviation"].code)] = text
        if not errors:
            with transaction.atomic():
                for (partnership, code), text in values.items():
                    deviation_measure_save(
                        partnership=partnership,
                        year=year,
                        quarter=quarter,
                        deviation_code=code,
                        text=text,
                        by=request.user,  # type: ignore[arg-type]
                    )
            messages.success(request, _("Åtgärderna är sparade."))
            return redirect("reporting:deviation_measures", year=year, quarter=quarter)
    return render(
        request,
        "reporting/deviation_list.html",
        {"state": state, "year": year, "quarter": quarter, "errors": errors, "posted": request.POST},
        status=400 if errors else 200,
    )
