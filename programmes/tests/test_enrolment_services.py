import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from participants.models import AccessLog
from participants.services.errors import ErrorCode
from participants.tests.factories import ParticipantFactory
from programmes.models import Enrolment, EnrolmentPhase
from programmes.services import DEFAULT_PHASES, enrolment_reassign
from programmes.tests.factories import enrol, programme_world

pytestmark = pytest.mark.django_db


def test_enrolling_starts_the_first_default_phase_and_logs_the_write():
    w = programme_world()
    e = w.enrolment
    assert e.phase.position == 1 and e.phase.name == str(DEFAULT_PHASES[0])
    assert list(EnrolmentPhase.objects.filter(enrolment=e).values_list("phase__position", "end_date")) == [
        (1, None)
    ]
    log = AccessLog.objects.get(participant_ref=e.participant_id, action=AccessLog.Action.CREATE)
    assert log.detail == f"inskrivning {e.pk} i program"


def test_a_full_team_refuses_one_more_enrolment_at_the_team_field():
    w = programme_world(target=1)
    with pytest.raises(ValidationError) as exc:
        enrol(w.programme, w.team, w.leader)
    assert exc.value.error_dict["team"][0].code == ErrorCode.CAPACITY
    assert Enrolment.objects.filter(team=w.team).count() == 1


def test_a_refused_enrolment_leaves_no_row_and_no_log():
    w = programme_world(target=1)
    participant = ParticipantFactory()
    with pytest.raises(ValidationError):
        enrol(w.programme, w.team, w.leader, participant=participant)
    assert not AccessLog.objects.filter(participant_ref=participant.pk).exists()
    assert not Enrolment.objects.filter(participant=participant).exists()


def test_an_ended_enrolment_frees_its_place():
    w = programme_world(target=1)
    Enrolment.objects.filter(pk=w.enrolment.pk).update(end_date=dt.date(2026, 2, 1))
    assert enrol(w.programme, w.team, w.leader).team == w.team


def test_the_process_leader_must_be_a_member_of_the_team():
    w = programme_world()
    with pytest.raises(ValidationError) as exc:
        enrol(w.programme, w.team, w.leader2)
    assert "process_leader" in exc.value.error_dict


def test_a_team_of_another_programme_is_refused():
    w = programme_world()
    with pytest.raises(ValidationError) as exc:
        enrol(w.programme, w.other_team, w.other_leader)
    assert "team" in exc.value.error_dict


def test_a_participant_is_enrolled_once_at_a_time_per_programme():
    w = programme_world()
    with pytest.raises(ValidationError):
        enrol(w.programme, w.team2, w.leader2, participant=w.enrolment.participant)


def test_reassigning_keeps_the_old_team_in_history_and_logs_it():
    w = programme_world()
    enrolment_reassign(enrolment=w.enrolment, team=w.team2, process_leader=w.leader2, by=w.coordinator)
    e = Enrolment.objects.get(pk=w.enrolment.pk)
    assert (e.team, e.process_leader) == (w.team2, w.leader2)
    assert [h.team_id for h in e.history.order_by("history_id")] == [w.team.pk, w.team2.pk]
    assert AccessLog.objects.filter(
        participant_ref=e.participant_id, action=AccessLog.Action.CHANGE, user=w.coordinator
    ).exists()


def test_reassigning_to_a_full_team_is_refused():
    w = programme_world(target=1)
    enrol(w.programme, w.team2, w.leader2)
    with pytest.raises(ValidationError) as exc:
        enrolment_reassign(enrolment=w.enrolment, team=w.team2, process_leader=w.leader2, by=w.coordinator)
    assert exc.value.error_dict["team"][0].code == ErrorCode.CAPACITY
    assert Enrolment.objects.get(pk=w.enrolment.pk).team == w.team


def test_changing_only_the_process_leader_in_a_full_team_is_allowed():
    w = programme_world(target=1)
    enrolment_reassign(enrolment=w.enrolment, team=w.team, process_leader=w.member, by=w.coordinator)
    assert Enrolment.objects.get(pk=w.enrolment.pk).process_leader == w.member
