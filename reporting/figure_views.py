"""Pages of the reported-figure workflow: the partner enters and submits figures per goal and period,
the city's coordinator approves them or returns them with a comment (thin views over
`reporting.figure_services`)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from iop.http import AuthenticatedHttpRequest
from iop.models import Goal, Partnership, User
from iop.permissions import ANY_ROLE, allow, has_role, is_coordinator
from iop.roles import Role
from iop.selectors import agreement_year, partnerships_visible_to
from reporting import figure_services as services
from reporting.figure_forms import CorrectionForm, FigureForm, ReviewForm
from reporting.indicators import compute_indicators
from reporting.presentation import present
from reporting.reported_figures import ReportedFigure, period_of

# The non-profit's staff report their partnership's figures; the city's coordinator reviews them.
REPORTER_ROLES = {Role.HANDLEDARE, Role.EKONOMI}
VIEW_ROLES = {Role.SAMORDNARE, Role.STYRGRUPP, Role.HANDLEDARE, Role.EKONOMI}
Status = ReportedFigure.Status


def _partnership(request: HttpRequest, pk: int) -> Partnership:
    return get_object_or_404(partnerships_visible_to(request.user), pk=pk)


def _figure(request: HttpRequest, pk: int) -> ReportedFigure:
    return get_object_or_404(
        ReportedFigure.objects.select_related("goal__partnership").filter(
            goal__partnership__in=partnerships_visible_to(request.user)
        ),
        pk=pk,
    )


def reporting_periods(partnership: Partnership, year: int) -> list[tuple[dt.date, dt.date]]:
    months = 1 if partnership.reporting_frequency == Partnership.ReportingFrequency.MONTHLY else 3
    return [period_of(partnership.reporting_frequency, dt.date(year, m, 1)) for m in range(1, 13, months)]


@allow(ANY_ROLE)
@require_GET
def partnership_results_hx(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The partnership page's results table (goal, target, actual, status) for the current agreement
    year so far: a fragment loaded after the page, so the page keeps its query bound and the one
    engine runs once. Coordinators see raw figures, everyone else disclosure-controlled ones."""
    partnership = _partnership(request, pk)
    today = timezone.localdate()
    bounds = agreement_year(partnership, today, nearest=True)
    table = None
    if bounds is not None:
        start, end = bounds[0], min(bounds[1], max(today, bounds[0]))
        result = compute_indicators(partnership=partnership, start=start, end=end)
        table = present(result, protected=not is_coordinator(request.user), with_charts=False).tables.get(
            "goals"
        )
        bounds = (start, end)
    return render(
        request,
        "reporting/partnership_results_partial.html",
        {"partnership": partnership, "table": table, "period": bounds},
    )


@allow(VIEW_ROLES)
@require_GET
def figure_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The reported goals of a partnership with each period's latest figure and its status."""
    partnership = _partnership(request, pk)
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise Http404
    periods = reporting_periods(partnership, year)
    goals = list(partnership.goals.filter(indicator="custom").order_by("order", "pk"))
    latest: dict[tuple[int, dt.date], ReportedFigure] = {}
    for f in ReportedFigure.objects.filter(
        goal__in=goals, period_start__gte=periods[0][0], period_start__lte=periods[-1][0]
    ).order_by("version"):
        latest[(f.goal_id, f.period_start)] = f
    rows = [
        {"goal": g, "cells": [{"start": s, "end": e, "figure": latest.get((g.pk, s))} for s, e in periods]}
        for g in goals
    ]
    return render(
        request,
        "reporting/figure_list.html",
        {
            "partnership": partnership,
            "year": year,
            "periods": periods,
            "rows": rows,
            "may_report": has_role(request.user, *REPORTER_ROLES),
            "may_review": has_role(request.user, Role.SAMORDNARE),
        },
    )


@allow(REPORTER_ROLES)
@require_http_methods(["GET", "POST"])
def figure_edit(request: AuthenticatedHttpRequest, pk: int, goal_pk: int, start: str) -> HttpResponse:
    """Enter or change the draft figure of a goal and period; save it or submit it for approval."""
    partnership = _partnership(request, pk)
    goal = get_object_or_404(Goal, partnership=partnership, pk=goal_pk, indicator="custom")
    try:
        day = dt.date.fromisoformat(start)
    except ValueError as exc:
        raise Http404 from exc
    period_start, period_end = period_of(partnership.reporting_frequency, day)
    if period_start != day:
        raise Http404
    figure = ReportedFigure.objects.filter(goal=goal, period_start=period_start).order_by("-version").first()
    editable = figure is None or figure.status in (Status.DRAFT, Status.RETURNED)
    instance = figure or ReportedFigure(goal=goal, period_start=period_start, period_end=period_end)
    status = 200
    if request.method == "POST":
        if not editable:
            messages.error(request, _("Siffran är inskickad eller godkänd och kan inte ändras här."))
            status = 409
            form = FigureForm(instance=instance, goal=goal)
        else:
            form = FigureForm(request.POST, instance=instance, goal=goal)
            if form.is_valid():
                user: User = request.user  # type: ignore[assignment]
                try:
                    saved = services.figure_save_draft(
                        goal=goal, period_start=period_start, values=form.cleaned_data, by=user, figure=figure
                    )
                    if "submit" in request.POST:
                        services.figure_submit(figure=saved, by=user)
                        messages.success(request, _("Siffran är inskickad för godkännande."))
                    else:
                        messages.success(request, _("Utkastet är sparat."))
                    return redirect("reporting:figure_list", pk=partnership.pk)
                except ValidationError as exc:
                    form.add_error(None, exc)
            status = 400
    else:
        form = FigureForm(instance=instance, goal=goal)
    previous = (
        ReportedFigure.objects.filter(goal=goal, period_start__lt=period_start, status=Status.APPROVED)
        .order_by("-period_start")
        .first()
    )
    return render(
        request,
        "reporting/figure_edit.html",
        {
            "partnership": partnership,
            "goal": goal,
            "figure": figure,
            "period": (period_start, period_end),
            "form": form if editable else None,
            "previous": previous,
        },
        status=status,
    )


@allow(Role.SAMORDNARE)
@require_http_methods(["GET", "POST"])
def figure_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The coordinator approves a submitted figure or returns it with a comment."""
    figure = _figure(request, pk)
    status = 200
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid():
            user: User = request.user  # type: ignore[assignment]
            try:
                if form.cleaned_data["decision"] == "approve":
                    services.figure_approve(figure=figure, by=user)
                    messages.success(request, _("Siffran är godkänd."))
                else:
                    services.figure_return(
                        figure=figure, comment=form.cleaned_data["return_comment"], by=user
                    )
                    messages.success(request, _("Siffran är skickad tillbaka till partnern."))
                return redirect("reporting:figure_list", pk=figure.goal.partnership_id)
            except ValidationError as exc:
                form.add_error(None, exc)
        status = 400
    else:
        form = ReviewForm()
    return render(
        request,
        "reporting/figure_review.html",
        {
            "figure": figure,
            "partnership": figure.goal.partnership,
            "form": form,
            "history": figure.history.select_related("history_user").order_by("history_date"),
        },
        status=status,
    )


@allow(REPORTER_ROLES | {Role.SAMORDNARE})
@require_POST
def figure_correct(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Start a correction of an approved figure: a new version in draft, with the reason."""
    figure = _figure(request, pk)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            services.figure_correct(
                figure=figure,
                reason=form.cleaned_data["correction_reason"],
                by=request.user,  # type: ignore[arg-type]
            )
            messages.success(request, _("En rättelse är påbörjad som ny version."))
            return redirect("reporting:figure_list", pk=figure.goal.partnership_id)
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(
        request,
        "reporting/figure_correct.html",
        {"figure": figure, "partnership": figure.goal.partnership, "form": form},
        status=400,
    )
