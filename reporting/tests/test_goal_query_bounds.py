"""Acceptance 6 of issue 13: the partnership dashboard, the overview dashboard and the engine take the
same number of queries whatever the number of goals, reported periods and partnerships (two sizes)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iop.models import Goal, GoalMilestone
from reporting.indicators import compute_indicators, compute_indicators_many
from reporting.reported_figures import ReportedFigure
from reporting.tests import scenario
from reporting.tests.scenario import D

pytestmark = pytest.mark.django_db


def grow(s, *, goals: int, partnerships: int, first: int) -> None:
    """`goals` reported goals with four approved quarters, a milestone and a target by gender on the
    scenario's partnership and on `partnerships` more ones."""
    others = [scenario.extra_partnership(first + k, placements=False) for k in range(partnerships)]
    for p in [s.p, *others]:
        for k in range(goals):
            g = Goal.objects.create(
                partnership=p,
                title=f"Mål {k}",
                indicator="custom",
                by_gender=True,
                target_value=40,
                target_women=20,
                target_men=20,
                age_bands="15–24, 25–54",
            )
            GoalMilestone.objects.create(goal=g, due_on=D(2025, 6, 30), target_value=20)
            for month in (1, 4, 7, 10):
                start = D(2025, month, 1)
                ReportedFigure.objects.create(
                    goal=g,
                    period_start=start,
                    period_end=(start + dt.timedelta(days=92)).replace(day=1) - dt.timedelta(days=1),
                    value=10,
                    women=5,
                    men=5,
                    other=0,
                    unknown=0,
                    by_age={"15–24": 4, "25–54": 6},
                    status=ReportedFigure.Status.APPROVED,
                    created_by=s.coordinator,
                )


def queries(call) -> int:
    call()  # the session, the user's roles and content types are loaded once
    with CaptureQueriesContext(connection) as ctx:
        result = call()
    assert getattr(result, "status_code", 200) == 200
    return len(ctx.captured_queries)


def measure(client, s) -> dict[str, int]:
    dashboard = reverse("reporting:partnership_dashboard", kwargs={"pk": s.p.pk}) + "?year=2025"
    overview = reverse("reporting:overview_dashboard") + "?year=2025"
    year = {"start": D(2025, 1, 1), "end": D(2025, 12, 31)}
    client.force_login(s.styrgrupp)  # the protected dashboard (disclosure and differencing)
    protected = queries(lambda: client.get(dashboard + "&quarter=2"))
    client.force_login(s.coordinator)
    return {
        "protected_dashboard": protected,
        "dashboard": queries(lambda: client.get(dashboard)),
        "overview": queries(lambda: client.get(overview)),
        "engine": queries(lambda: compute_indicators(partnership=s.p, **year)),
        "engine_many": queries(lambda: compute_indicators_many([s.p, s.q], with_total=True, **year)),
    }


@pytest.fixture
def s(db):
    from iop.roles import Role
    from tests.factories import UserFactory

    s = scenario.build()
    s.styrgrupp = UserFactory(organisation=s.partner, roles=[Role.STYRGRUPP])
    return s


def test_queries_do_not_grow_with_goals_periods_and_partnerships(client, s):
    grow(s, goals=1, partnerships=1, first=20)
    small = measure(client, s)
    grow(s, goals=6, partnerships=3, first=30)  # now 7 goals × 4 periods on 5 partnerships
    large = measure(client, s)
    assert large == small
