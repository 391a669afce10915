""" "Mina deltagare" with the indicator checklist, and the follow-up page of one placement."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from followup.access import log_participant_list, placement_or_404
from followup.models import SelfAssessment, Talk
from followup.selectors import (
    active_placements_for,
    exit_followups_for,
    placement_checklist,
    placement_checklists,
)
from followup.views._common import ASSESSMENT_KIND_ROLES, SHORT_ASSESSOR_LABELS, SHORT_KIND_LABELS, WORKERS
from iop.permissions import allow, has_role
from iop.roles import Role
from iop.selectors import partnerships_visible_to
from participants.selectors import display_name

# --- My participants and the placement page ------------------------------------------------------


# "Mina deltagare" scope switch for supervisors: the placements they supervise, or all their organisation's.
SCOPE_MINE = "mina"
SCOPE_ORGANISATION = "organisationen"
SEARCH_MAX_LENGTH = 100


@allow(*WORKERS)
@require_GET
def my_participants(request: HttpRequest) -> HttpResponse:
    """ "Mina deltagare": the user's ongoing placements with the indicator checklist (constant queries).

    A supervisor sees the placements they are assigned to; `?visa=organisationen` shows every placement
    of the organisation they may see. The search (`?q=`) matches the name shown on the page only, so a
    protected identity cannot be found by its real name."""
    is_supervisor = has_role(request.user, Role.HANDLEDARE) and not has_role(request.user, Role.SAMORDNARE)
    scope = SCOPE_ORGANISATION if request.GET.get("visa") == SCOPE_ORGANISATION else SCOPE_MINE
    # A supervisor's own: those they supervise, and (also a case officer) their own participants.
    placements = active_placements_for(request.user, mine_only=is_supervisor and scope == SCOPE_MINE)
    query = request.GET.get("q", "").strip()[:SEARCH_MAX_LENGTH]
    checklists = placement_checklists(placements)
    log_participant_list(request)
    rows = [(c, display_name(c.placement.participant, request.user)) for c in checklists]
    if query:
        needle = query.casefold()
        rows = [
            (c, name)
            for c, name in rows
            if needle in name.casefold()
            or (c.placement.work_area and needle in c.placement.work_area.name.casefold())
        ]
    partnerships = []
    if has_role(request.user, Role.SAMORDNARE):
        partnerships = list(
            partnerships_visible_to(request.user).filter(status="active").order_by("case_number")
        )
    return render(
        request,
        "followup/my_participants.html",
        {
            "rows": rows,
            "today": timezone.localdate(),
            "partnerships": partnerships,
            "scope": scope,
            "show_scope_switch": is_supervisor,
            "query": query,
            "scope_mine": SCOPE_MINE,
            "scope_organisation": SCOPE_ORGANISATION,
        },
    )


@allow(*WORKERS)
@require_GET
def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    placement = placement_or_404(request, pk, detail="uppföljning plats")
    talks = list(placement.talks.select_related("created_by").order_by("-held_at"))
    assessments = {(a.occasion, a.kind): a for a in placement.self_assessments.all()}
    assessment_rows = [
        (
            kind_value,
            SHORT_ASSESSOR_LABELS[kind_value],
            [
                (occ, occ_label, assessments.get((occ, kind_value)))
                for occ, occ_label in SelfAssessment.Occasion.choices
            ],
            # The other role's assessment is shown, not linked: its form would answer 403.
            has_role(request.user, *ASSESSMENT_KIND_ROLES[kind_value]),
        )
        for kind_value in SelfAssessment.Kind.values
    ]
    return render(
        request,
        "followup/placement_detail.html",
        {
            "placement": placement,
            "name": display_name(placement.participant, request.user),
            "checklist": placement_checklist(placement),
            "talks": talks,
            "kinds": [(k, SHORT_KIND_LABELS[k]) for k in Talk.Kind.values if k != Talk.Kind.STUDY_VISIT],
            "assessment_rows": assessment_rows,
            "exit_followups": exit_followups_for(placement),
            "may_exit_followup": has_role(request.user, Role.AMS, Role.SAMORDNARE) and placement.end_date,
        },
    )
