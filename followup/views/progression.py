"""Progression (stegförflyttning): one participant's start vs end, and per partnership aggregated
without personal data."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from followup import charts
from followup.access import placement_or_404
from followup.models import SelfAssessment
from followup.selectors import placement_progression, progression_distribution, published_distribution
from followup.views._common import WORKERS, bad_request
from iop import disclosure
from iop.periods import fixed_window, may_use_free_periods
from iop.permissions import allow
from iop.roles import Role
from iop.selectors import partnerships_visible_to
from participants.selectors import display_name


@allow(*WORKERS)
@require_GET
def progression(request: HttpRequest, pk: int) -> HttpResponse:
    """Start vs end per item for one participant: table and a small server-side SVG chart."""
    placement = placement_or_404(request, pk, detail="progression")
    prog = placement_progression(placement)
    return render(
        request,
        "followup/progression_detail.html",
        {
            "placement": placement,
            "name": display_name(placement.participant, request.user),
            "progression": prog,
            "chart": charts.progression_chart(prog),
            "Kind": SelfAssessment.Kind,
        },
    )


# --- Progression per partnership (aggregated, no personal data) ------------------------------------------


def _date_param(request: HttpRequest, name: str, default: dt.date) -> dt.date | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


def _cell_values(distribution: dict) -> dict:
    """A published distribution with nothing hidden, as plain numbers (for the chart)."""
    items = {
        code: {k: (v.value if isinstance(v, disclosure.Cell) else v) for k, v in item.items()}
        for code, item in distribution["items"].items()
    }
    return {**distribution, "items": items}


@allow(Role.SAMORDNARE, Role.STYRGRUPP, Role.AMS)
@require_GET
def partnership_progression(request: HttpRequest, pk: int) -> HttpResponse:
    """Stegförflyttning: per item how many participants improved, stayed, worsened between start and end.
    Aggregated counts only. Coordinators choose any period and see the raw counts; everyone else sees a
    fixed reporting period (month, quarter, half-year, year) with every count through disclosure control
    (`followup.selectors.published_distribution`)."""
    partnership = partnerships_visible_to(request.user).filter(pk=pk).first()
    if partnership is None:
        raise Http404
    today = timezone.localdate()
    start = _date_param(request, "fran", dt.date(today.year, 1, 1))
    end = _date_param(request, "till", dt.date(today.year, 12, 31))
    free = may_use_free_periods(request.user)
    context: dict[str, Any] = {
        "partnership": partnership,
        "start": start,
        "end": end,
        "free_periods": free,
        "min_group": disclosure.threshold_default(),
    }
    if start is None or end is None or end < start:
        context["error"] = _(
            "Ange datum som ÅÅÅÅ-MM-DD, och ett slutdatum som inte ligger före startdatumet."
        )
        return bad_request(request, "followup/partnership_progression.html", context)
    if not free and fixed_window(start, end) is None:
        context["error"] = _(
            "Perioden måste vara en hel månad, ett kvartal, ett halvår eller ett kalenderår, "
            "t.ex. %(a)s–%(b)s."
        ) % {"a": dt.date(start.year, 1, 1).isoformat(), "b": dt.date(start.year, 12, 31).isoformat()}
        return bad_request(request, "followup/partnership_progression.html", context)
    if free:
        distribution = progression_distribution(partnership, start, end)
        hidden = False
        group = distribution["placements"]
        chart_data = distribution if group else None
    else:
        distribution = published_distribution(partnership, start, end)
        hidden = distribution["placements"].suppressed
        group = distribution["placements"].value
        # The chart draws exact bar lengths: only when no count of the table is hidden.
        chart_data = _cell_values(distribution) if group and not distribution["suppressed"] else None
    return render(
        request,
        "followup/partnership_progression.html",
        context
        | {
            "distribution": distribution,
            "hidden": hidden,
            "group": group,
            "chart": charts.distribution_chart(chart_data) if chart_data and not hidden else None,
        },
    )
