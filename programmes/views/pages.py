"""Read pages of a programme: the list, the coordinator's overview, caseloads and an enrolment."""

from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from iop.models import User
from iop.pagination import page_of
from iop.permissions import (
    COORDINATOR,
    PERSONAL_DATA_EXPORTERS,
    PROGRAMME_STAFF,
    PROGRAMME_TEAM_WRITERS,
    PROGRAMME_WRITERS,
    allow,
    has_role,
)
from participants.selectors import display_name

from ..access import enrolment_or_404, leader_or_404, log_caseload, programme_or_404, team_or_404
from ..forms import (
    ParticipationEndForm,
    ParticipationStartForm,
    ParticipationTalkForm,
    PhaseAdvanceForm,
    PhaseTalkForm,
    SituationForm,
)
from ..models import (
    Enrolment,
    EnrolmentExit,
    EnrolmentPhase,
    EnrolmentQuerySet,
    EsfEntry,
    JointPlan,
    Phase,
    ProgrammeParty,
    TeamMember,
)
from ..selectors import (
    activity_catalogue,
    caseload_flags,
    caseload_people,
    enrolments_visible_to,
    intake_rows,
    participations_of,
    phase_counts,
    plan_count,
    programmes_visible_to,
    situations_of,
    team_rows,
    workplace_share,
)

PAGE_SIZE = 50
READERS = COORDINATOR | PROGRAMME_STAFF


@require_GET
@allow(READERS)
def index(request: HttpRequest) -> HttpResponse:
    programmes = programmes_visible_to(request.user).order_by("title")
    return render(request, "programmes/programme_list.html", {"programmes": programmes})


@require_GET
@allow(READERS)
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    """Parties and teams with their caseload against the target (the coordinator sees every team)."""
    partnership = programme_or_404(request, pk)
    teams = team_rows(partnership, request.user)
    parties = ProgrammeParty.objects.filter(partnership=partnership).select_related("organisation")
    return render(
        request,
        "programmes/programme_overview.html",
        {
            "partnership": partnership,
            "parties": parties,
            "teams": teams,
            "total_current": sum(t.current for t in teams),
            "total_target": sum(t.team.caseload_target for t in teams),
            "total_free": sum(t.free for t in teams),
            "phases": Phase.objects.filter(partnership=partnership).order_by("position"),
            "activities": activity_catalogue(partnership),
            "workplace": workplace_share(partnership),
            "intake": intake_rows(partnership),
            "plans": plan_count(partnership),
            "may_export": has_role(request.user, *PERSONAL_DATA_EXPORTERS),
            "is_member": TeamMember.objects.filter(
                user=cast(User, request.user), team__partnership=partnership
            ).exists(),
        },
    )


def _caseload(
    request: HttpRequest, *, partnership: Any, enrolments: EnrolmentQuerySet, context: dict, detail: str
) -> HttpResponse:
    """A caseload page: current enrolments by phase, and the people in the chosen phase, paginated."""
    counts = phase_counts(partnership, enrolments)
    chosen = next((c.phase for c in counts if str(c.phase.pk) == request.GET.get("fas")), None)
    page = page_of(caseload_people(enrolments, chosen), request.GET.get("page"), PAGE_SIZE)
    rows = [{"enrolment": e, "name": display_name(e.participant, request.user)} for e in page]
    log_caseload(request, [r["enrolment"] for r in rows], detail=detail)
    return render(
        request,
        "programmes/caseload.html",
        {
            **context,
            "partnership": partnership,
            "counts": counts,
            "total": sum(c.count for c in counts),
            "flags": caseload_flags(enrolments),
            "chosen": chosen,
            "page": page,
            "rows": rows,
        },
    )


@require_GET
@allow(READERS)
def team_caseload(request: HttpRequest, pk: int) -> HttpResponse:
    team = team_or_404(request, pk)
    members = TeamMember.objects.filter(team=team).select_related("user")
    return _caseload(
        request,
        partnership=team.partnership,
        enrolments=enrolments_visible_to(request.user).filter(team=team),
        context={"team": team, "members": members, "may_enrol": has_role(request.user, *PROGRAMME_WRITERS)},
        detail=f"team {team.pk}: deltagare",
    )


@require_GET
@allow(READERS)
def leader_caseload(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    partnership = programme_or_404(request, pk)
    leader = leader_or_404(partnership, user_pk)
    return _caseload(
        request,
        partnership=partnership,
        enrolments=enrolments_visible_to(request.user).filter(partnership=partnership, process_leader=leader),
        context={"leader": leader},
        detail=f"processledare {leader.pk}: deltagare",
    )


def render_enrolment(
    request: HttpRequest, enrolment: Enrolment, *, status: int = 200, **forms: Any
) -> HttpResponse:
    """The enrolment page, also re-rendered by the write views with their form's errors."""
    history = list(
        EnrolmentPhase.objects.filter(enrolment=enrolment)
        .select_related("phase")
        .prefetch_related("talks")
        .order_by("start_date", "pk")
    )
    return render(
        request,
        "programmes/enrolment_detail.html",
        {
            "enrolment": enrolment,
            "name": display_name(enrolment.participant, request.user),
            "history": history,
            "participations": participations_of(enrolment),
            "may_write": has_role(request.user, *PROGRAMME_WRITERS),
            "may_register_activity": has_role(request.user, *PROGRAMME_TEAM_WRITERS),
            "talk_form": forms.get("talk_form") or PhaseTalkForm(),
            "advance_form": forms.get("advance_form") or PhaseAdvanceForm(),
            "start_form": forms.get("start_form") or ParticipationStartForm(enrolment=enrolment),
            "activity_talk_form": forms.get("activity_talk_form")
            or ParticipationTalkForm(enrolment=enrolment),
            "activity_end_form": forms.get("activity_end_form") or ParticipationEndForm(enrolment=enrolment),
            "situation_form": forms.get("situation_form") or SituationForm(),
            "exit": EnrolmentExit.objects.filter(enrolment=enrolment).first(),
            "plan": JointPlan.objects.filter(enrolment=enrolment).order_by("-revision").first(),
            "esf": EsfEntry.objects.filter(enrolment=enrolment)
            .select_related("referring_party__organisation")
            .first(),
            "situations": situations_of(enrolment),
        },
        status=status,
    )


@require_GET
@allow(READERS)
def enrolment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_enrolment(request, enrolment_or_404(request, pk, detail="inskrivningssida"))
