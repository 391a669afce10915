"""What the HTTP rounds measure on the real server: the logged-in bare view (the baseline), every page
of `bench.targets.PAGES`, and the pages the in-process run cannot measure honestly (the access log on a
full log, the history page, the exports of a whole log). Programme pages point at the large programme
partnership (`generate_programme`) when the data has one."""

from __future__ import annotations

from bench.targets import NONE, PAGES, Page, Skip, World
from iop.roles import Role

BASELINE = "bare"


def PROGRAMME(w: World) -> dict:
    if w.programme is None:
        raise Skip("no large programme in the load data (python -m bench.run --programme)")
    return {"pk": w.programme.pk}


def _programme_query(w: World) -> str:
    if w.programme is None:
        raise Skip("no large programme in the load data")
    return f"?partnership={w.programme.pk}&status=placed"


def _team_one(w: World):
    from programmes.models import Team

    PROGRAMME(w)
    team = Team.objects.filter(partnership=w.programme, name="Team 1").first()
    if team is None:  # load data generated before the programme stage existed
        raise Skip("the large programme has no teams (generate the load data again)")
    return team


def PROGRAMME_TEAM(w: World) -> dict:
    return {"pk": _team_one(w).pk}


def PROGRAMME_LEADER(w: World) -> dict:
    if str(Role.PROCESSLEDARE) not in w.users:
        raise Skip("no process leader in the load data")
    return {"pk": PROGRAMME(w)["pk"], "user_pk": w.users[str(Role.PROCESSLEDARE)].pk}


def PROGRAMME_ENROLMENT(w: World) -> dict:
    from programmes.models import Enrolment

    enrolment = (
        Enrolment.objects.filter(
            team=_team_one(w), end_date__isnull=True, participant__protected_identity=False
        )
        .filter(joint_plans__isnull=False)  # the fuller page: a plan with its parties and activities
        .distinct()
        .order_by("pk")
        .first()
    )
    if enrolment is None:
        raise Skip("no current enrolment with a joint plan in team 1")
    return {"pk": enrolment.pk}


# The pages of the programme shape (seed 003): the coordinator's overview, a team's and a process leader's
# caseload, an enrolment and its joint plan, at the large programme's size.
PROGRAMME_PAGES: list[Page] = [
    Page(
        "mk_overview",
        "Programme overview (Malmökraften shape)",
        Role.SAMORDNARE,
        [("programmes:overview", PROGRAMME)],
    ),
    Page("mk_team", "Programme: team caseload", Role.PROCESSLEDARE, [("programmes:team", PROGRAMME_TEAM)]),
    Page(
        "mk_leader",
        "Programme: process leader's caseload",
        Role.PROCESSLEDARE,
        [("programmes:leader", PROGRAMME_LEADER)],
    ),
    Page(
        "mk_enrolment",
        "Programme: enrolment page",
        Role.PROCESSLEDARE,
        [("programmes:enrolment", PROGRAMME_ENROLMENT)],
    ),
    Page(
        "mk_plan", "Programme: joint plan page", Role.TEAMMEDLEM, [("programmes:plan", PROGRAMME_ENROLMENT)]
    ),
]

EXTRA: list[Page] = [
    Page(BASELINE, "Bare logged-in view (one query): the baseline", Role.SAMORDNARE, [("bare", NONE)]),
    Page("access_log_list", "Access-log list", Role.SAMORDNARE, [("participants:access_log", NONE)]),
    Page(
        "access_log_csv",
        "Access-log export, whole log (csv)",
        Role.SAMORDNARE,
        [("participants:access_log_export", NONE)],
        query=lambda w: "?format=csv",
    ),
    Page(
        "partnership_history",
        "Partnership history page",
        Role.SAMORDNARE,
        [("iop:partnership_history", lambda w: {"pk": w.partnership.pk})],
    ),
    Page(
        "programme_detail",
        "Large programme: partnership page",
        Role.SAMORDNARE,
        [("iop:partnership_detail", PROGRAMME)],
    ),
    Page(
        "programme_participants",
        "Large programme: participant list (filtered)",
        Role.SAMORDNARE,
        [("participants:list", NONE)],
        query=_programme_query,
    ),
    Page(
        "programme_occupancy",
        "Large programme: occupancy",
        Role.SAMORDNARE,
        [("participants:occupancy", PROGRAMME)],
    ),
    Page(
        "programme_dashboard",
        "Large programme: partnership dashboard",
        Role.SAMORDNARE,
        [("reporting:partnership_dashboard", PROGRAMME), ("reporting:dashboard", PROGRAMME)],
        versioned=True,
    ),
]

# healthz stays as an anonymous reference row (no session, no user: what the old baseline measured).
HTTP_PAGES: list[Page] = [EXTRA[0], *PAGES, *EXTRA[1:], *PROGRAMME_PAGES]
