"""The programmes' daily reminders: opening talks of phases and activities, and the joint plan."""

import datetime as dt

import pytest

from followup.reminders import registered_rules
from iop.models import Notification
from programmes.models import Activity, PhaseTalk, ProgrammeParty
from programmes.reminders import KIND, PLAN_DUE_DAYS, TALK_GRACE_DAYS, remind_programme_talks_and_plans
from programmes.services import joint_plan_revise, participation_start, phase_talk_add
from programmes.tests.factories import START, programme_world
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return programme_world()


def _open(user):
    return list(
        Notification.objects.filter(user=user, kind=KIND, done_at__isnull=True).order_by("dedupe_key")
    )


def test_the_rule_is_one_of_the_daily_rules():
    assert "remind_programme_talks_and_plans" in registered_rules()


def test_a_phase_without_its_opening_talk_reminds_the_process_leader_after_the_grace_days(w):
    day_before = START + dt.timedelta(days=TALK_GRACE_DAYS - 1)
    assert remind_programme_talks_and_plans(today=day_before) == 0
    # Both programmes' enrolments (programme_world enrols one in each) are reminded, each to its own leader.
    assert remind_programme_talks_and_plans(today=day_before + dt.timedelta(days=1)) == 2
    assert len(_open(w.other_leader)) == 1
    [reminder] = _open(w.leader)
    pseudonym = w.enrolment.participant.pseudonym
    assert reminder.message.startswith(pseudonym) and "inledande uppföljningssamtal" in reminder.message
    assert w.enrolment.participant.last_name not in reminder.message
    assert reminder.url == f"/program/inskrivning/{w.enrolment.pk}/"
    # Running again creates nothing new; the talk closes the reminder.
    assert remind_programme_talks_and_plans(today=day_before + dt.timedelta(days=2)) == 0
    phase_talk_add(
        enrolment=w.enrolment, purpose=PhaseTalk.Purpose.OPENS, held_on=START, notes="", by=w.leader
    )
    remind_programme_talks_and_plans(today=day_before + dt.timedelta(days=3))
    assert _open(w.leader) == []
    assert _open(w.member) == []  # the process leader only


def test_an_activity_without_its_opening_talk_and_a_missing_plan_are_reminded(w):
    phase_talk_add(
        enrolment=w.enrolment, purpose=PhaseTalk.Purpose.OPENS, held_on=START, notes="", by=w.leader
    )
    activity = Activity.objects.create(partnership=w.programme, name="Matchning mot arbete", kind="matching")
    participation_start(enrolment=w.enrolment, activity=activity, start_date=START, by=w.leader)
    today = START + dt.timedelta(days=PLAN_DUE_DAYS)
    remind_programme_talks_and_plans(today=today)
    messages = [n.message for n in _open(w.leader)]
    assert len(messages) == 2
    assert any("Matchning mot arbete" in m for m in messages)
    assert any("gemensam samordnad planering" in m for m in messages)
    ProgrammeParty.objects.create(
        partnership=w.programme, organisation=OrganisationFactory(), kind=ProgrammeParty.Kind.CITY
    )
    joint_plan_revise(
        enrolment=w.enrolment,
        decided_on=START,
        parties=ProgrammeParty.objects.filter(partnership=w.programme),
        goal="Arbete",
        by=w.leader,
    )
    remind_programme_talks_and_plans(today=today)
    assert [n.message for n in _open(w.leader)] == [m for m in messages if "Matchning" in m]
