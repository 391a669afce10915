"""Pages of the quarterly board report: the partner's or coordinator's progress text (lägesutveckling),
the coordinator's deviations page (deviations by hand, measures, measures done) and the preview of the
report before it is generated."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from iop.form_posts import post_form
from iop.http import AuthenticatedHttpRequest
from iop.models import User
from iop.permissions import allow
from iop.roles import Role
from iop.selectors import partnerships_visible_to
from reporting.deviation_services import manual_deviation_add, measure_add, measure_done
from reporting.deviations import PartnershipDeviations, quarterly_state
from reporting.models import DeviationMeasure, ReportNarrative
from reporting.narratives import progress_due, progress_save
from reporting.quarterly import quarterly_context, quarterly_template_context
from reporting.quarterly_forms import ManualDeviationForm, MeasureDoneForm, MeasureForm, ProgressForm

# The partner's staff (handledare) and the coordinators write the progress text; the coordinators own
# the deviations and the report.
PROGRESS_ROLES = {Role.SAMORDNARE, Role.HANDLEDARE}


def _check_quarter(year: int, quarter: int) -> None:
    if not (2000 <= year <= 2100 and 1 <= quarter <= 4):
        raise Http404


def _visible_state(request: AuthenticatedHttpRequest, year: int, quarter: int) -> list[PartnershipDeviations]:
    visible = set(partnerships_visible_to(request.user).values_list("pk", flat=True))
    return [s for s in quarterly_state(year, quarter) if s.partnership.pk in visible]


@allow(PROGRESS_ROLES)
@require_http_methods(["GET", "POST"])
def progress_edit(request: AuthenticatedHttpRequest, pk: int, year: int, quarter: int) -> HttpResponse:
    _check_quarter(year, quarter)
    partnership = get_object_or_404(partnerships_visible_to(request.user), pk=pk)
    current = (
        ReportNarrative.objects.filter(
            partnership=partnership, year=year, quarter=quarter, section=ReportNarrative.Section.PROGRESS
        )
        .select_related("updated_by")
        .first()
    )
    status = 200
    if request.method == "POST":
        form = ProgressForm(request.POST)
        if form.is_valid():
            progress_save(
                partnership=partnership,
                year=year,
                quarter=quarter,
                text=form.cleaned_data["text"],
                by=cast(User, request.user),
            )
            messages.success(request, _("Lägesutvecklingen är sparad."))
            return redirect("reporting:progress_edit", pk=partnership.pk, year=year, quarter=quarter)
        status = 400
    else:
        form = ProgressForm(initial={"text": current.text if current else ""})
    return render(
        request,
        "reporting/progress_edit.html",
        {
            "partnership": partnership,
            "year": year,
            "quarter": quarter,
            "form": form,
            "current": current,
            "due": progress_due(year, quarter),
            "today": timezone.localdate(),
        },
        status=status,
    )


@allow(Role.SAMORDNARE)
@require_http_methods(["GET"])
def quarterly_preview(request: AuthenticatedHttpRequest, year: int, quarter: int) -> HttpResponse:
    """The report as it would be generated now, as a web page (the same template as the PDF)."""
    _check_quarter(year, quarter)
    context = quarterly_template_context(quarterly_context(year=year, quarter=quarter))
    context["preview"] = True
    return render(request, "reporting/pdf/quarterly.html", context)


def _deviation_page(
    request: AuthenticatedHttpRequest,
    year: int,
    quarter: int,
    *,
    state: list[PartnershipDeviations] | None = None,
    deviation_form: ManualDeviationForm | None = None,
    measure_form: MeasureForm | None = None,
    done_form: MeasureDoneForm | None = None,
    done_pk: int | None = None,
    status: int = 200,
) -> HttpResponse:
    state = state if state is not None else _visible_state(request, year, quarter)
    return render(
        request,
        "reporting/deviation_list.html",
        {
            "state": state,
            "year": year,
            "quarter": quarter,
            "deviation_form": deviation_form or ManualDeviationForm(state=state),
            "measure_form": measure_form or MeasureForm(state=state),
            "done_form": MeasureDoneForm(initial={"done_on": timezone.localdate()}),
            "failed_done_form": done_form,
            "failed_done_pk": done_pk,
        },
        status=status,
    )


def _post_to_quarter(
    request: AuthenticatedHttpRequest,
    year: int,
    quarter: int,
    form_class: type[ManualDeviationForm] | type[MeasureForm],
    save: Callable[[Any, dict], object],
    *,
    done: str,
) -> HttpResponse:
    """A form of the quarter's deviations page: `save(form, cleaned_data)` when valid, then back to the page
    with `done`; invalid or refused (the errors at the fields), the page again with the form and 400."""
    _check_quarter(year, quarter)
    state = _visible_state(request, year, quarter)
    form = form_class(request.POST, state=state)

    def failed() -> HttpResponse:
        if isinstance(form, MeasureForm):
            return _deviation_page(request, year, quarter, state=state, measure_form=form, status=400)
        return _deviation_page(request, year, quarter, state=state, deviation_form=form, status=400)

    return post_form(
        request,
        form,
        lambda: save(form, form.cleaned_data),
        success=done,
        done=lambda _saved: redirect("reporting:deviation_measures", year=year, quarter=quarter),
        failed=failed,
    )


@allow(Role.SAMORDNARE)
@require_http_methods(["GET"])
def deviation_measures(request: AuthenticatedHttpRequest, year: int, quarter: int) -> HttpResponse:
    _check_quarter(year, quarter)
    return _deviation_page(request, year, quarter)


@allow(Role.SAMORDNARE)
@require_POST
def deviation_add(request: AuthenticatedHttpRequest, year: int, quarter: int) -> HttpResponse:
    def save(form: ManualDeviationForm, data: dict) -> None:
        manual_deviation_add(
            partnership=form.by_pk[data["partnership"]],
            year=year,
            quarter=quarter,
            text=data["text"],
            by=cast(User, request.user),
        )

    return _post_to_quarter(
        request, year, quarter, ManualDeviationForm, save, done=_("Avvikelsen är sparad.")
    )


@allow(Role.SAMORDNARE)
@require_POST
def measure_add_view(request: AuthenticatedHttpRequest, year: int, quarter: int) -> HttpResponse:
    def save(form: MeasureForm, data: dict) -> None:
        partnership, deviation_text = form.targets[data["deviation"]]
        measure_add(
            partnership=partnership,
            year=year,
            quarter=quarter,
            deviation_code=data["deviation"].split(":", 1)[1],
            deviation_text=deviation_text,
            text=data["text"],
            owner=data["owner"],
            due_on=data["due_on"],
            by=cast(User, request.user),
        )

    return _post_to_quarter(request, year, quarter, MeasureForm, save, done=_("Åtgärden är sparad."))


@allow(Role.SAMORDNARE)
@require_POST
def measure_done_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(
        DeviationMeasure.objects.filter(
            partnership__in=partnerships_visible_to(request.user).values("pk"),
            status=DeviationMeasure.Status.OPEN,
        ),
        pk=pk,
    )
    form = MeasureDoneForm(request.POST)
    if not form.is_valid():
        return _deviation_page(
            request, measure.year, measure.quarter, done_form=form, done_pk=measure.pk, status=400
        )
    measure_done(measure=measure, done_on=form.cleaned_data["done_on"], by=cast(User, request.user))
    messages.success(request, _("Åtgärden är markerad som klar."))
    return redirect("reporting:deviation_measures", year=measure.year, quarter=measure.quarter)
