import datetime as dt

import pytest
from django.urls import reverse

from participants.tests.factories import ParticipantFactory
from programmes.forms import UNKNOWN_PARTICIPANT
from programmes.models import Enrolment, PhaseTalk
from programmes.tests.factories import START, programme_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return programme_world()


def test_a_process_leader_enrols_a_participant_by_personnummer(client, w):
    participant = ParticipantFactory()
    client.force_login(w.leader)
    response = client.post(
        reverse("programmes:enrol", args=[w.team.pk]),
        {
            "personal_identity_number": participant.personal_identity_number,
            "process_leader": w.member.pk,
            "start_date": "2026-02-02",
        },
    )
    enrolment = Enrolment.objects.get(participant=participant)
    assert response.status_code == 302
    assert (enrolment.team, enrolment.process_leader) == (w.team, w.member)


def test_an_unknown_personnummer_is_refused_at_the_field(client, w):
    client.force_login(w.leader)
    response = client.post(
        reverse("programmes:enrol", args=[w.team.pk]),
        {
            "personal_identity_number": "19811228-9874",
            "process_leader": w.leader.pk,
            "start_date": "2026-02-02",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["personal_identity_number"] == [str(UNKNOWN_PARTICIPANT)]


def test_bad_input_gives_swedish_errors_at_the_fields(client, w):
    client.force_login(w.leader)
    response = client.post(
        reverse("programmes:enrol", args=[w.team.pk]),
        {"personal_identity_number": "123", "process_leader": w.leader2.pk, "start_date": "igår"},
    )
    errors = response.context["form"].errors
    assert response.status_code == 400
    assert set(errors) == {"personal_identity_number", "process_leader", "start_date"}
    assert "personnumret" in errors["personal_identity_number"][0]


def test_a_full_team_is_refused_with_a_message_and_nothing_saved(client):
    w = programme_world(target=1)
    participant = ParticipantFactory()
    client.force_login(w.leader)
    response = client.post(
        reverse("programmes:enrol", args=[w.team.pk]),
        {
            "personal_identity_number": participant.personal_identity_number,
            "process_leader": w.leader.pk,
            "start_date": "2026-02-02",
        },
    )
    assert response.status_code == 400
    assert "fullt" in response.context["form"].non_field_errors()[0]
    assert not Enrolment.objects.filter(participant=participant).exists()


def test_a_team_member_may_not_enrol(client, w):
    client.force_login(w.member)
    assert client.get(reverse("programmes:enrol", args=[w.team.pk])).status_code == 403


def test_changing_to_a_leader_outside_the_team_is_refused_at_the_field(client, w):
    client.force_login(w.coordinator)
    response = client.post(
        reverse("programmes:reassign", args=[w.enrolment.pk]),
        {"team": w.team.pk, "process_leader": w.leader2.pk},
    )
    assert response.status_code == 400
    assert "medlem i teamet" in response.context["form"].errors["process_leader"][0]
    assert Enrolment.objects.get(pk=w.enrolment.pk).process_leader == w.leader


def test_the_coordinator_moves_an_enrolment_to_another_team(client, w):
    client.force_login(w.coordinator)
    response = client.post(
        reverse("programmes:reassign", args=[w.enrolment.pk]),
        {"team": w.team2.pk, "process_leader": w.leader2.pk},
    )
    assert response.status_code == 302
    assert Enrolment.objects.get(pk=w.enrolment.pk).team == w.team2


def test_the_next_phase_is_refused_without_a_closing_talk(client, w):
    client.force_login(w.leader)
    response = client.post(reverse("programmes:phase_next", args=[w.enrolment.pk]), {"on": "2026-02-20"})
    assert response.status_code == 400
    assert (
        "inte avslutad med ett uppföljningssamtal" in response.context["advance_form"].non_field_errors()[0]
    )
    assert Enrolment.objects.get(pk=w.enrolment.pk).phase.position == 1


def test_a_closing_talk_then_the_next_phase(client, w):
    client.force_login(w.leader)
    talk = client.post(
        reverse("programmes:phase_talk", args=[w.enrolment.pk]),
        {"purpose": PhaseTalk.Purpose.CLOSES, "held_on": "2026-02-19"},
    )
    moved = client.post(reverse("programmes:phase_next", args=[w.enrolment.pk]), {"on": "2026-02-20"})
    assert (talk.status_code, moved.status_code) == (302, 302)
    assert Enrolment.objects.get(pk=w.enrolment.pk).phase.position == 2


def test_a_talk_before_the_phase_is_refused_at_the_date(client, w):
    client.force_login(w.leader)
    response = client.post(
        reverse("programmes:phase_talk", args=[w.enrolment.pk]),
        {"purpose": PhaseTalk.Purpose.CLOSES, "held_on": str(START - dt.timedelta(days=1))},
    )
    assert response.status_code == 400
    assert "held_on" in response.context["talk_form"].errors
    assert not PhaseTalk.objects.exists()


def test_the_writes_answer_only_post(client, w):
    client.force_login(w.leader)
    assert client.get(reverse("programmes:phase_next", args=[w.enrolment.pk])).status_code == 405
