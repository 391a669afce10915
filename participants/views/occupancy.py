"""Occupancy page (beläggning) of one partnership."""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from iop.dates import add_months
from iop.permissions import allow
from iop.roles import Role
from iop.selectors import partnerships_visible_to
from participants.access import log_list_read
from participants.forms.occupancy import OccupancyPeriodForm
from participants.occupancy import (
    build_chart,
    free_by_week,
    occupancy,
    occupancy_placements,
    starts_in_year,
    upcoming_ends,
)
from participants.selectors import display_name, participants_visible_to

DEFAULT_MONTHS = 6
WEEKS_AHEAD = 8


@require_GET
@allow(Role.SAMORDNARE, Role.AMS, Role.HANDLEDARE)
def occupancy_view(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = get_object_or_404(partnerships_visible_to(request.user).prefetch_related("periods"), pk=pk)
    today = timezone.localdate()
    form = OccupancyPeriodForm(request.GET or None)
    status = 200
    start = add_months(today.replace(day=1), -1)
    months = DEFAULT_MONTHS
    if form.is_bound:
        if form.is_valid():
            start = form.cleaned_data["start"] or start
            months = form.cleaned_data["months"] or months
        else:
            status = 400
    end = add_months(start, months) - dt.timedelta(days=1)
    # The counts cover the chart window and the coming 8 weeks, whatever the window.
    horizon = today + dt.timedelta(weeks=WEEKS_AHEAD + 1)
    occ = occupancy(partnership, min(start, today), max(end, horizon))
    placements = list(occupancy_placements(partnership, start, max(end, horizon)))
    visible_ids = set(
        participants_visible_to(request.user)
        .filter(pk__in={p.participant_id for p in placements})
        .values_list("pk", flat=True)
    )

    def label_for(placement):
        if placement.participant_id in visible_ids:
            return display_name(placement.participant, request.user)
        return _("Plats upptagen")

    in_window = [p for p in placements if p.start_date <= end and p.occupied_until >= start]
    chart = build_chart(in_window, start, end, label_for=label_for, today=today)
    ends = [(p, label_for(p)) for p in upcoming_ends(placements, today, days=WEEKS_AHEAD * 7)]
    year = today.year
    context = {
        "partnership": partnership,
        "form": form,
        "start": start,
        "end": end,
        "months": months,
        "today": today,
        "today_count": occ.on(today),
        "weeks": free_by_week(occ, today, WEEKS_AHEAD),
        "chart": chart,
        "upcoming": ends,
        "starts": starts_in_year(partnership, year),
        "limit": partnership.places_at_once,
    }
    # Names appear for the placements in the chart window and the coming ends: each one is a read.
    shown = {p.participant_id for p in in_window} | {p.participant_id for p, _label in ends}
    log_list_read(request, participants=shown & visible_ids, detail="beläggning")
    return render(request, "participants/occupancy.html", context, status=status)
