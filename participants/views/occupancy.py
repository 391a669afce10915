"""Occupancy page (beläggning) of one partnership.

The summary (key figures, occupied places per day, free places per week) comes from the per-day
counts of `occupancy()`, one query over a few columns whatever the number of placements; names and
bars are shown only for a page of placements (`PAGE_SIZE`) and the first `ENDS_SHOWN` upcoming ends,
so the page costs the same for a partnership of 24 places and a programme of thousands.
"""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from iop.dates import add_months
from iop.pagination import page_of
from iop.permissions import allow
from iop.roles import Role
from iop.selectors import partnerships_visible_to
from participants.access import log_list_read
from participants.forms.occupancy import ENDING, OccupancyPeriodForm
from participants.occupancy import (
    build_chart,
    first_upcoming_ends,
    free_by_week,
    occupancy,
    occupancy_chart,
    occupancy_placements,
    starts_in_year,
    upcoming_ends,
    with_bars,
)
from participants.selectors import display_name, participants_visible_to

DEFAULT_MONTHS = 6
WEEKS_AHEAD = 8
PAGE_SIZE = 25
ENDS_SHOWN = 10


@require_GET
@allow(Role.SAMORDNARE, Role.AMS, Role.HANDLEDARE)
def occupancy_view(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = get_object_or_404(partnerships_visible_to(request.user), pk=pk)
    today = timezone.localdate()
    form = OccupancyPeriodForm(request.GET or None)
    status = 200
    start = add_months(today.replace(day=1), -1)
    months = DEFAULT_MONTHS
    show = ""
    if form.is_bound:
        if form.is_valid():
            start = form.cleaned_data["start"] or start
            months = form.cleaned_data["months"] or months
            show = form.cleaned_data["visa"]
        else:
            status = 400
    end = add_months(start, months) - dt.timedelta(days=1)
    # The counts cover the chart window and the coming 8 weeks, whatever the window.
    horizon = today + dt.timedelta(weeks=WEEKS_AHEAD + 1)
    occ = occupancy(partnership, min(start, today), max(end, horizon))
    in_window = occ.between(start, end)
    soon = WEEKS_AHEAD * 7
    ends, ends_total = first_upcoming_ends(partnership, today, days=soon, first=ENDS_SHOWN)
    if show == ENDING:
        listed = with_bars(upcoming_ends(partnership, today, days=soon))
    else:
        listed = occupancy_placements(partnership, start, end)
    page = page_of(listed, request.GET.get("page"), PAGE_SIZE)
    rows = list(page)
    visible_ids = set(
        participants_visible_to(request.user)
        .filter(pk__in={p.participant_id for p in [*rows, *ends]})
        .values_list("pk", flat=True)
    )

    def label_for(placement):
        if placement.participant_id in visible_ids:
            return display_name(placement.participant, request.user)
        return _("Plats upptagen")

    context = {
        "partnership": partnership,
        "form": form,
        "start": start,
        "end": end,
        "months": months,
        "show": show,
        "listing_ends": show == ENDING,
        "ending": ENDING,
        "today": today,
        "today_count": occ.on(today),
        "peak": max((d.occupied for d in in_window), default=0),
        "weeks": free_by_week(occ, today, WEEKS_AHEAD),
        "summary": occupancy_chart(occ, start, end),
        "chart": build_chart(rows, start, end, label_for=label_for, today=today),
        "page": page,
        "upcoming": [(p, label_for(p)) for p in ends],
        "upcoming_total": ends_total,
        "starts": starts_in_year(partnership, today.year),
        "limit": partnership.places_at_once,
    }
    # Names appear for the listed page and the first upcoming ends: each one is a read.
    shown = {p.participant_id for p in [*rows, *ends]}
    log_list_read(request, participants=shown & visible_ids, detail="beläggning")
    return render(request, "participants/occupancy.html", context, status=status)
