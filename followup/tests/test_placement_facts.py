"""The per-placement facts rows (followup.models.PlacementFacts) as the services keep them.

The ORM shortcuts of tests/facts_sync.py are off here: only the services write the rows."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from followup import services
from followup.facts import facts_table, rebuild_placement_facts, refresh_placement_facts
from followup.models import PlacementFacts, SelfAssessment, Talk
from followup.selectors import JOINT_FOLLOWUPS_REQUIRED
from participants.services import placement_start
from participants.tests.factories import ConsentFactory, ParticipantFactory

pytestmark = [pytest.mark.django_db, pytest.mark.facts_by_services_only]


def _at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _talk(fu, placement, day, *, kind=Talk.Kind.FOLLOWUP_MEETING, joint=True, hour=10, minute=0):
    return services.talk_create(
        placement=placement,
        by=fu.supervisor,
        kind=kind,
        held_at=_at(day, hour, minute),
        supervisor_present=True,
        case_officer_present=joint,
    )


def test_a_started_placement_gets_its_empty_facts_row_in_the_same_transaction(fu):
    participant = ParticipantFactory(case_officer=fu.ams)
    ConsentFactory(participant=participant, partnership=fu.partnership, organisation=fu.partner)
    placement = placement_start(participant=participant, partnership=fu.partnership, start_date=fu.today)
    facts = PlacementFacts.objects.get(placement=placement)
    assert facts.first_joint_on is None and facts.last_talk_at is None


def test_the_first_two_joint_follow_ups_on_or_after_the_start_are_kept(fu):
    p = fu.placement(start=dt.date(2025, 3, 3))
    _talk(fu, p, dt.date(2025, 3, 2))  # before the start: not during the placement
    _talk(fu, p, dt.date(2025, 3, 20), joint=False)  # only the supervisor
    _talk(fu, p, dt.date(2025, 4, 1))
    _talk(fu, p, dt.date(2025, 5, 2))
    _talk(fu, p, dt.date(2025, 6, 2))
    facts = PlacementFacts.objects.get(placement=p)
    assert (facts.first_joint_on, facts.second_joint_on) == (dt.date(2025, 4, 1), dt.date(2025, 5, 2))
    assert facts.last_talk_at == _at(dt.date(2025, 6, 2))


def test_the_engine_needs_exactly_the_two_joint_dates_the_row_keeps():
    assert JOINT_FOLLOWUPS_REQUIRED == 2


def test_a_talk_at_a_quarter_to_midnight_counts_on_its_local_day(fu):
    p = fu.placement(start=dt.date(2025, 3, 3))
    _talk(fu, p, dt.date(2025, 3, 31), kind=Talk.Kind.START_MEETING, hour=23, minute=45)
    assert PlacementFacts.objects.get(placement=p).start_meeting_on == dt.date(2025, 3, 31)


def test_a_cancelled_talk_and_a_deleted_talk_no_longer_count(fu):
    p = fu.placement(start=dt.date(2025, 3, 3))
    exit_meeting = _talk(fu, p, dt.date(2025, 6, 30), kind=Talk.Kind.EXIT_MEETING)
    start_meeting = _talk(fu, p, dt.date(2025, 3, 3), kind=Talk.Kind.START_MEETING)
    services.talk_update(talk=exit_meeting, by=fu.supervisor, status=Talk.Status.PLANNED)
    services.talk_delete(talk=start_meeting, by=fu.supervisor)
    facts = PlacementFacts.objects.get(placement=p)
    assert (facts.start_meeting_on, facts.exit_meeting_on, facts.last_talk_at) == (None, None, None)
    assert not Talk.objects.filter(pk=start_meeting.pk).exists()


def test_only_the_participants_own_start_and_end_self_assessments_are_kept(fu):
    p = fu.placement(start=dt.date(2025, 3, 3))
    values = {i.pk: 5 for i in services.instrument_for(p.partnership).items.all()}
    for occasion, kind, day in [
        (SelfAssessment.Occasion.START, SelfAssessment.Kind.PARTICIPANT, dt.date(2025, 3, 4)),
        (SelfAssessment.Occasion.MID, SelfAssessment.Kind.PARTICIPANT, dt.date(2025, 4, 4)),
        (SelfAssessment.Occasion.END, SelfAssessment.Kind.CASE_OFFICER, dt.date(2025, 6, 4)),
    ]:
        services.self_assessment_save(
            placement=p, occasion=occasion, kind=kind, assessed_on=day, values=values, by=fu.ams
        )
    facts = PlacementFacts.objects.get(placement=p)
    assert (facts.start_assessed_on, facts.end_assessed_on) == (dt.date(2025, 3, 4), None)


def test_refresh_skips_a_study_visit_without_placement_and_an_empty_list(fu, django_assert_num_queries):
    with django_assert_num_queries(0):
        refresh_placement_facts([None])
        refresh_placement_facts([])


def test_the_command_rebuilds_every_row_in_batches(fu):
    placements = [fu.placement(start=dt.date(2025, 3, 3)) for _ in range(3)]
    _talk(fu, placements[1], dt.date(2025, 4, 1))
    incremental = facts_table()
    PlacementFacts.objects.all().delete()
    call_command("rebuild_placement_facts", "--batch-size", "2", verbosity=0)
    assert facts_table() == {**incremental, **{p.pk: (None,) * 7 for p in (placements[0], placements[2])}}
    assert rebuild_placement_facts() == 3
