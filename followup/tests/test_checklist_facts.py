"""The checklist reads the per-placement facts rows (PlacementFacts) instead of counting talks: on mixed
data it gives what the earlier subqueries over the talks gave."""

import datetime as dt
import random

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from followup import services
from followup.models import JOINT_Q, PlacementFacts, SelfAssessment, Talk
from followup.selectors import JOINT_FOLLOWUPS_REQUIRED, placement_checklists, with_checklist
from followup.tests.factories import TalkFactory, joint
from participants.models import Placement

KINDS = [
    Talk.Kind.START_MEETING,
    Talk.Kind.SUPERVISION_TALK,
    Talk.Kind.FOLLOWUP_MEETING,
    Talk.Kind.EXIT_MEETING,
    Talk.Kind.SUPPORT_TALK,
]


def _before(qs):
    """The checklist's annotations as they were computed before the facts rows: subqueries over talks."""

    def talk_exists(kind, status=Talk.Status.HELD):
        talks = Talk.objects.filter(placement=OuterRef("pk"), kind=kind)
        return Exists(talks.filter(status=status) if status else talks)

    def assessed(occasion):
        return Exists(
            SelfAssessment.objects.filter(placement=OuterRef("pk"), occasion=occasion, kind="participant")
        )

    joint_count = (
        Talk.objects.filter(JOINT_Q, placement=OuterRef("pk"))
        .order_by()
        .values("placement")
        .annotate(c=Count("pk"))
        .values("c")
    )
    return qs.annotate(
        fu_intro_held=talk_exists(Talk.Kind.START_MEETING),
        fu_joint_count=Coalesce(Subquery(joint_count, output_field=IntegerField()), Value(0)),
        fu_start_sa=assessed("start"),
        fu_end_sa=assessed("end"),
        fu_exit_held=talk_exists(Talk.Kind.EXIT_MEETING),
        fu_exit_booked=talk_exists(Talk.Kind.EXIT_MEETING, status=None),
    )


FIELDS = ("fu_intro_held", "fu_start_sa", "fu_end_sa", "fu_exit_held", "fu_exit_booked")


def _assess(fu, placement, occasion, kind):
    instrument = services.instrument_for(placement.partnership)
    services.self_assessment_save(
        placement=placement,
        occasion=occasion,
        kind=kind,
        assessed_on=placement.start_date + dt.timedelta(days=3),
        values={item.pk: 4 for item in instrument.items.all()},
        by=fu.supervisor,
    )


def _mixed_data(fu, rng: random.Random, placements: int = 16) -> None:
    for n in range(placements):
        p = fu.placement(start=dt.date(2025, 1, 13) + dt.timedelta(days=n))
        for _ in range(rng.randint(0, 7)):
            day = p.start_date + dt.timedelta(days=rng.randint(0, 110))
            TalkFactory(
                placement=p,
                kind=rng.choice(KINDS),
                status=rng.choice([Talk.Status.HELD, Talk.Status.HELD, Talk.Status.PLANNED]),
                held_at=timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(7, 17)))),
                supervisor_present=rng.random() < 0.7,
                case_officer_present=rng.random() < 0.6,
            )
        for _ in range(rng.choice([0, 0, 1, 2, 3])):  # joint follow-ups: none, one, two or more
            joint(p, p.start_date + dt.timedelta(days=rng.randint(0, 110)))
        for occasion in ("start", "end"):
            if rng.random() < 0.5:
                _assess(fu, p, occasion, rng.choice(["participant", "case_officer"]))


def test_the_checklist_from_the_facts_rows_equals_the_counts_over_the_talks_on_mixed_data(fu):
    _mixed_data(fu, random.Random(15))
    qs = Placement.objects.order_by("pk")
    before = {p.pk: p for p in _before(qs)}
    after = {p.pk: p for p in with_checklist(qs)}
    assert before.keys() == after.keys() and len(after) >= 16
    for pk, old in before.items():
        new = after[pk]
        assert [getattr(new, f) for f in FIELDS] == [getattr(old, f) for f in FIELDS], pk
        # The row keeps the first two joint follow-ups: the only threshold anyone compares against.
        assert new.fu_joint_count == min(old.fu_joint_count, JOINT_FOLLOWUPS_REQUIRED), pk
    # Every combination was seen: not a test of empty placements.
    assert {p.fu_joint_count for p in after.values()} == {0, 1, 2}
    assert {p.fu_intro_held for p in after.values()} == {True, False}
    assert {p.fu_start_sa for p in after.values()} == {p.fu_end_sa for p in after.values()} == {True, False}


def test_a_joint_followup_held_before_the_placement_started_does_not_count_as_in_the_indicator(fu):
    p = fu.placement(start=dt.date(2025, 3, 3))
    joint(p, dt.date(2025, 2, 20))
    joint(p, dt.date(2025, 3, 10))
    (checklist,) = placement_checklists(Placement.objects.filter(pk=p.pk))
    assert checklist.joint_followups == 1


def test_a_placement_without_a_facts_row_has_an_empty_checklist(fu):
    p = fu.placement()
    PlacementFacts.objects.filter(placement=p).delete()
    (checklist,) = placement_checklists(Placement.objects.filter(pk=p.pk))
    assert checklist.joint_followups == 0
    assert not any(item.done for item in checklist.items)
