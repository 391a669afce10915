"""Password rules, the Content-Security-Policy and the production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from iop.roles import Role
from tests.factories import UserFactory

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_a_weak_new_password_is_refused_with_a_swedish_message(client):
    user = UserFactory(roles=[Role.AMS])
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": "test-password-123", "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200  # Django's view re-renders the form
    errors = " ".join(response.context["form"].errors["new_password2"])
    assert "för kort" in errors and "10 tecken" in errors
    assert "vanligt" in errors  # common password
    assert "numeriskt" in errors  # only digits
    user.refresh_from_db()
    assert user.check_password("test-password-123")


@pytest.mark.django_db
def test_a_strong_new_password_is_accepted(client):
    user = UserFactory(roles=[Role.AMS])
    client.force_login(user)
    new = "Kanelbulle-med-kardemumma-42"
    response = client.post(
        reverse("password_change"),
        {"old_password": "test-password-123", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


@pytest.mark.django_db
def test_the_login_page_has_a_csp_without_inline_scripts(client):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    directives = {d.strip().split(" ")[0]: d.strip() for d in csp.split(";") if d.strip()}
    assert directives["script-src"] == "script-src 'self'"
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp


def _settings_in_subprocess(env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    code = (
        "import django, json; from django.conf import settings; django.setup(); "
        "print(json.dumps({k: getattr(settings, k) for k in "
        "['SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', 'SECURE_SSL_REDIRECT', 'DEBUG']}))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "SECRET_KEY"))}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", **env_overrides})
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "iop.malmo.example",
    "DATABASE_URL": "postgres://iop@db.invalid:5432/iop",
}


def test_production_settings_use_secure_cookies_and_hsts():
    import json

    result = _settings_in_subprocess(PRODUCTION)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] > 0
    assert values["SECURE_SSL_REDIRECT"] is True


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _settings_in_subprocess({**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who, path, status",
    [
        ("anon", "/logga-in/", 200),
        ("anon", "/halsa/", 200),
        ("anon", "/deltagare/", 302),
        ("anon", "/finns-inte/", 404),
        ("anon", "/static/css/iop.css", 200),
        ("anon", "/tillganglighet/", 200),
        ("styrgrupp", "/deltagare/", 403),
        ("samordnare", "/", 200),
    ],
)
def test_every_response_has_a_permissions_policy_that_switches_off_unused_features(
    client, settings, who, path, status
):
    # WhiteNoise serves static files from the source folders, as with `make run` (no collectstatic here).
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    if who != "anon":
        role = {"styrgrupp": Role.STYRGRUPP, "samordnare": Role.SAMORDNARE}[who]
        client.force_login(UserFactory(roles=[role]))
    response = client.get(path)
    assert response.status_code == status
    policy = {
        item.strip().split("=")[0]: item.strip().split("=")[1]
        for item in response["Permissions-Policy"].split(",")
    }
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert policy[feature] == "()", feature


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["ams2ams2ams2", "Mitt-AMS2-lösen", "2sma2sma2sma-x"])
def test_a_password_that_repeats_the_username_is_refused(client, password):
    user = UserFactory(username="ams2", roles=[Role.AMS])
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": "test-password-123", "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200  # Django's view re-renders the form
    errors = " ".join(response.context["form"].errors["new_password2"])
    assert "användarnamn" in errors
    user.refresh_from_db()
    assert user.check_password("test-password-123")


@pytest.mark.django_db
def test_the_username_rule_is_one_of_the_password_validators():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user = UserFactory(username="handledare3", roles=[Role.HANDLEDARE])
    with pytest.raises(ValidationError) as refused:
        validate_password("handledare3handledare3", user=user)
    assert "password_contains_username" in [e.code for e in refused.value.error_list]
    validate_password("Kanelbulle-med-kardemumma-42", user=user)  # unrelated: accepted
