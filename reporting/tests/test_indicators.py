"""The indicator engine on hand-built data with known answers (see scenario.py)."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from followup.models import Talk
from followup.selectors import progression_distribution
from participants.tests.factories import PlacementFactory
from reporting.indicators import age_band, compute_indicators, compute_indicators_many, period_partnerships
from reporting.tests import scenario
from reporting.tests.scenario import D

Y2025 = {"start": D(2025, 1, 1), "end": D(2025, 12, 31)}


@pytest.fixture
def s(db):
    return scenario.build()


def test_the_five_indicators_count_distinct_participants_as_the_agreement_defines_them(s):
    r = compute_indicators(partnership=s.p, **Y2025)
    values = {i.code: i.value for i in r.indicators}
    assert values == {
        "trained": 4,  # A, B, C, D
        "joint_followups": 2,  # A (2 joint) and C (2 joint during the placement, across the year end)
        "self_assessment": 1,  # A
        "intro_exit": 2,  # A and C
        "completed_plan": 1,  # A
    }


def test_a_follow_up_talk_with_only_the_supervisor_present_does_not_count_towards_indicator_2(s):
    r = compute_indicators(partnership=s.p, **Y2025)
    assert r.indicator("joint_followups").value == 2
    # B has one joint follow-up and one talk with only the supervisor: adding the case officer to it
    # makes B count.
    Talk.objects.filter(placement=s.pb, kind=Talk.Kind.SUPERVISION_TALK).update(case_officer_present=True)
    assert compute_indicators(partnership=s.p, **Y2025).indicator("joint_followups").value == 3


def test_a_planned_exit_meeting_does_not_count_as_an_exit_talk(s):
    r = compute_indicators(partnership=s.p, **Y2025)
    assert r.indicator("intro_exit").breakdown.gender == {"kvinna": 2, "man": 0, "annat": 0, "saknas": 0}


def test_indicators_are_compared_with_the_goals_targets_and_their_pro_rata_share(s):
    r = compute_indicators(partnership=s.p, **Y2025)
    trained = r.indicator("trained")
    assert trained.target == Decimal("72")
    assert trained.target_pro_rata == Decimal("72.0")
    q2 = compute_indicators(partnership=s.p, start=D(2025, 4, 1), end=D(2025, 6, 30))
    assert q2.indicator("trained").target_pro_rata == Decimal("18.0")  # 72 × 91/365 = 17.95


def test_a_placement_spanning_two_years_is_active_in_both_but_started_only_in_the_first(s):
    r2024 = compute_indicators(partnership=s.p, start=D(2024, 1, 1), end=D(2024, 12, 31))
    r2025 = compute_indicators(partnership=s.p, **Y2025)
    assert r2024.active.total == 1 and r2024.started.total == 1  # C
    assert r2025.active.total == 4  # A, B, C, D
    assert r2025.started.total == 3  # A, B, D — not C
    assert r2025.ended.total == 3  # A, B, C
    r2026 = compute_indicators(partnership=s.p, start=D(2026, 1, 1), end=D(2026, 12, 31))
    assert r2026.active.total == 2 and r2026.started.total == 1  # D continues, E starts


def test_participants_are_broken_down_by_gender_age_band_education_and_support(s):
    r = compute_indicators(partnership=s.p, **Y2025)
    assert r.active.gender == {"kvinna": 2, "man": 2, "annat": 0, "saknas": 0}
    assert r.active.age_band == {"15–24": 1, "25–54": 1, "55–64": 1, "65+": 1}
    assert r.active.education == {"forgymnasial": 1, "gymnasial": 1, "eftergymnasial": 1, "okand": 1}
    assert r.active.support["sjukpenning"] == 1 and r.active.support["annan"] == 1
    assert r.started.age_band == {"15–24": 1, "25–54": 1, "55–64": 0, "65+": 1}
    assert r.indicator("completed_plan").breakdown.age_band["25–54"] == 1


@pytest.mark.parametrize(
    ("age", "band"), [(15, "15–24"), (24, "15–24"), (25, "25–54"), (54, "25–54"), (55, "55–64"), (65, "65+")]
)
def test_age_bands_follow_the_esf_bands(age, band):
    assert age_band(age) == band


def test_yearly_started_is_compared_with_places_per_year(s):
    r = compute_indicators(partnership=s.p, **Y2025)
    assert [(y.year, y.started, y.target) for y in r.yearly] == [(2025, 3, 72)]


def test_end_reasons_outcomes_lengths_extensions_and_pauses(s):
    r = compute_indicators(partnership=s.p, **Y2025)
    assert {e.code: e.count for e in r.end_reasons} == {
        "completed_plan": 1,
        "work": 1,
        "interrupted_health": 1,
    }
    assert {k: v.total for k, v in r.outcomes.items()} == {
        "work": 1,
        "studies": 0,
        "other_measure": 0,
        "completed": 1,
        "interrupted": 1,
    }
    # A 2025-02-01..05-31 = 120 days, B 03-01..06-30 = 122, C 2024-11-01..2025-02-28 = 120.
    assert r.placements.ended == 3
    assert r.placements.median_days == Decimal("120.0")
    assert r.placements.average_days == Decimal("120.7")
    assert (r.placements.extensions, r.placements.placements_extended) == (1, 1)
    assert (r.placements.pauses, r.placements.placements_paused) == (1, 1)


def test_occupancy_counts_places_used_per_day_against_the_limit(s):
    r = compute_indicators(partnership=s.p, **Y2025)
    occ = r.occupancy
    assert occ.limit == 24 and occ.days == 365 and len(occ.series) == 365
    assert occ.series[0] == 1  # 2025-01-01: C
    assert occ.series[(D(2025, 2, 1) - D(2025, 1, 1)).days] == 2  # A and C
    assert occ.series[(D(2025, 3, 1) - D(2025, 1, 1)).days] == 2  # A and B (C ended 02-28)
    assert occ.series[-1] == 1  # D
    assert occ.peak == 2 and occ.peak_day == D(2025, 2, 1)
    assert occ.days_full == 0
    # Day by day: every day counted independently agrees with the sweep.
    placements = [s.pa, s.pb, s.pc, s.pd]
    for i, value in enumerate(occ.series):
        day = D(2025, 1, 1) + dt.timedelta(days=i)
        assert value == sum(1 for p in placements if p.start_date <= day <= p.occupied_until)


def test_paused_days_free_the_place_when_the_partnership_says_so(s):
    s.p.paused_keeps_place = False
    s.p.save()
    r = compute_indicators(partnership=s.p, **Y2025)
    assert r.occupancy.series[(D(2025, 4, 5) - D(2025, 1, 1)).days] == 1  # B paused: only A


def test_progression_agrees_with_the_followup_distribution(s):
    r = compute_indicators(partnership=s.p, **Y2025)
    expected = progression_distribution(s.p, D(2025, 1, 1), D(2025, 12, 31))
    assert r.progression_placements == expected["placements"] == 1
    for item in r.progression:
        e = expected["items"][item.code]
        assert (item.n, item.improved, item.unchanged, item.worsened) == (
            e["n"],
            e["improved"],
            e["unchanged"],
            e["worsened"],
        )
    by_code = {i.code: i for i in r.progression}
    assert by_code["believes_job"].improved == 1 and by_code["believes_job"].mean_change == Decimal("3.00")
    assert by_code["cooperates"].unchanged == 1


def test_talks_are_counted_per_kind_in_the_period(s):
    r = compute_indicators(partnership=s.p, **Y2025)
    talks = {t.kind: t.count for t in r.talks}
    assert talks["start_meeting"] == 3  # A, B, D (C's was in 2024)
    assert talks["followup_meeting"] == 4
    assert talks["supervision_talk"] == 1
    assert talks["exit_meeting"] == 2  # the planned one is not held
    assert next(t for t in r.talks if t.kind == "followup_meeting").per_placement == Decimal("1.0")


def test_steering_meetings_held_are_compared_with_four_a_year(s):
    r = compute_indicators(partnership=s.p, **Y2025)
    assert r.steering.held == 2
    assert r.steering.required == Decimal("4.0")
    h1 = compute_indicators(partnership=s.p, start=D(2025, 1, 1), end=D(2025, 6, 30))
    assert h1.steering.held == 1 and h1.steering.required == Decimal("2.0")


def test_economy_shows_the_budget_per_category_and_flags_missing_invoicing(s):
    r = compute_indicators(partnership=s.p, **Y2025)
    assert r.economy.budget_total == Decimal("1926637.00")
    assert r.as_dict()["economy"]["budget_total"] == "1926637.00"
    assert {c.category: c.budget for c in r.economy.categories}["work_clothes"] == Decimal("175392.00")
    assert r.economy.in_kind[0]["description"] == "Lokaler"
    assert r.economy.invoicing_available  # the invoicing app is installed


def test_outcomes_three_and_six_months_after_exit(s):
    r = compute_indicators(partnership=s.p, **Y2025)
    three = r.exit_followups[0]
    assert three.months_after == 3 and three.total == 2 and three.work == 1
    assert three.situations["studies"] == 1
    assert three.by_gender == {"kvinna": 1, "man": 0, "annat": 0, "saknas": 0}
    assert r.exit_followups[1].total == 0


def test_all_partnerships_together_include_the_other_partnership(s):
    r = compute_indicators(partnership=None, **Y2025)
    assert r.partnership is None
    assert r.active.total == 5  # A, B, C, D in P and F in Q
    assert r.occupancy.limit == 34
    assert r.yearly[0].target == 102
    assert r.economy.budget_total == Decimal("1926637.00")
    assert r.indicator("trained").target == Decimal("72")  # Q has no goals
    r2023 = compute_indicators(partnership=None, start=D(2023, 1, 1), end=D(2023, 12, 31))
    assert r2023.indicator("trained").target is None  # no partnership in 2023


def test_protected_output_never_shows_a_count_of_one_or_two(s):
    data = compute_indicators(partnership=s.p, **Y2025).as_dict(protected=True)

    def counts(node, path=""):
        if isinstance(node, dict):
            for k, v in node.items():
                yield from counts(v, f"{path}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                yield from counts(v, f"{path}.{i}")
        elif isinstance(node, int) and not isinstance(node, bool):
            yield path, node

    person_counts = [
        (p, v)
        for p, v in counts(data)
        if not any(
            x in p
            for x in (
                ".id",
                "goal_id",
                ".days",
                ".year",
                ".target",
                ".limit",
                ".months_after",
                "partnerships",
                "steering",
            )
        )
    ]
    assert person_counts, "the walk found counts"
    assert not [(p, v) for p, v in person_counts if v in (1, 2)]
    assert data["indicators"][0]["value"] == 4
    assert data["indicators"][1]["value"] == "<3"


def test_the_result_is_json_serialisable(s):
    data = compute_indicators(partnership=s.p, **Y2025).as_dict()
    assert json.loads(json.dumps(data))["started"]["total"] == 3


def _many(s, n: int) -> None:
    for i in range(n):
        PlacementFactory(
            partnership=s.p,
            start_date=D(2025, 1, 1) + dt.timedelta(days=i % 300),
            planned_end_date=D(2025, 12, 31),
        )


@pytest.mark.parametrize("extra", [0, 40])
def test_the_number_of_queries_does_not_grow_with_the_number_of_participants(
    s, extra, django_assert_num_queries
):
    _many(s, extra)
    # placements, pauses, extensions, goals (+ milestones, agreement periods, reported figures),
    # progression, talks, meetings, budget, in-kind, invoice lines, overdue invoices, follow-ups
    with django_assert_num_queries(15):
        compute_indicators(partnership=s.p, **Y2025)
    with django_assert_num_queries(16):  # + the partnerships in the period (limits, targets)
        compute_indicators(partnership=None, **Y2025)


def test_talks_count_by_their_local_date_at_the_edges_of_the_period(s):
    from django.utils import timezone

    def local(*args):
        return timezone.make_aware(dt.datetime(*args))

    before = {t.kind: t.count for t in compute_indicators(partnership=s.p, **Y2025).talks}
    for held_at in (local(2025, 12, 31, 23, 45), local(2026, 1, 1, 0, 15)):
        Talk.objects.create(
            placement=s.pd, kind=Talk.Kind.SUPERVISION_TALK, status=Talk.Status.HELD, held_at=held_at
        )
    after = {t.kind: t.count for t in compute_indicators(partnership=s.p, **Y2025).talks}
    # 00:15 on 1 January 2026 in Malmö is still 2025 in UTC: it belongs to 2026.
    assert after["supervision_talk"] == before["supervision_talk"] + 1
    y2026 = compute_indicators(partnership=s.p, start=D(2026, 1, 1), end=D(2026, 12, 31))
    assert {t.kind: t.count for t in y2026.talks}["supervision_talk"] == 1


def test_an_exit_talk_held_late_on_the_last_day_counts_for_indicator_4(s):
    from django.utils import timezone

    Talk.objects.create(
        placement=s.pb,
        kind=Talk.Kind.EXIT_MEETING,
        status=Talk.Status.HELD,
        held_at=timezone.make_aware(dt.datetime(2025, 6, 30, 23, 50)),
    )
    q2 = {"start": D(2025, 4, 1), "end": D(2025, 6, 30)}
    assert compute_indicators(partnership=s.p, **q2).indicator("intro_exit").value == 2  # A and B
    q1 = {"start": D(2025, 1, 1), "end": D(2025, 3, 31)}
    Talk.objects.filter(placement=s.pb, kind=Talk.Kind.EXIT_MEETING, status=Talk.Status.HELD).update(
        held_at=timezone.make_aware(dt.datetime(2025, 4, 1, 0, 10))
    )
    assert compute_indicators(partnership=s.p, **q1).indicator("intro_exit").value == 1  # C only


PERIODS = [
    Y2025,
    {"start": D(2025, 4, 1), "end": D(2025, 6, 30)},
    {"start": D(2024, 7, 1), "end": D(2026, 6, 30)},
]


@pytest.mark.parametrize("period", PERIODS, ids=["year", "quarter", "two-years"])
def test_many_partnerships_at_once_give_each_partnership_exactly_its_own_result(s, period):
    empty = scenario.extra_partnership(10, placements=False)
    others = [scenario.extra_partnership(n) for n in (11, 12)]
    partnerships = [s.p, s.q, empty, *others]
    many = compute_indicators_many(partnerships, **period)
    assert set(many) == {p.pk for p in partnerships}
    for p in partnerships:
        assert many[p.pk].as_dict() == compute_indicators(partnership=p, **period).as_dict(), p.case_number
    assert many[empty.pk].active.total == 0 and many[empty.pk].economy.budget_total == Decimal("10000.00")
    with_total = compute_indicators_many(partnerships, with_total=True, **period)
    assert with_total[None].as_dict() == compute_indicators(partnership=None, **period).as_dict()
    assert {k: r.as_dict() for k, r in with_total.items() if k is not None} == {
        k: r.as_dict() for k, r in many.items()
    }


def test_the_total_of_many_adds_up_the_partnerships_additive_figures(s):
    others = [scenario.extra_partnership(n) for n in (11, 12)]
    partnerships = period_partnerships(**Y2025)
    assert {p.pk for p in partnerships} == {s.p.pk, s.q.pk, *(p.pk for p in others)}
    results = compute_indicators_many(partnerships, with_total=True, **Y2025)
    parts, total = [results[p.pk] for p in partnerships], results[None]
    assert total.active.total == sum(r.active.total for r in parts) == 7  # nobody in two partnerships
    assert total.economy.budget_total == sum((r.economy.budget_total for r in parts), Decimal(0))
    assert [t.count for t in total.talks] == [
        sum(r.talks[i].count for r in parts) for i in range(len(total.talks))
    ]
    assert total.steering.held == sum(r.steering.held for r in parts) == 4
    assert total.placements.pauses == 3 and total.placements.extensions == 3
    assert total.progression_placements == 3  # A and the two others
    assert total.exit_followups[0].total == 4
    assert total.indicator("trained").target == Decimal(72 + 11 + 12)


def test_many_partnerships_take_the_same_number_of_queries_as_one(s, django_assert_num_queries):
    with django_assert_num_queries(15):
        compute_indicators_many([s.p], **Y2025)
    partnerships = [s.p, s.q, *(scenario.extra_partnership(n) for n in (10, 11, 12))]
    with django_assert_num_queries(15):
        compute_indicators_many(partnerships, **Y2025)
    with django_assert_num_queries(16):  # + the partnerships in the period (limits, targets of the total)
        compute_indicators_many(partnerships, with_total=True, **Y2025)


def test_many_partnerships_reject_a_period_that_ends_before_it_starts(s):
    with pytest.raises(ValueError):
        compute_indicators_many([s.p], start=D(2025, 2, 1), end=D(2025, 1, 31))


def test_the_command_prints_the_engines_figures_as_json(s, capsys):
    call_command(
        "indicators", "--partnership", "ASN-2024-0777", "--from", "2025-01-01", "--to", "2025-12-31", "--raw"
    )
    out = json.loads(capsys.readouterr().out)
    assert out == json.loads(json.dumps(compute_indicators(partnership=s.p, **Y2025).as_dict()))


def test_the_command_is_disclosure_controlled_by_default(s, capsys):
    call_command("indicators", "--partnership", "ASN-2024-0777", "--from", "2025-01-01", "--to", "2025-12-31")
    out = json.loads(capsys.readouterr().out)
    assert out["protected"] is True
    assert out == compute_indicators(partnership=s.p, **Y2025).as_dict(protected=True)


def test_the_command_prints_csv(s, capsys):
    call_command("indicators", "--from", "2025-01-01", "--to", "2025-12-31", "--format", "csv", "--raw")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "key,value"
    assert "active.total,5" in lines
    assert "indicators.0.code,trained" in lines


@pytest.mark.parametrize(
    "args",
    [
        ["--from", "2025-13-01", "--to", "2025-12-31"],
        ["--from", "2025-12-31", "--to", "2025-01-01"],
        ["--partnership", "ASN-2099-0001", "--from", "2025-01-01", "--to", "2025-12-31"],
    ],
)
def test_the_command_rejects_bad_input(db, args):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("indicators", *args)
