"""DeniedAccessLogMiddleware: 403/404 under /deltagare/ are logged as denied, without personal data."""

import pytest
from django.http import HttpResponse, HttpResponseForbidden
from django.test import RequestFactory
from django.urls import reverse

from iop.roles import Role
from participants.access_log import log_denied
from participants.middleware import DeniedAccessLogMiddleware
from participants.models import AccessLog
from tests.factories import UserFactory

MIDDLEWARE = "participants.middleware.DeniedAccessLogMiddleware"


@pytest.fixture(autouse=True)
def _with_middleware(settings):
    mw = list(settings.MIDDLEWARE)
    if MIDDLEWARE not in mw:
        mw.insert(mw.index("iop.permissions.AccessPolicyMiddleware"), MIDDLEWARE)
    settings.MIDDLEWARE = mw


def test_a_403_on_a_participant_url_is_logged_as_denied_with_the_path_only(client, setup):
    user = UserFactory(roles=[Role.STYRGRUPP])
    client.force_login(user)
    url = reverse("participants:occupancy", kwargs={"pk": setup.partnership.pk})
    assert client.get(url + "?q=Sara+Lind").status_code == 403
    row = AccessLog.objects.get()
    assert (row.action, row.outcome, row.user, row.path) == ("denied", "denied", user, url)
    assert "Sara" not in row.path and row.detail == "HTTP 403"


def test_a_404_on_a_participant_url_is_logged(client, setup):
    client.force_login(setup.coordinator)
    assert client.get("/deltagare/belaggning/999999/").status_code == 404
    assert client.get("/deltagare/finns-inte/").status_code == 404
    assert list(AccessLog.objects.order_by("pk").values_list("path", "detail")) == [
        ("/deltagare/belaggning/999999/", "HTTP 404"),
        ("/deltagare/finns-inte/", "HTTP 404"),
    ]


def test_allowed_pages_anonymous_redirects_and_other_urls_are_not_logged(client, setup):
    url = reverse("participants:occupancy", kwargs={"pk": setup.partnership.pk})
    assert client.get(url).status_code == 302
    client.force_login(setup.coordinator)
    assert client.get(url).status_code == 200
    assert client.get("/partnerskap/999999/").status_code == 404
    assert AccessLog.objects.count() == 0


def test_a_refusal_the_view_already_logged_is_not_logged_twice(db):
    user = UserFactory(roles=[Role.AMS])

    def view(request):
        log_denied(request_or_user=request, participant=7, detail="deltagarsida")
        return HttpResponseForbidden()

    request = RequestFactory().get("/deltagare/7/")
    request.user = user
    DeniedAccessLogMiddleware(view)(request)
    assert list(AccessLog.objects.values_list("detail", "participant_ref")) == [("deltagarsida", 7)]


def test_the_participant_id_is_taken_from_the_url_when_it_names_one(db):
    user = UserFactory(roles=[Role.AMS])

    class Match:
        kwargs = {"participant_id": 42}

    def view(request):
        request.resolver_match = Match()
        return HttpResponse(status=404)

    request = RequestFactory().get("/deltagare/42/")
    request.user = user
    DeniedAccessLogMiddleware(view)(request)
    assert AccessLog.objects.get().participant_ref == 42
