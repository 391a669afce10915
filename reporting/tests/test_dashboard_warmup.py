"""The dashboards' warm-up: fills exactly the keys the views read, computes only after a change, holds no
person, runs as a Celery task every minute."""

import datetime as dt
import pickle
import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iop.cache_version import bump_data_version
from iop.roles import Role
from participants.tests.factories import PlacementFactory
from reporting import dashboard_warmup
from reporting.dashboard_content import BODY_FRAGMENT
from reporting.dashboard_warmup import LOCK_KEY, RENEW_AFTER, WARMED_KEY, warm_dashboards
from reporting.tasks import warm_dashboards as warm_dashboards_task
from reporting.tests import scenario
from reporting.tests.cache_keys import cache_keys
from reporting.tests.scenario import D
from tests.factories import UserFactory

# Tables only the engine reads: a view served from the cache touches none of them.
ENGINE_TABLES = ("participants_placement", "followup_placementfacts", "followup_talk", "iop_goal")


@pytest.fixture
def s(db):
    cache.clear()
    s = scenario.build()
    s.styrgrupp = UserFactory(organisation=s.partner, roles=[Role.STYRGRUPP])
    return s


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in ctx.captured_queries]


def _pages(s):
    """The dashboards as each viewer opens them: without a chosen period (the default one)."""
    return [
        (s.coordinator, reverse("reporting:overview_dashboard")),
        (s.coordinator, reverse("reporting:partnership_dashboard", kwargs={"pk": s.p.pk})),
        (s.styrgrupp, reverse("reporting:partnership_dashboard", kwargs={"pk": s.p.pk})),
        (s.coordinator, reverse("reporting:partnership_dashboard", kwargs={"pk": s.q.pk})),
    ]


def test_after_the_warm_up_every_default_dashboard_is_served_without_an_engine_query(client, s):
    # Overview, then P and Q raw and protected.
    assert warm_dashboards() == 5
    for user, url in _pages(s):
        client.force_login(user)
        client.get(reverse("bare"))  # the new session is saved once
        first, queries = _get(client, url)
        assert first.context["computed_at"] is not None
        assert not [q for q in queries if any(table in q for table in ENGINE_TABLES)], url
        again, cached_queries = _get(client, url)
        assert len(queries) == len(cached_queries), url
        assert again.context["computed_at"] == first.context["computed_at"]


def test_the_warm_up_renders_the_tables_the_first_viewer_gets(client, s):
    warm_dashboards()
    client.force_login(s.coordinator)
    url = reverse("reporting:overview_dashboard")
    body_key = client.get(url).context["body_key"]
    fragment = make_template_fragment_key(BODY_FRAGMENT, [body_key, ""])
    warmed = cache.get(fragment)
    assert warmed and "Per partnerskap" in warmed
    assert "csrfmiddlewaretoken" not in warmed
    assert warmed in client.get(url).content.decode()


def test_the_warmed_figures_are_the_ones_the_view_computes(client, s):
    client.force_login(s.coordinator)
    url = reverse("reporting:partnership_dashboard", kwargs={"pk": s.p.pk})
    computed = client.get(url).context["pres"]
    cache.clear()
    warm_dashboards()
    warmed = client.get(url).context["pres"]
    assert warmed.key_figures == computed.key_figures
    assert {k: t.rows for k, t in warmed.tables.items()} == {k: t.rows for k, t in computed.tables.items()}
    overview = reverse("reporting:overview_dashboard")
    warmed_rows = client.get(overview).context["per_partnership"].rows
    cache.clear()
    assert client.get(overview).context["per_partnership"].rows == warmed_rows


def test_without_a_change_the_next_warm_up_reads_only_the_cache(s, django_assert_num_queries):
    warm_dashboards()
    with django_assert_num_queries(0):
        assert warm_dashboards() == 0


def test_a_write_makes_the_next_warm_up_compute_again(client, s, django_capture_on_commit_callbacks):
    warm_dashboards()
    client.force_login(s.coordinator)
    url = reverse("reporting:partnership_dashboard", kwargs={"pk": s.p.pk})
    before = client.get(url).context["pres"].key_figures["started"]
    year = client.get(url).context["year"]
    PlacementFactory(partnership=s.p, start_date=D(year, 4, 1), planned_end_date=D(year, 7, 1))
    with django_capture_on_commit_callbacks(execute=True):
        bump_data_version()
    assert warm_dashboards() == 5
    response, queries = _get(client, url)
    assert response.context["pres"].key_figures["started"] == before + 1
    assert not [q for q in queries if "participants_placement" in q]


def test_a_dashboard_about_to_expire_is_renewed(s, monkeypatch):
    warm_dashboards()
    cache.delete(WARMED_KEY)  # as after WARMED_TIMEOUT without writes
    assert warm_dashboards() == 0  # everything still fresh: nothing computed
    later = dt.datetime.now(dt.UTC) + RENEW_AFTER
    monkeypatch.setattr(dashboard_warmup.timezone, "now", lambda: later)
    monkeypatch.setattr("reporting.dashboard_cache.timezone.now", lambda: later)
    cache.delete(WARMED_KEY)
    assert warm_dashboards() == 5


def test_a_warm_up_already_running_is_not_started_twice(s):
    cache.add(LOCK_KEY, True)
    assert warm_dashboards() == 0
    cache.delete(LOCK_KEY)
    assert warm_dashboards() == 5


def test_the_warm_up_caches_no_person(s):
    warm_dashboards()
    blob = pickle.dumps([cache.get(key.split(":", 2)[-1]) for key in cache_keys()])
    for placement in s.p.placements.select_related("participant"):
        assert placement.participant.last_name.encode() not in blob
        assert placement.participant.first_name.encode() not in blob
        assert placement.participant.personal_identity_number.encode() not in blob


def test_the_celery_task_warms_the_dashboards(s):
    # Run here whatever the Celery mode (the test's rows are not committed); the worker: the next test.
    assert warm_dashboards_task.apply().get() == 5
    assert warm_dashboards_task.apply().get() == 0


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_warms_the_dashboards_the_web_process_reads(real_celery_worker, client):
    if real_celery_worker is not None and "locmem" in settings.CACHES["default"]["BACKEND"]:
        pytest.skip("the worker's cache is its own process's (CACHE_URL unset): nothing shared to read back")
    cache.clear()
    s = scenario.build()
    warm_dashboards_task.delay()  # eager: here and now; with a broker: on the worker
    client.force_login(s.coordinator)
    client.get(reverse("bare"))
    url = reverse("reporting:overview_dashboard")
    deadline = time.monotonic() + 60
    while cache.get(WARMED_KEY) is None and time.monotonic() < deadline:
        time.sleep(0.25)
    _response, queries = _get(client, url)
    assert not [q for q in queries if any(table in q for table in ENGINE_TABLES)]


def test_the_warm_up_runs_every_minute_by_beat_on_a_task_the_worker_knows():
    from config.celery import app

    entry = next(e for e in settings.PERIODIC_TASKS.values() if e["task"] == warm_dashboards_task.name)
    assert entry["interval"] == {"every": 1, "period": "minutes"}
    app.loader.import_default_modules()  # what a worker does at start (autodiscover)
    assert entry["task"] in app.tasks
    assert not entry.get("args")  # beat sends no arguments: nothing to serialise
