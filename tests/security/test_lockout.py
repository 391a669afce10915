"""Login throttling: 5 failed logins for a username from one address lock it for 30 minutes, and 20
failed logins from one address, whatever the usernames, lock the address."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse

from iop.roles import Role
from tests.factories import UserFactory

PASSWORD = "test-password-123"
pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory(username="anna", roles=[Role.AMS])


def _attempt(client, username="anna", password="wrong-password", ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def _fail(client, times, **kw):
    """Fail `times` logins; the fifth failure already answers with the lockout page."""
    for n in range(1, times + 1):
        assert _attempt(client, **kw).status_code == (429 if n >= 5 else 200)


def test_a_login_after_four_failures_still_works(client, user):
    _fail(client, 4)
    response = _attempt(client, password=PASSWORD)
    assert response.status_code == 302
    # A successful login resets the counter.
    assert not AccessAttempt.objects.filter(username="anna", failures_since_start__gt=0).exists()


def test_the_fifth_failure_locks_the_login_with_a_swedish_page(client, user):
    _fail(client, 4)
    response = _attempt(client)
    assert response.status_code == 429
    assert "Inloggningen är tillfälligt spärrad" in response.content.decode()
    assert "30 minuter" in response.content.decode()


def test_a_locked_login_refuses_even_the_right_password(client, user):
    _fail(client, 5)
    response = _attempt(client, password=PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_username_and_address(client, user):
    UserFactory(username="bertil", roles=[Role.AMS])
    _fail(client, 5)
    assert _attempt(client, password=PASSWORD, ip="10.0.0.2").status_code == 302
    client.logout()
    assert _attempt(client, username="bertil", password=PASSWORD).status_code == 302


def test_the_lockout_ends_after_30_minutes(client, user):
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        _fail(client, 5)
    with time_machine.travel(start + dt.timedelta(minutes=29), tick=False):
        assert _attempt(client, password=PASSWORD).status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        assert _attempt(client, password=PASSWORD).status_code == 302


def test_the_coordinator_sees_and_lifts_a_lockout(client, user):
    _fail(client, 5)
    attempt = AccessAttempt.objects.get(username="anna")
    coordinator = UserFactory(roles=[Role.SAMORDNARE])
    client.force_login(coordinator)
    page = client.get(reverse("security:settings"))
    assert page.status_code == 200
    assert "anna" in page.content.decode()
    response = client.post(reverse("security:lockout_reset", kwargs={"pk": attempt.pk}))
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(pk=attempt.pk).exists()
    client.logout()
    assert _attempt(client, password=PASSWORD).status_code == 302


def test_a_case_officer_cannot_lift_a_lockout(client, user):
    _fail(client, 5)
    attempt = AccessAttempt.objects.get(username="anna")
    client.force_login(UserFactory(roles=[Role.AMS]))
    response = client.post(reverse("security:lockout_reset", kwargs={"pk": attempt.pk}))
    assert response.status_code == 403
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_lifting_a_lockout_needs_post(client):
    client.force_login(UserFactory(roles=[Role.SAMORDNARE]))
    assert client.get(reverse("security:lockout_reset", kwargs={"pk": 1})).status_code == 405


def test_the_test_clients_login_and_force_login_still_work(client, user):
    assert client.login(username="anna", password=PASSWORD)
    assert client.get(reverse("home")).status_code == 200
    client.logout()
    assert not client.login(username="anna", password="wrong-password")
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 200


def test_the_client_address_comes_from_the_trusted_proxy(rf, settings):
    from iop.security import client_ip

    request = rf.get("/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_ip(request) == "10.9.9.9"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"


def test_one_address_cannot_try_four_passwords_against_every_username(client, user, settings):
    """20 failures from one address (4 for each of 5 usernames, none of them locked on its own) lock
    the address for every username, also for the right password; another address still logs in."""
    assert settings.AXES_ADDRESS_FAILURE_LIMIT == 20
    victims = ["anna", *[UserFactory(username=f"offer{n}", roles=[Role.AMS]).username for n in range(4)]]
    UserFactory(username="cecilia", roles=[Role.AMS])
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        for username in victims:
            _fail(client, 4, username=username)
        response = _attempt(client, username="anna", password=PASSWORD)
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session
        assert _attempt(client, username="cecilia", password=PASSWORD).status_code == 429
        assert _attempt(client, username="cecilia", password=PASSWORD, ip="10.0.0.2").status_code == 302


def test_a_few_typos_from_a_shared_address_lock_nobody_else(client, user):
    """Colleagues behind one NAT address: 19 failures spread over usernames lock no other user."""
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        for n in range(5):
            _fail(client, 3, username=f"kollega{n}")
        _fail(client, 4, username="kollega9")
        assert _attempt(client, password=PASSWORD).status_code == 302


def test_the_address_lockout_ends_after_30_minutes(client, user):
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        for n in range(5):
            _fail(client, 4, username=f"gissning{n}")
        assert _attempt(client, password=PASSWORD).status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        assert _attempt(client, password=PASSWORD).status_code == 302


def test_the_coordinator_sees_and_lifts_an_address_lockout(client, user):
    coordinator = UserFactory(roles=[Role.SAMORDNARE])
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        for n in range(5):
            _fail(client, 4, username=f"gissning{n}")
        assert _attempt(client, password=PASSWORD).status_code == 429
        client.force_login(coordinator)
        page = client.get(reverse("security:settings")).content.decode()
        assert "gissning0" in page and "10.0.0.1" in page
        attempt = AccessAttempt.objects.filter(username="gissning0").get()
        assert client.post(reverse("security:lockout_reset", kwargs={"pk": attempt.pk})).status_code == 302
        client.logout()
        assert _attempt(client, password=PASSWORD).status_code == 302
