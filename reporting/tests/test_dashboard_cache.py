"""Dashboards cached per (scope, fixed period, data version); a write bumps the version; nothing
person-level is ever cached."""

import pickle
import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iop.cache_version import VERSION_KEY, bump_data_version, data_version
from iop.models import Goal
from iop.roles import Role
from iop.services.items import goal_save
from participants.tests.factories import PlacementFactory
from reporting.tests import scenario
from reporting.tests.cache_keys import cache_keys
from reporting.tests.scenario import D
from tests.factories import UserFactory


@pytest.fixture
def s(db):
    s = scenario.build()
    s.styrgrupp = UserFactory(organisation=s.partner, roles=[Role.STYRGRUPP])
    return s


def _dashboard(s):
    return reverse("reporting:partnership_dashboard", kwargs={"pk": s.p.pk}) + "?year=2025"


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["coordinator", "styrgrupp"])
def test_the_second_view_comes_from_the_cache_with_fewer_queries(client, s, who):
    client.force_login(getattr(s, who))
    first, computed = _get(client, _dashboard(s))
    second, cached = _get(client, _dashboard(s))
    assert cached < computed
    assert second.context["pres"].tables.keys() == first.context["pres"].tables.keys()
    assert second.context["computed_at"] == first.context["computed_at"]
    assert "Beräknad kl. " in second.content.decode()


def test_the_overview_is_cached_too(client, s):
    client.force_login(s.coordinator)
    url = reverse("reporting:overview_dashboard") + "?year=2025"
    first, computed = _get(client, url)
    second, cached = _get(client, url)
    assert cached < computed
    assert second.context["per_partnership"].rows == first.context["per_partnership"].rows


def test_protected_and_raw_dashboards_are_kept_apart(client, s):
    client.force_login(s.coordinator)
    assert client.get(_dashboard(s)).context["pres"].protected is False
    client.force_login(s.styrgrupp)
    assert client.get(_dashboard(s)).context["pres"].protected is True


def test_a_write_bumps_the_version_and_the_next_view_recomputes(
    client, s, django_capture_on_commit_callbacks
):
    client.force_login(s.coordinator)
    first, _computed = _get(client, _dashboard(s))
    assert first.context["pres"].key_figures["started"] == 3
    PlacementFactory(partnership=s.p, start_date=D(2025, 4, 1), planned_end_date=D(2025, 7, 1))
    # Rows written without a service: the cached dashboard is still served...
    stale, from_cache = _get(client, _dashboard(s))
    assert stale.context["pres"].key_figures["started"] == 3
    # ...until a write through a service bumps the version.
    before = data_version()
    goal = Goal.objects.filter(partnership=s.p).first()
    goal.target_value += 1
    with django_capture_on_commit_callbacks(execute=True):
        goal_save(goal=goal)
    assert data_version() > before
    fresh, recomputed = _get(client, _dashboard(s))
    assert fresh.context["pres"].key_figures["started"] == 4
    assert recomputed > from_cache


def test_the_version_is_bumped_only_when_the_write_commits(s, django_capture_on_commit_callbacks):
    before = data_version()
    with django_capture_on_commit_callbacks() as callbacks:
        bump_data_version()
    assert data_version() == before  # not yet: a concurrent view would cache old rows as new
    for callback in callbacks:
        callback()
    assert data_version() == before + 1


def test_a_failed_write_does_not_bump_the_version(s, django_capture_on_commit_callbacks):
    goal = Goal.objects.filter(partnership=s.p).first()
    goal.target_value = None
    goal.title = ""
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError):
        goal_save(goal=goal)
    assert callbacks == []


def test_a_lost_counter_starts_from_the_clock_not_from_one(s):
    old = data_version()
    cache.delete(VERSION_KEY)
    assert data_version() >= old


def test_a_free_period_is_computed_every_time(client, s):
    client.force_login(s.coordinator)
    url = (
        reverse("reporting:partnership_dashboard", kwargs={"pk": s.p.pk}) + "?start=2025-02-03&end=2025-05-04"
    )
    client.get(url)  # the session and the user's roles are loaded once
    _first, computed = _get(client, url)
    _second, again = _get(client, url)
    assert again == computed


def test_person_level_pages_put_nothing_in_the_cache(client, s, monkeypatch):
    written = []
    for name in ("set", "add", "set_many"):
        original = getattr(cache, name)

        def recording(*args, _original=original, **kwargs):
            written.append(args)
            return _original(*args, **kwargs)

        monkeypatch.setattr(cache, name, recording)
    placement = s.p.placements.order_by("pk").first()
    participant = placement.participant
    client.force_login(s.coordinator)
    for url in (
        reverse("participants:list"),
        reverse("participants:detail", kwargs={"pk": participant.pk}),
        reverse("participants:placement_detail", kwargs={"pk": placement.pk}),
        reverse("followup:my_participants"),
        reverse("followup:placement", kwargs={"pk": placement.pk}),
    ):
        assert client.get(url).status_code == 200, url
    keys = [str(args[0]) for args in written if args]
    assert not [k for k in keys if k.startswith("dashboard:")]
    blob = pickle.dumps(written)
    assert participant.last_name.encode() not in blob
    assert participant.personal_identity_number.encode() not in blob


def test_the_cached_dashboard_holds_no_person(client, s):
    client.force_login(s.coordinator)
    client.get(_dashboard(s))
    keys = [k for k in cache_keys() if "dashboard:" in k]
    assert keys
    blob = pickle.dumps([cache.get(k.split(":", 2)[-1]) for k in keys])
    for placement in s.p.placements.select_related("participant"):
        assert placement.participant.last_name.encode() not in blob
        assert placement.participant.personal_identity_number.encode() not in blob


def test_the_rendered_tables_are_served_from_the_cache_and_follow_the_version(
    client, s, django_capture_on_commit_callbacks
):
    client.force_login(s.coordinator)

    def page():  # without the request's own CSRF tokens
        return re.sub(r"[A-Za-z0-9]{64}", "", client.get(_dashboard(s)).content.decode())

    first = page()
    assert page() == first
    PlacementFactory(partnership=s.p, start_date=D(2025, 4, 1), planned_end_date=D(2025, 7, 1))
    with django_capture_on_commit_callbacks(execute=True):
        bump_data_version()
    assert page() != first


def test_a_free_periods_tables_are_not_kept(client, s):
    client.force_login(s.coordinator)
    client.get(
        reverse("reporting:partnership_dashboard", kwargs={"pk": s.p.pk}) + "?start=2025-02-03&end=2025-05-04"
    )
    written = [k.split(":", 2)[2] for k in cache_keys() if "dashboard" in k]
    assert not [k for k in written if cache.has_key(k)]


def test_the_cached_tables_carry_no_viewers_csrf_token_so_every_viewer_can_export(s):
    """The tables are rendered once for every viewer: their export buttons submit the page's own form,
    which carries the token of the viewer who loaded the page (not that of the first viewer)."""
    from django.test import Client

    other = UserFactory(organisation=s.coordinator.organisation, roles=[Role.SAMORDNARE])
    url = reverse("reporting:overview_dashboard") + "?year=2025"
    for user in (s.coordinator, other):  # the first fills the cache, the second is served from it
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        page = client.get(url).content.decode()
        token = re.search(
            r'id="dashboard-export"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"',
            page,
        )
        assert token, "the export form with the viewer's token is on the page"
        action = re.search(
            r'form="dashboard-export"[^>]* formaction="([^"]+per_partnership\.csv[^"]*)"', page
        )
        assert action
        response = client.post(action.group(1).replace("&amp;", "&"), {"csrfmiddlewaretoken": token.group(1)})
        assert response.status_code == 302, user
