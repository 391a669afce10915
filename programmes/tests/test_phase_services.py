import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from participants.models import AccessLog
from programmes.models import Enrolment, EnrolmentPhase, Phase, PhaseTalk, Team, TeamMember
from programmes.services import phase_advance, phase_talk_add, phases_of
from programmes.tests.factories import START, enrol, programme_world
from tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db
LATER = START + dt.timedelta(days=30)


def _close(enrolment, by, on=LATER):
    return phase_talk_add(enrolment=enrolment, purpose=PhaseTalk.Purpose.CLOSES, held_on=on, by=by)


def test_moving_on_without_a_closing_talk_is_refused_with_a_message():
    w = programme_world()
    phase_talk_add(enrolment=w.enrolment, purpose=PhaseTalk.Purpose.OPENS, held_on=START, by=w.leader)
    with pytest.raises(ValidationError) as exc:
        phase_advance(enrolment=w.enrolment, on=LATER, by=w.leader)
    assert "uppföljningssamtal" in exc.value.messages[0]
    assert Enrolment.objects.get(pk=w.enrolment.pk).phase.position == 1
    assert not AccessLog.objects.filter(detail__endswith="nästa fas").exists()


def test_after_a_closing_talk_the_participant_moves_on_with_dated_history():
    w = programme_world()
    _close(w.enrolment, w.leader)
    phase_advance(enrolment=w.enrolment, on=LATER, by=w.leader)
    e = Enrolment.objects.get(pk=w.enrolment.pk)
    assert e.phase.position == 2
    assert list(
        EnrolmentPhase.objects.filter(enrolment=e)
        .order_by("start_date")
        .values_list("phase__position", "start_date", "end_date")
    ) == [(1, START, LATER), (2, LATER, None)]
    assert AccessLog.objects.filter(participant_ref=e.participant_id, detail__endswith="nästa fas").exists()


def test_the_closing_talk_of_one_phase_does_not_close_the_next():
    w = programme_world()
    _close(w.enrolment, w.leader)
    phase_advance(enrolment=w.enrolment, on=LATER, by=w.leader)
    with pytest.raises(ValidationError):
        phase_advance(enrolment=w.enrolment, on=LATER + dt.timedelta(days=1), by=w.leader)


def test_the_last_phase_has_no_next():
    w = programme_world()
    for step in range(2):
        day = LATER + dt.timedelta(days=step)
        _close(w.enrolment, w.leader, on=day)
        phase_advance(enrolment=w.enrolment, on=day, by=w.leader)
    _close(w.enrolment, w.leader, on=LATER + dt.timedelta(days=5))
    with pytest.raises(ValidationError) as exc:
        phase_advance(enrolment=w.enrolment, on=LATER + dt.timedelta(days=5), by=w.leader)
    assert "sista fas" in exc.value.messages[0]


def test_a_talk_before_the_phase_started_is_refused_at_the_date():
    w = programme_world()
    with pytest.raises(ValidationError) as exc:
        _close(w.enrolment, w.leader, on=START - dt.timedelta(days=1))
    assert "held_on" in exc.value.error_dict
    assert not PhaseTalk.objects.exists()


def test_a_programme_may_configure_its_own_phases():
    w = programme_world()
    programme = PartnershipFactory(title="Eget")
    Phase.objects.create(partnership=programme, position=1, name="Start")
    Phase.objects.create(partnership=programme, position=2, name="Slut")
    assert list(phases_of(programme).values_list("name", flat=True)) == ["Start", "Slut"]
    team = Team.objects.create(partnership=programme, name="T", caseload_target=5)
    TeamMember.objects.create(team=team, user=w.leader, profession=TeamMember.Profession.ARBETSFORMEDLARE)
    assert enrol(programme, team, w.leader).phase.name == "Start"
