import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from followup import services
from followup.models import Talk
from followup.selectors import (
    placement_checklist,
    placement_checklists,
    placement_progression,
    progression_distribution,
)
from followup.tests.factories import TalkFactory, joint
from participants.models import Placement
from participants.tests.factories import end_reason


def _assess(fu, placement, occasion, values, kind="participant", day=None):
    instrument = services.instrument_for(placement.partnership)
    items = list(instrument.items.all())
    return services.self_assessment_save(
        placement=placement,
        occasion=occasion,
        kind=kind,
        assessed_on=day or dt.date(2025, 5, 1),
        values={item.pk: v for item, v in zip(items, values, strict=True)},
        by=fu.supervisor,
    )


def _done(checklist):
    return {i.key: i.done for i in checklist.items}


def test_an_empty_placement_misses_everything_but_completion_is_not_decided(fu):
    checklist = placement_checklist(fu.placement())
    assert _done(checklist) == {
        "intro": False,
        "joint": False,
        "self_assessment": False,
        "exit": False,
        "completed": None,
    }
    assert checklist.due == checklist.placement.planned_end_date


def test_a_complete_placement_ticks_all_five_indicators(fu):
    p = fu.placement(
        start=dt.date(2025, 1, 13), end_date=dt.date(2025, 5, 13), end_reason=end_reason("completed_plan")
    )
    TalkFactory(placement=p, kind=Talk.Kind.START_MEETING, case_officer_present=True)
    joint(p, dt.date(2025, 2, 13))
    joint(p, dt.date(2025, 4, 1))
    _assess(fu, p, "start", [3] * 7)
    _assess(fu, p, "end", [5] * 7)
    TalkFactory(placement=p, kind=Talk.Kind.EXIT_MEETING, case_officer_present=True)
    checklist = placement_checklist(p)
    assert all(_done(checklist).values())
    assert checklist.joint_followups == 2
    assert checklist.missing == []


def test_one_joint_followup_and_a_booked_exit_meeting_are_not_enough(fu):
    p = fu.placement(
        start=dt.date(2025, 1, 13), end_date=dt.date(2025, 5, 13), end_reason=end_reason("interrupted_other")
    )
    joint(p, dt.date(2025, 2, 13))
    TalkFactory(placement=p, kind=Talk.Kind.EXIT_MEETING, status="planned")
    checklist = placement_checklist(p)
    assert _done(checklist)["joint"] is False
    assert _done(checklist)["exit"] is False
    assert _done(checklist)["completed"] is False
    assert checklist.exit_booked


def test_bulk_checklists_use_one_query_for_few_and_many_placements(fu):
    def count(n):
        for _ in range(n):
            p = fu.placement()
            joint(p, fu.today)
            TalkFactory(placement=p, kind=Talk.Kind.START_MEETING)
        qs = Placement.objects.select_related("participant").order_by("pk")
        with CaptureQueriesContext(connection) as ctx:
            result = placement_checklists(qs)
        return len(ctx.captured_queries), len(result)

    assert count(1) == (1, 1)
    queries, rows = count(12)
    assert (queries, rows) == (1, 13)


def test_progression_compares_start_and_end_per_item(fu):
    p = fu.placement()
    _assess(fu, p, "start", [2, 3, 4, 5, 6, 7, 8])
    _assess(fu, p, "end", [5, 3, 2, 5, 9, 7, 10])
    _assess(fu, p, "start", [4] * 7, kind="case_officer")
    rows = placement_progression(p).rows
    assert [r.change for r in rows] == [3, 0, -2, 0, 3, 0, 2]
    assert rows[0].officer_start == 4 and rows[0].officer_end is None


def test_distribution_counts_improved_unchanged_and_worsened_per_item_by_hand(fu):
    # Three participants with start and end in the period, one outside, one without an end.
    a, b, c, outside, no_end = (fu.placement() for _ in range(5))
    _assess(fu, a, "start", [2, 2, 2, 2, 2, 2, 2])
    _assess(fu, a, "end", [5, 2, 1, 2, 2, 2, 2], day=dt.date(2025, 6, 1))
    _assess(fu, b, "start", [4, 4, 4, 4, 4, 4, 4])
    _assess(fu, b, "end", [6, 5, 4, 4, 4, 4, 4], day=dt.date(2025, 6, 2))
    _assess(fu, c, "start", [7, 7, 7, 7, 7, 7, 7])
    _assess(fu, c, "end", [6, 7, 9, 7, 7, 7, 7], day=dt.date(2025, 6, 3))
    _assess(fu, outside, "start", [1] * 7)
    _assess(fu, outside, "end", [9] * 7, day=dt.date(2024, 12, 31))
    _assess(fu, no_end, "start", [1] * 7)
    result = progression_distribution(fu.partnership, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert result["placements"] == 3
    believes = result["items"]["believes_job"]
    # a: +3, b: +2, c: −1
    assert (believes["improved"], believes["unchanged"], believes["worsened"], believes["n"]) == (2, 0, 1, 3)
    assert believes["mean_change"] == round(4 / 3, 2)
    # acts_purposefully: a 0, b +1, c 0
    acts = result["items"]["acts_purposefully"]
    assert (acts["improved"], acts["unchanged"], acts["worsened"]) == (1, 2, 0)
    # realistic_skills: a −1, b 0, c +2
    skills = result["items"]["realistic_skills"]
    assert (skills["improved"], skills["unchanged"], skills["worsened"]) == (1, 1, 1)
    assert result["items"]["work_ability"] == {
        "wording": "Min egen bedömning av min arbetsförmåga.",
        "order": 6,
        "n": 3,
        "improved": 0,
        "unchanged": 3,
        "worsened": 0,
        "mean_change": 0.0,
    }


def test_distribution_ignores_the_case_officers_assessment(fu):
    p = fu.placement()
    _assess(fu, p, "start", [5] * 7, kind="case_officer")
    _assess(fu, p, "end", [9] * 7, kind="case_officer", day=dt.date(2025, 6, 1))
    assert (
        progression_distribution(fu.partnership, dt.date(2025, 1, 1), dt.date(2025, 12, 31))["placements"]
        == 0
    )
