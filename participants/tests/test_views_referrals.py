"""Referral pages: create (consent required), status changes with confirmation, queue and reordering."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from participants.models import AccessLog, Referral
from participants.tests.factories import ConsentFactory, ParticipantFactory, ReferralFactory

TODAY = timezone.localdate()
S = Referral.Status


@pytest.fixture
def person(setup):
    return ParticipantFactory(case_officer=setup.ams)


def consent(setup, person):
    return ConsentFactory(participant=person, partnership=setup.partnership, organisation=setup.partner)


def _create(client, setup, person, **over):
    data = {"partnership": setup.partnership.pk, "referred_on": TODAY.isoformat(), "reason": "Arbetsträning"}
    data.update(over)
    return client.post(reverse("participants:referral_create", args=[person.pk]), data)


def test_referral_without_consent_is_refused_with_a_message_at_the_form(client, setup, person):
    client.force_login(setup.ams)
    response = _create(client, setup, person)
    assert response.status_code == 400
    assert "samtycke" in " ".join(response.context["form"].non_field_errors())
    assert not Referral.objects.exists()


def test_case_officer_refers_a_participant_with_consent(client, setup, person):
    consent(setup, person)
    client.force_login(setup.ams)
    response = _create(client, setup, person, preferred_work_area=setup.work_area.pk)
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.status == S.NEW and referral.case_officer == setup.ams
    assert AccessLog.objects.filter(participant_ref=person.pk, action=AccessLog.Action.CREATE).exists()


def test_referral_form_refuses_a_work_area_of_another_partnership(client, setup, person):
    from tests.factories import WorkAreaFactory

    consent(setup, person)
    client.force_login(setup.ams)
    response = _create(client, setup, person, preferred_work_area=WorkAreaFactory().pk)
    assert response.status_code == 400
    assert not Referral.objects.exists()


def test_supervisor_cannot_create_referrals(client, setup, person):
    client.force_login(setup.supervisor)
    assert client.get(reverse("participants:referral_create", args=[person.pk])).status_code == 403


def test_another_case_officer_cannot_refer_my_participant(client, setup, person):
    client.force_login(setup.other_ams)
    assert client.get(reverse("participants:referral_create", args=[person.pk])).status_code == 404


def _status_url(referral, status):
    return reverse("participants:referral_status", args=[referral.pk, status])


def test_status_change_asks_for_confirmation_then_books_the_study_visit(client, setup, person):
    consent(setup, person)
    referral = ReferralFactory(participant=person, partnership=setup.partnership)
    client.force_login(setup.ams)
    confirm = client.get(_status_url(referral, "study_visit_booked"))
    assert confirm.status_code == 200
    referral.refresh_from_db()
    assert referral.status == S.NEW  # a GET changes nothing
    response = client.post(
        _status_url(referral, "study_visit_booked"),
        {"on": TODAY.isoformat(), "study_visit_on": (TODAY + dt.timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == S.STUDY_VISIT_BOOKED
    assert referral.study_visit_on == TODAY + dt.timedelta(days=3)


def test_study_visit_without_a_date_is_refused(client, setup, person):
    referral = ReferralFactory(participant=person, partnership=setup.partnership)
    client.force_login(setup.ams)
    response = client.post(_status_url(referral, "study_visit_booked"), {"on": TODAY.isoformat()})
    assert response.status_code == 400
    referral.refresh_from_db()
    assert referral.status == S.NEW


def test_declining_needs_a_reason(client, setup, person):
    referral = ReferralFactory(participant=person, partnership=setup.partnership)
    client.force_login(setup.ams)
    assert client.post(_status_url(referral, "declined"), {"on": TODAY.isoformat()}).status_code == 400
    response = client.post(
        _status_url(referral, "declined"), {"on": TODAY.isoformat(), "reason": "Annan insats"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == S.DECLINED and referral.closed_reason == "Annan insats"


def test_an_impossible_transition_is_refused(client, setup, person):
    referral = ReferralFactory(participant=person, partnership=setup.partnership, status=S.PLACED)
    client.force_login(setup.ams)
    response = client.post(_status_url(referral, "accepted"), {"on": TODAY.isoformat()})
    assert response.status_code == 400
    referral.refresh_from_db()
    assert referral.status == S.PLACED


def test_an_unknown_status_is_not_found(client, setup, person):
    referral = ReferralFactory(participant=person, partnership=setup.partnership)
    client.force_login(setup.ams)
    assert client.get(_status_url(referral, "placed")).status_code == 404


def test_supervisor_cannot_change_a_referral(client, setup, person):
    consent(setup, person)
    referral = ReferralFactory(participant=person, partnership=setup.partnership)
    client.force_login(setup.supervisor)
    assert client.post(_status_url(referral, "accepted"), {"on": TODAY.isoformat()}).status_code == 403


def test_status_change_refuses_other_methods(client, setup, person):
    referral = ReferralFactory(participant=person, partnership=setup.partnership)
    client.force_login(setup.ams)
    assert client.put(_status_url(referral, "accepted")).status_code == 405


# --- Queue -------------------------------------------------------------------------------------------


@pytest.fixture
def queued(setup):
    """Three accepted referrals: two of setup.ams's participants, one of another case officer's."""
    refs = []
    for i, officer in enumerate([setup.ams, setup.other_ams, setup.ams]):
        p = ParticipantFactory(case_officer=officer, first_name=f"Kö{i}")
        consent(setup, p)
        refs.append(
            ReferralFactory(
                participant=p,
                partnership=setup.partnership,
                status=S.ACCEPTED,
                referred_on=dt.date(2025, 1, 10 + i),
            )
        )
    return refs


def test_everyone_involved_sees_queue_positions_but_names_only_where_allowed(client, setup, queued):
    client.force_login(setup.ams)
    response = client.get(reverse("participants:queue", args=[setup.partnership.pk]))
    rows = response.context["rows"]
    assert [r["position"] for r in rows] == [1, 2, 3]
    assert [r["name"] for r in rows] == ["Kö0 Testsson", "", "Kö2 Testsson"]
    assert "Kö1" not in response.content.decode()


def test_the_participant_page_shows_the_queue_position(client, setup, queued):
    client.force_login(setup.ams)
    response = client.get(reverse("participants:detail", args=[queued[2].participant_id]))
    assert [r.position for r in response.context["referrals"]] == [3]


def test_coordinator_moves_a_referral_first_with_a_reason(client, setup, queued):
    client.force_login(setup.coordinator)
    url = reverse("participants:queue_reorder", args=[queued[2].pk])
    assert client.post(url, {"position": 1}).status_code == 400
    response = client.post(url, {"position": 1, "reason": "Plats i REMAKE passar just nu"})
    assert response.status_code == 302
    rows = client.get(reverse("participants:queue", args=[setup.partnership.pk])).context["rows"]
    assert [r["referral"].pk for r in rows] == [queued[2].pk, queued[0].pk, queued[1].pk]


def test_case_officer_cannot_reorder_the_queue(client, setup, queued):
    client.force_login(setup.ams)
    assert client.get(reverse("participants:queue_reorder", args=[queued[0].pk])).status_code == 403


def test_supervisor_sees_the_queue_of_their_partnership(client, setup, queued):
    client.force_login(setup.supervisor)
    response = client.get(reverse("participants:queue", args=[setup.partnership.pk]))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 3


@pytest.mark.parametrize("n", [1, 12])
def test_the_queue_costs_the_same_queries_and_one_log_insert_whatever_its_length(
    client, setup, django_assert_num_queries, n
):
    """Every person shown is in the access log (a row each), written with one INSERT."""
    for i in range(n):
        p = ParticipantFactory(case_officer=setup.ams)
        ReferralFactory(
            participant=p,
            partnership=setup.partnership,
            status=S.ACCEPTED,
            referred_on=dt.date(2025, 1, 1) + dt.timedelta(days=i),
            queue_override=1 if i == n - 1 else None,
            queue_override_reason="Passar REMAKE" if i == n - 1 else "",
        )
    client.force_login(setup.coordinator)
    url = reverse("participants:queue", args=[setup.partnership.pk])
    client.get(url)
    # Session, user with its roles, partnership, the queue, the linkable participants, the log's INSERT.
    with django_assert_num_queries(QUEUE_PAGE_QUERIES):
        response = client.get(url)
    rows = response.context["rows"]
    assert len(rows) == n
    assert rows[0]["override"] == "1: Passar REMAKE"
    assert rows[-1]["referred_on"] == (f"2025-01-{n - 1:02d}" if n > 1 else "2025-01-01")
    assert "1: Passar REMAKE" in response.content.decode()
    logged = (
        AccessLog.objects.filter(path=url, detail="kö")
        .order_by("-pk")
        .values_list("participant_ref", flat=True)
    )
    assert sorted(logged[:n]) == sorted(r["referral"].participant_id for r in rows)


QUEUE_PAGE_QUERIES = 6
