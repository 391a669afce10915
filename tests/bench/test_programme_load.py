"""The large programme in seed 003's shape (`generate_load_data --programme`): teams, process leaders,
enrolments with phases, talks, participations, joint plans and exits; and its pages stay within the query
bound, with the same number of queries at two data sizes."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.generate import counts_for, generate
from bench.targets import build_world
from bench.targets_http import PROGRAMME_PAGES
from programmes.models import Enrolment, EnrolmentPhase, JointPlan, PhaseTalk, Team, TeamMember

from .conftest import TODAY

QUERY_BOUND = 20


@pytest.mark.django_db
def test_the_programme_has_ten_teams_and_its_participants_enrolled_with_phases_and_plans():
    result = generate(scale=0.01, seed=5, today=TODAY, programme=True)
    world = build_world(TODAY)
    programme = world.programme
    teams = Team.objects.filter(partnership=programme)
    assert teams.count() == 10
    assert TeamMember.objects.filter(team__in=teams, user__username="bench-processledare").count() == 1
    enrolments = Enrolment.objects.filter(partnership=programme)
    assert enrolments.count() == result.counts["programme_enrolments"] > 0
    current = enrolments.filter(end_date__isnull=True).count()
    assert 0 < current <= counts_for(0.01, programme=True)["programme_at_once"]
    # Every enrolment has exactly one current phase entry or none when ended; every phase is opened by a talk.
    assert EnrolmentPhase.objects.filter(enrolment__in=enrolments, end_date__isnull=True).count() == current
    opened = PhaseTalk.objects.filter(enrolment_phase__enrolment__in=enrolments, purpose="opens").count()
    assert opened == EnrolmentPhase.objects.filter(enrolment__in=enrolments).count()
    assert 0 < JointPlan.objects.filter(enrolment__in=enrolments).count() <= enrolments.count()
    assert enrolments.filter(end_date__isnull=False).count() == enrolments.filter(exit__isnull=False).count()


def _counts_at(scale: float) -> dict[str, int]:
    sid = transaction.savepoint()
    try:
        generate(scale=scale, seed=5, today=TODAY, programme=True)
        world = build_world(TODAY)
        counts = {}
        for page in PROGRAMME_PAGES:
            client = Client()
            client.force_login(world.users[str(page.role)])
            url = page.url(world)
            client.get(url)
            cache.clear()
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            counts[page.key] = len(ctx.captured_queries)
        return counts
    finally:
        transaction.savepoint_rollback(sid)


@pytest.mark.django_db
def test_the_programme_pages_make_as_many_queries_at_two_sizes_and_at_most_20():
    noon = dt.datetime.combine(TODAY, dt.time(12), tzinfo=ZoneInfo("Europe/Stockholm"))
    with time_machine.travel(noon, tick=False):
        small, large = _counts_at(0.004), _counts_at(0.02)
    assert set(small) == {p.key for p in PROGRAMME_PAGES}
    assert small == large, (small, large)
    assert max(large.values()) <= QUERY_BOUND, large
