"""Every read of personal data is in the access log, through the scoped lookups;
the log keeps paths without query strings and search terms only as a keyed hash (finding 4)."""

import re

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from participants.access_log import PATH_MAX, log_access, search_digest
from participants.models import AccessLog, Referral
from participants.tests.factories import ConsentFactory, ParticipantFactory, ReferralFactory
from participants.tests.test_views_participants import placed_participant


def _views(user, participant=None):
    rows = AccessLog.objects.filter(user=user, action=AccessLog.Action.VIEW, outcome="allowed")
    return rows.filter(participant_ref=participant.pk) if participant is not None else rows


def test_the_list_logs_each_participant_it_shows(client, setup):
    a, _ = placed_participant(setup)
    b, _ = placed_participant(setup)
    client.force_login(setup.ams)
    assert client.get(reverse("participants:list")).status_code == 200
    assert set(_views(setup.ams).values_list("participant_ref", flat=True)) == {a.pk, b.pk}
    assert set(_views(setup.ams).values_list("path", flat=True)) == {"/deltagare/"}


def test_a_name_search_is_logged_as_a_keyed_hash_never_in_clear(client, setup):
    p, _ = placed_participant(setup, first_name="Ingegerd", last_name="Sökesson")
    client.force_login(setup.ams)
    response = client.get(reverse("participants:list"), {"q": "Ingegerd"})
    assert response.status_code == 200 and "Ingegerd" in response.content.decode()
    row = _views(setup.ams, p).get()
    assert row.path == "/deltagare/"
    assert re.fullmatch(r"deltagarlista sökning [0-9a-f]{16}", row.detail)
    assert row.detail.endswith(search_digest("Ingegerd"))
    assert not AccessLog.objects.filter(detail__icontains="ingegerd").exists()
    assert not AccessLog.objects.filter(path__icontains="ingegerd").exists()


def test_a_personnummer_search_is_logged_without_the_number(client, setup):
    p, _ = placed_participant(setup)
    client.force_login(setup.ams)
    response = client.post(reverse("participants:list"), {"pnr": p.pnr_formatted})
    assert response.status_code == 302
    row = _views(setup.ams, p).get(detail__startswith="personnummer")
    assert p.personal_identity_number[-4:] not in row.detail and p.pnr_formatted not in row.detail
    assert row.detail == f"personnummer {search_digest(p.personal_identity_number)}"


def test_the_search_hash_is_keyed_by_the_secret_key():
    first = search_digest("19850312-2384")
    with override_settings(SECRET_KEY="another-secret-key-for-this-test-only-0123456789"):
        assert search_digest("19850312-2384") != first
    assert search_digest("  Anna   ANDERSSON ") == search_digest("anna andersson")


def test_the_log_stores_the_path_without_query_string_and_bounded(setup):
    request = RequestFactory().get("/deltagare/1/" + "x" * 700 + "/?sok=19850312-2384")
    request.user = setup.ams
    row = log_access(request_or_user=request, participant=None, action=AccessLog.Action.VIEW)
    row.refresh_from_db()
    assert "?" not in row.path and "19850312" not in row.path
    assert len(row.path) == PATH_MAX
    long_detail = log_access(request_or_user=setup.ams, participant=None, action="view", detail="d" * 900)
    assert len(long_detail.detail) == 300


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("participants:edit", lambda p, s: {"pk": p.pk}),
        ("participants:consent_create", lambda p, s: {"pk": p.pk}),
        ("participants:consent_withdraw", lambda p, s: {"pk": p.consents.get().pk}),
        ("participants:referral_create", lambda p, s: {"pk": p.pk}),
        ("participants:referral_status", lambda p, s: {"pk": s.referral.pk, "status": "withdrawn"}),
    ],
)
def test_form_pages_log_the_read_on_get(client, setup, name, kwargs):
    p, _ = placed_participant(setup)
    setup.referral = ReferralFactory(participant=p, partnership=setup.partnership, status=Referral.Status.NEW)
    client.force_login(setup.ams)
    response = client.get(reverse(name, kwargs=kwargs(p, setup)))
    assert response.status_code == 200
    assert _views(setup.ams, p).count() == 1


def test_the_edit_form_with_the_full_personnummer_is_logged_for_the_coordinator(client, setup):
    p, _ = placed_participant(setup)
    client.force_login(setup.coordinator)
    response = client.get(reverse("participants:edit", args=[p.pk]))
    assert p.pnr_formatted in response.content.decode()
    assert _views(setup.coordinator, p).count() == 1


def test_the_queue_logs_each_named_participant(client, setup):
    queued = ParticipantFactory(case_officer=setup.ams)
    ConsentFactory(participant=queued, partnership=setup.partnership, organisation=setup.partner)
    ReferralFactory(participant=queued, partnership=setup.partnership, status=Referral.Status.ACCEPTED)
    client.force_login(setup.coordinator)
    response = client.get(reverse("participants:queue", args=[setup.partnership.pk]))
    assert response.status_code == 200 and queued.first_name in response.content.decode()
    assert _views(setup.coordinator, queued).get().detail == "kö"


@pytest.mark.parametrize(
    "path",
    [
        "/deltagare/99999999999999999999/",
        "/deltagare/99999999999999999999/andra/",
        "/deltagare/plats/99999999999999999999/",
        "/deltagare/anvisning/99999999999999999999/status/withdrawn/",
        "/deltagare/samtycke/99999999999999999999/aterkalla/",
        "/uppfoljning/plats/99999999999999999999/",
    ],
)
@pytest.mark.parametrize("who", ["ams", "supervisor", "coordinator"])
def test_an_out_of_range_id_is_refused_and_logged_not_a_500(client, setup, path, who):
    client.force_login(getattr(setup, who))
    response = client.get(path)
    assert response.status_code in (403, 404)
    row = AccessLog.objects.filter(action=AccessLog.Action.DENIED).latest("pk")
    assert row.participant_ref is None and row.path == path


def test_a_search_without_hits_is_logged_without_a_participant(client, setup):
    client.force_login(setup.ams)
    assert client.get(reverse("participants:list"), {"q": "Ingen"}).status_code == 200
    row = _views(setup.ams).get()
    assert row.participant_ref is None and row.detail == f"deltagarlista {search_digest('Ingen')}"
