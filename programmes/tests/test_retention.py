"""Retention (gallring) and programmes: an enrolled participant is kept; when due, the programme's free
text about the person is redacted and its history removed, while dates and outcomes stay."""

import datetime as dt

import pytest
import time_machine

from participants.models import Participant
from participants.retention import REDACTED, run_retention
from programmes.models import EnrolmentExit, JointPlan, PhaseTalk, ProgrammeParty
from programmes.services import enrolment_end, joint_plan_revise, phase_talk_add
from programmes.tests.factories import programme_world
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
LATER = dt.datetime(2029, 6, 1, 12, tzinfo=dt.UTC)  # RETENTION_MONTHS=24 → cutoff 2027-06-01


@pytest.fixture
def w(settings):
    settings.RETENTION_MONTHS = 24
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC), tick=False):
        world = programme_world()
        ProgrammeParty.objects.create(
            partnership=world.programme, organisation=OrganisationFactory(), kind=ProgrammeParty.Kind.CITY
        )
        phase_talk_add(
            enrolment=world.enrolment,
            purpose=PhaseTalk.Purpose.OPENS,
            held_on=dt.date(2026, 1, 12),
            notes="Berättade om sin situation hemma.",
            by=world.leader,
        )
        joint_plan_revise(
            enrolment=world.enrolment,
            decided_on=dt.date(2026, 2, 1),
            parties=ProgrammeParty.objects.filter(partnership=world.programme),
            goal="Arbete inom lager",
            note="Personliga uppgifter om deltagaren.",
            by=world.leader,
        )
    return world


def _end(w, on):
    with time_machine.travel(dt.datetime(on.year, on.month, on.day, 12, tzinfo=dt.UTC), tick=False):
        for talk in (PhaseTalk.Purpose.CLOSES,):
            phase_talk_add(enrolment=w.enrolment, purpose=talk, held_on=on, notes="Avslut.", by=w.leader)
        enrolment_end(
            enrolment=w.enrolment,
            on=on,
            outcome=EnrolmentExit.Outcome.WORK,
            handover_note="Om personen.",
            by=w.leader,
        )


def test_a_participant_still_enrolled_is_never_anonymised(w):
    with time_machine.travel(LATER, tick=False):
        result = run_retention(command="test")
    assert w.enrolment.participant_id not in result.participant_ids
    assert Participant.objects.get(pk=w.enrolment.participant_id).anonymised_at is None


def test_an_enrolment_that_ended_after_the_cutoff_keeps_the_participant(w):
    _end(w, dt.date(2027, 7, 1))
    with time_machine.travel(LATER, tick=False):
        assert w.enrolment.participant_id not in run_retention(command="test").participant_ids


def test_when_due_the_programmes_free_text_is_redacted_and_its_history_removed(w):
    _end(w, dt.date(2026, 5, 4))
    with time_machine.travel(LATER, tick=False):
        assert w.enrolment.participant_id in run_retention(command="test").participant_ids
    talks = PhaseTalk.objects.filter(enrolment_phase__enrolment=w.enrolment)
    assert set(talks.values_list("notes", flat=True)) == {REDACTED}
    assert not PhaseTalk.history.filter(id__in=talks.values("pk")).exists()
    exit_row = EnrolmentExit.objects.get(enrolment=w.enrolment)
    assert (exit_row.handover_note, exit_row.outcome) == (REDACTED, EnrolmentExit.Outcome.WORK)
    assert not EnrolmentExit.history.filter(enrolment_id=w.enrolment.pk).exists()
    plan = JointPlan.objects.get(enrolment=w.enrolment)
    assert (plan.goal, plan.note, plan.decided_on) == (REDACTED, REDACTED, dt.date(2026, 2, 1))
    assert JointPlan.objects.count() == 1  # redacted, not deleted: the plan count stays the same
