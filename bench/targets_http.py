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
HTTP_PAGES: list[Page] = [EXTRA[0], *PAGES, *EXTRA[1:]]
