"""Optional two-factor login (TOTP) that the coordinator can require for personal-data roles."""

import binascii
from urllib.parse import urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from iop.models import SecurityPolicy
from iop.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "test-password-123"
SETUP = reverse("security:two_factor_setup")
VERIFY = reverse("security:two_factor_verify")


@pytest.fixture
def required():
    SecurityPolicy.objects.create(require_two_factor=True)


def _code(key_hex: str) -> str:
    return f"{totp(binascii.unhexlify(key_hex)):06d}"


def _login(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def test_without_the_requirement_a_case_officer_logs_in_as_before(client):
    user = UserFactory(roles=[Role.AMS])
    _login(client, user)
    assert client.get(reverse("home")).status_code == 200


def test_without_the_requirement_pages_cost_no_extra_query(client):
    user = UserFactory(roles=[Role.AMS])
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))
    assert not [q for q in queries.captured_queries if "securitypolicy" in q["sql"] or "otp_" in q["sql"]]


def test_with_the_requirement_a_case_officer_without_app_must_set_one_up(client, required):
    user = UserFactory(roles=[Role.AMS])
    _login(client, user)
    response = client.get(reverse("iop:partnership_list"))
    assert response.status_code == 302
    assert urlparse(response["Location"]).path == SETUP
    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "otpauth://totp/" in text
    assert "data:image/svg+xml" in text  # QR code made on the server, no external service


def test_setting_up_with_the_right_code_registers_the_app_and_continues(client, required):
    user = UserFactory(roles=[Role.HANDLEDARE])
    _login(client, user)
    client.get(SETUP)
    key = client.session["iop_2fa_setup_key"]
    response = client.post(SETUP, {"otp_token": _code(key), "next": reverse("iop:partnership_list")})
    assert response.status_code == 302
    assert response["Location"] == reverse("iop:partnership_list")
    assert TOTPDevice.objects.get(user=user).confirmed
    assert client.get(reverse("iop:partnership_list")).status_code == 200


def test_setting_up_with_a_wrong_code_is_refused_and_registers_nothing(client, required):
    user = UserFactory(roles=[Role.HANDLEDARE])
    _login(client, user)
    client.get(SETUP)
    key = client.session["iop_2fa_setup_key"]
    wrong = f"{(int(_code(key)) + 1) % 1_000_000:06d}"
    response = client.post(SETUP, {"otp_token": wrong})
    assert response.status_code == 400
    assert "Koden stämmer inte" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_setting_up_with_letters_is_refused_with_a_hint(client, required):
    _login(client, UserFactory(roles=[Role.AMS]))
    response = client.post(SETUP, {"otp_token": "abcdef"})
    assert response.status_code == 400
    assert "sex siffror" in response.content.decode()


def test_with_a_registered_app_the_login_asks_for_a_code(client, required):
    user = UserFactory(roles=[Role.SAMORDNARE])
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    _login(client, user)
    response = client.get(reverse("home"))
    assert urlparse(response["Location"]).path == VERIFY
    bad = client.post(VERIFY, {"otp_token": "000000" if _code(device.key) != "000000" else "111111"})
    assert bad.status_code == 400
    assert client.get(reverse("home")).status_code == 302
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    ok = client.post(VERIFY, {"otp_token": _code(device.key), "next": "/"})
    assert ok.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_the_verify_page_does_not_redirect_to_another_site(client, required):
    user = UserFactory(roles=[Role.AMS])
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    _login(client, user)
    response = client.post(VERIFY, {"otp_token": _code(device.key), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_roles_without_personal_data_are_not_asked_for_a_second_factor(client, required):
    for role in (Role.STYRGRUPP, Role.EKONOMI, Role.ATTESTANT):
        client.logout()
        _login(client, UserFactory(roles=[role]))
        assert client.get(reverse("home")).status_code == 200


def test_logout_works_before_the_second_factor(client, required):
    _login(client, UserFactory(roles=[Role.AMS]))
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_second_factor_step_does_not_open_pages_the_role_may_not_see(client):
    client.force_login(UserFactory(roles=[Role.STYRGRUPP]))
    assert client.get(reverse("security:settings")).status_code == 403


def test_the_coordinator_requires_two_factor_from_the_next_login(client):
    coordinator = UserFactory(roles=[Role.SAMORDNARE])
    client.force_login(coordinator)
    response = client.post(reverse("security:settings"), {"require_two_factor": "on"})
    assert response.status_code == 302
    policy = SecurityPolicy.current()
    assert policy.require_two_factor
    assert policy.updated_by == coordinator
    # The coordinator's own session goes on; the next login asks for the second factor.
    assert client.get(reverse("home")).status_code == 200
    client.logout()
    _login(client, coordinator)
    assert urlparse(client.get(reverse("home"))["Location"]).path == SETUP


def test_only_the_coordinator_changes_the_security_settings(client):
    for role in (Role.AMS, Role.HANDLEDARE, Role.STYRGRUPP, Role.EKONOMI, Role.ATTESTANT):
        client.force_login(UserFactory(roles=[role]))
        assert client.post(reverse("security:settings"), {"require_two_factor": "on"}).status_code == 403
    assert not SecurityPolicy.current().require_two_factor


def test_the_security_settings_refuse_other_methods(client):
    client.force_login(UserFactory(roles=[Role.SAMORDNARE]))
    assert client.put(reverse("security:settings")).status_code == 405


def test_the_policy_is_a_single_row():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        SecurityPolicy(id=2).full_clean()


def test_the_coordinator_removes_a_lost_authenticator_app(client):
    user = UserFactory(username="lisa", roles=[Role.HANDLEDARE])
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.force_login(UserFactory(roles=[Role.SAMORDNARE]))
    response = client.post(reverse("security:two_factor_reset"), {"username": "lisa"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_removing_the_app_of_a_user_without_one_is_refused(client):
    UserFactory(username="olle", roles=[Role.AMS])
    client.force_login(UserFactory(roles=[Role.SAMORDNARE]))
    response = client.post(reverse("security:two_factor_reset"), {"username": "olle"})
    assert response.status_code == 400
    assert "ingen registrerad autentiseringsapp" in response.content.decode()


def test_only_the_coordinator_removes_authenticator_apps(client):
    user = UserFactory(username="lisa", roles=[Role.HANDLEDARE])
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.force_login(UserFactory(roles=[Role.AMS]))
    assert client.post(reverse("security:two_factor_reset"), {"username": "lisa"}).status_code == 403
    assert TOTPDevice.objects.filter(user=user).exists()
