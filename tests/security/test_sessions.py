"""Sessions end after 30 minutes idle and 12 hours after login, however active."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from iop.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC)


@pytest.fixture
def user():
    return UserFactory(roles=[Role.AMS])


def _get_home(client, at):
    with time_machine.travel(at, tick=False):
        return client.get(reverse("home"))


def test_a_session_idle_for_more_than_30_minutes_ends(client, user):
    with time_machine.travel(START, tick=False):
        client.force_login(user)
    assert _get_home(client, START + dt.timedelta(minutes=29)).status_code == 200
    response = _get_home(client, START + dt.timedelta(minutes=29 + 31))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_active_session_lasts_until_12_hours_after_login(client, user):
    with time_machine.travel(START, tick=False):
        client.force_login(user)
    at = START
    while at < START + dt.timedelta(hours=11, minutes=50):
        at += dt.timedelta(minutes=20)
        assert _get_home(client, at).status_code == 200, at


def test_an_active_session_ends_12_hours_after_login_with_a_swedish_message(client, user, settings):
    settings.SESSION_COOKIE_AGE = 24 * 60 * 60  # isolate the absolute limit from the idle one
    with time_machine.travel(START, tick=False):
        client.force_login(user)
    assert _get_home(client, START + dt.timedelta(hours=11, minutes=59)).status_code == 200
    response = _get_home(client, START + dt.timedelta(hours=12, minutes=1))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    with time_machine.travel(START + dt.timedelta(hours=12, minutes=2), tick=False):
        page = client.get(response["Location"])
    assert "_auth_user_id" not in client.session
    assert "mer än 12 timmar" in page.content.decode()


def test_logging_in_again_starts_a_new_12_hours(client, user, settings):
    settings.SESSION_COOKIE_AGE = 24 * 60 * 60
    with time_machine.travel(START, tick=False):
        client.force_login(user)
    with time_machine.travel(START + dt.timedelta(hours=11), tick=False):
        client.force_login(user)
    assert _get_home(client, START + dt.timedelta(hours=13)).status_code == 200


def test_a_session_without_a_login_time_counts_from_its_next_request(client, user, settings):
    settings.SESSION_COOKIE_AGE = 24 * 60 * 60
    with time_machine.travel(START, tick=False):
        client.force_login(user)
        session = client.session
        del session["iop_login_at"]
        session.save()
    assert _get_home(client, START + dt.timedelta(hours=1)).status_code == 200
    assert _get_home(client, START + dt.timedelta(hours=12, minutes=59)).status_code == 200
    assert _get_home(client, START + dt.timedelta(hours=13, minutes=1)).status_code == 302


def _expiry(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_pages_within_a_minute_do_not_write_the_session_again(client, user):
    with time_machine.travel(START, tick=False):
        client.force_login(user)
    _get_home(client, START + dt.timedelta(seconds=5))
    saved = _expiry(client)
    _get_home(client, START + dt.timedelta(seconds=40))
    assert _expiry(client) == saved


def test_a_page_a_minute_later_pushes_the_idle_expiry_forward(client, user, settings):
    with time_machine.travel(START, tick=False):
        client.force_login(user)
    _get_home(client, START + dt.timedelta(seconds=5))
    saved = _expiry(client)
    _get_home(client, START + dt.timedelta(seconds=70))
    assert _expiry(client) == saved + dt.timedelta(seconds=65)
    assert _expiry(client) == START + dt.timedelta(seconds=70 + settings.SESSION_COOKIE_AGE)


def test_a_session_is_never_cut_before_30_idle_minutes_though_it_is_written_only_once_a_minute(client, user):
    with time_machine.travel(START, tick=False):
        client.force_login(user)
    _get_home(client, START + dt.timedelta(seconds=1))  # written: the idle clock restarts
    last = START + dt.timedelta(seconds=59)
    _get_home(client, last)  # not written: within the minute
    assert _get_home(client, last + dt.timedelta(minutes=30)).status_code == 200


def _extend(client, at):
    with time_machine.travel(at, tick=False):
        return client.post(reverse("security:session_extend"))


def test_the_timeout_warnings_button_extends_an_idle_session_by_the_idle_limit(client, user, settings):
    with time_machine.travel(START, tick=False):
        client.force_login(user)
    # 25 minutes idle (the warning shows at 25), then "Förläng sessionen".
    response = _extend(client, START + dt.timedelta(minutes=25, seconds=30))
    assert response.status_code == 200
    assert response.json() == {"seconds": settings.SESSION_IDLE_SECONDS}
    # 50 minutes after the last page, 24.5 after the extension: still logged in.
    assert _get_home(client, START + dt.timedelta(minutes=50)).status_code == 200


def test_the_page_tells_the_warning_how_long_the_session_lasts(client, user, settings):
    with time_machine.travel(START, tick=False):
        client.force_login(user)
    body = _get_home(client, START + dt.timedelta(minutes=1)).content.decode()
    assert f'data-seconds="{settings.SESSION_IDLE_SECONDS}"' in body
    assert f'data-warn-seconds="{settings.SESSION_WARNING_SECONDS}"' in body
    assert 'src="/static/js/session-timeout.js"' in body and "<script>" not in body  # no inline script (CSP)


def test_extending_never_passes_the_absolute_limit_after_login(client, user, settings):
    settings.SESSION_COOKIE_AGE = 24 * 60 * 60
    with time_machine.travel(START, tick=False):
        client.force_login(user)
    response = _extend(client, START + dt.timedelta(hours=11, minutes=50))
    assert response.json() == {"seconds": 10 * 60}


def test_an_ended_session_cannot_be_extended(client, user):
    with time_machine.travel(START, tick=False):
        client.force_login(user)
    response = _extend(client, START + dt.timedelta(minutes=45))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_extend_url_refuses_get(client, user):
    client.force_login(user)
    assert client.get(reverse("security:session_extend")).status_code == 405
