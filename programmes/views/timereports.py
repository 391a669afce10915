"""Time-report pages of a team's month: the participants' hours per activity with the flags (under the
minimum, missing report), the staff's hours and hourly costs, and reporting (locking) the month.

The participant page is for everyone who sees the team's caseload; each participant shown is access-logged.
The staff page shows hourly costs and is for process leaders and the coordinator only."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from iop.form_posts import post_form
from iop.permissions import PROGRAMME_TEAM_WRITERS, PROGRAMME_WRITERS, allow, has_role
from participants.selectors import display_name

from ..access import log_caseload, team_or_404
from ..forms_time import (
    ParticipantHoursForm,
    StaffHoursForm,
    cost_key,
    lock_fields,
    participant_key,
    staff_key,
)
from ..models import ParticipantTimeReport, Participation, StaffTimeReport, Team, TeamMember, TimeReportMonth
from ..services import month_lock, participant_hours_save, staff_hours_save
from ..timereports import ZERO, last_of_month, month_rows, row_amount


def _month_or_404(year: int, month: int) -> dt.date:
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404
    return dt.date(year, month, 1)


def _neighbours(month: dt.date) -> dict:
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    following = last_of_month(month) + dt.timedelta(days=1)
    return {"previous": previous, "following": following}


def _table(request: HttpRequest, team: Team, month: dt.date) -> tuple[list, list, list]:
    """The month's rows (`month_rows`), the table the page shows (a row per participant, a cell per ongoing
    activity and one for time outside an activity) and the form's cells (two queries)."""
    rows = month_rows(team, month)
    ids = [r.enrolment.pk for r in rows]
    ongoing = Q(end_date__isnull=True) | Q(end_date__gte=month)
    participations = list(
        Participation.objects.filter(ongoing, enrolment__in=ids, start_date__lte=last_of_month(month))
        .select_related("activity")
        .order_by("start_date", "pk")
    )
    cells: list[tuple[int, int | None, str]] = []
    table = []
    for row in rows:
        name = display_name(row.enrolment.participant, request.user)
        own = [(p.pk, p.activity.name) for p in participations if p.enrolment_id == row.enrolment.pk]
        row_cells = [*own, (None, _("Utan aktivitet"))]
        cells += [(row.enrolment.pk, pk, f"{name}: {label}") for pk, label in row_cells]
        keys = [(participant_key(row.enrolment.pk, pk), label) for pk, label in row_cells]
        table.append({"row": row, "name": name, "keys": keys})
    return rows, table, cells


def _participant_page(
    request: HttpRequest,
    team: Team,
    month: dt.date,
    *,
    posted: ParticipantHoursForm | None = None,
    status: int = 200,
    lock_error: str = "",
) -> HttpResponse:
    rows, table, cells = _table(request, team, month)
    form = posted
    if form is None:
        initial = {
            participant_key(e, p): h
            for e, p, h in ParticipantTimeReport.objects.filter(
                enrolment__in=[r.enrolment.pk for r in rows], month=month
            ).values_list("enrolment_id", "participation_id", "hours")
        }
        form = ParticipantHoursForm(initial=initial, cells=cells)
    locked = TimeReportMonth.objects.filter(team=team, month=month).select_related("locked_by").first()
    if locked:
        lock_fields(form)
    log_caseload(request, [r.enrolment for r in rows], detail=f"team {team.pk}: tidrapporter {month:%Y-%m}")
    for entry in table:
        entry["fields"] = [(form[key], label) for key, label in entry["keys"]]
    return render(
        request,
        "programmes/time_participants.html",
        {
            "team": team,
            "partnership": team.partnership,
            "month": month,
            **_neighbours(month),
            "table": table,
            "form": form,
            "locked": TimeReportMonth.objects.filter(team=team, month=month)
            .select_related("locked_by")
            .first(),
            "may_lock": has_role(request.user, *PROGRAMME_WRITERS),
            "lock_error": lock_error,
            "under_minimum": sum(1 for r in rows if r.under_minimum),
            "missing": sum(1 for r in rows if r.missing),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@allow(PROGRAMME_TEAM_WRITERS)
def participant_time(request: HttpRequest, pk: int, year: int, month: int) -> HttpResponse:
    team, day = team_or_404(request, pk), _month_or_404(year, month)
    if request.method == "GET":
        return _participant_page(request, team, day)
    form = ParticipantHoursForm(request.POST, cells=_table(request, team, day)[2])
    return post_form(
        request,
        form,
        lambda: participant_hours_save(
            team=team, month=day, cells=form.hours(), by=request.user, request=request
        ),
        success=_("Tidrapporterna är sparade."),
        done=lambda _n: redirect("programmes:participant_time", pk=team.pk, year=year, month=month),
        failed=lambda: _participant_page(request, team, day, posted=form, status=400),
    )


@require_POST
@allow(PROGRAMME_WRITERS)
def time_lock(request: HttpRequest, pk: int, year: int, month: int) -> HttpResponse:
    team, day = team_or_404(request, pk), _month_or_404(year, month)
    try:
        month_lock(team=team, month=day, by=request.user)
    except ValidationError as exc:
        return _participant_page(request, team, day, status=400, lock_error=" ".join(exc.messages))
    messages.success(request, _("Månaden är rapporterad och låst för ändringar."))
    return redirect("programmes:participant_time", pk=team.pk, year=year, month=month)


def _staff_page(
    request: HttpRequest, team: Team, month: dt.date, *, form=None, status: int = 200
) -> HttpResponse:
    members = list(TeamMember.objects.filter(team=team).select_related("user"))
    reports = list(StaffTimeReport.objects.filter(member__team=team, month=month))
    if form is None:
        initial: dict = {cost_key(m.pk): m.hourly_cost for m in members}
        initial.update({staff_key(r.member_id, r.project_phase): r.hours for r in reports})
        form = StaffHoursForm(initial=initial, members=[(m.pk, str(m.user)) for m in members])
    locked = TimeReportMonth.objects.filter(team=team, month=month).exists()
    if locked:
        lock_fields(form)
    phases = StaffTimeReport.ProjectPhase
    table = [
        {
            "member": m,
            "cost": form[cost_key(m.pk)],
            "fields": [form[staff_key(m.pk, p)] for p in phases.values],
            "salary": sum((row_amount(r.hours, r.hourly_cost) for r in reports if r.member_id == m.pk), ZERO),
        }
        for m in members
    ]
    return render(
        request,
        "programmes/time_staff.html",
        {
            "team": team,
            "partnership": team.partnership,
            "month": month,
            **_neighbours(month),
            "phases": phases.labels,
            "table": table,
            "form": form,
            "total": sum((t["salary"] for t in table), ZERO),
            "locked": locked,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@allow(PROGRAMME_WRITERS)
def staff_time(request: HttpRequest, pk: int, year: int, month: int) -> HttpResponse:
    team, day = team_or_404(request, pk), _month_or_404(year, month)
    if request.method == "GET":
        return _staff_page(request, team, day)
    members = [(m.pk, str(m.user)) for m in TeamMember.objects.filter(team=team).select_related("user")]
    form = StaffHoursForm(request.POST, members=members)
    return post_form(
        request,
        form,
        lambda: staff_hours_save(
            team=team, month=day, costs=form.costs(), cells=form.hours(), by=request.user
        ),
        success=_("Personalens tidrapporter är sparade."),
        done=lambda _n: redirect("programmes:staff_time", pk=team.pk, year=year, month=month),
        failed=lambda: _staff_page(request, team, day, form=form, status=400),
    )
