"""The definitions the audit of the five indicators left open (docs/reporting.md, "Definitions")."""

import pytest

from followup.models import Talk
from participants.models import EndReason, Gender
from participants.tests.factories import PlacementFactory
from reporting.indicators import compute_indicators
from reporting.tests import scenario
from reporting.tests.scenario import D, talk

pytestmark = pytest.mark.django_db
Y2025 = {"start": D(2025, 1, 1), "end": D(2025, 12, 31)}


@pytest.fixture
def s(db):
    return scenario.build()


def test_a_person_placed_twice_is_judged_placement_by_placement(s):
    person = scenario.participant(90, year=1990, gender="kvinna")
    first = PlacementFactory(
        partnership=s.p, participant=person, start_date=D(2025, 2, 1), planned_end_date=D(2025, 3, 31)
    )
    first.end_date = D(2025, 3, 31)
    first.end_reason = EndReason.objects.get(code="completed_plan")
    first.save()
    second = PlacementFactory(
        partnership=s.p, participant=person, start_date=D(2025, 9, 1), planned_end_date=D(2025, 11, 30)
    )
    before = compute_indicators(partnership=s.p, **Y2025).indicator("joint_followups").value
    # One joint follow-up in each placement: two in all, but neither placement has two.
    talk(first, Talk.Kind.FOLLOWUP_MEETING, D(2025, 3, 1), case_officer=True)
    talk(second, Talk.Kind.FOLLOWUP_MEETING, D(2025, 10, 1), case_officer=True)
    assert compute_indicators(partnership=s.p, **Y2025).indicator("joint_followups").value == before
    # A second one in the same placement makes the person count, once.
    talk(second, Talk.Kind.FOLLOWUP_MEETING, D(2025, 11, 1), case_officer=True)
    assert compute_indicators(partnership=s.p, **Y2025).indicator("joint_followups").value == before + 1


def test_leaving_for_work_at_the_planned_end_counts_as_completed_by_its_end_reason(s):
    to_work = EndReason.objects.get(code="completed_plan_work")
    early_work = EndReason.objects.get(code="work")
    assert to_work.counts_as_completed_plan and to_work.outcome == "work"
    assert not early_work.counts_as_completed_plan
    before = compute_indicators(partnership=s.p, **Y2025)
    for n, reason in ((91, to_work), (92, early_work)):
        placement = PlacementFactory(
            partnership=s.p,
            participant=scenario.participant(n, year=1985, gender="man"),
            start_date=D(2025, 5, 1),
            planned_end_date=D(2025, 8, 31),
        )
        placement.end_date = D(2025, 8, 31) if reason == to_work else D(2025, 6, 15)
        placement.end_reason = reason
        placement.save()
    after = compute_indicators(partnership=s.p, **Y2025)
    assert after.indicator("completed_plan").value == before.indicator("completed_plan").value + 1
    assert after.outcomes["work"].total == before.outcomes["work"].total + 2


def test_annat_and_uppgift_saknas_are_separate_genders():
    assert Gender.OTHER != Gender.UNKNOWN
    assert str(Gender.OTHER.label) == "Annat"
    assert str(Gender.UNKNOWN.label) == "Uppgift saknas"


def test_a_blank_gender_is_imported_as_uppgift_saknas_not_annat():
    from participants.imports.reading import _choice

    assert _choice({"kon": ""}, "kon", Gender, Gender.UNKNOWN) == Gender.UNKNOWN
    assert _choice({"kon": "annat"}, "kon", Gender, Gender.UNKNOWN) == Gender.OTHER
