"""Goal results: targets due by basis and judging mode, statuses, percent and gender targets, reported
figures in the one engine, deviations only for goals with a target, disclosure, query counts."""

import datetime as dt
from decimal import Decimal

import pytest

from iop.models import Goal, GoalMilestone
from reporting.deviations import deviations
from reporting.goal_results import goal_result, percent
from reporting.indicators import compute_indicators, compute_indicators_many
from reporting.reported_figures import ReportedFigure
from tests.factories import PartnershipFactory, PeriodFactory

D = dt.date
H1 = {"start": D(2025, 1, 1), "end": D(2025, 6, 30)}
YEAR = {"start": D(2025, 1, 1), "end": D(2025, 12, 31)}
Status = ReportedFigure.Status


def goal(**kw) -> dict:
    g = {
        "pk": 1,
        "title": "Mål",
        "indicator": "custom",
        "unit": "count",
        "unit_label": "",
        "quantity": "",
        "target_value": Decimal(72),
        "target_women": None,
        "target_men": None,
        "baseline": None,
        "target_basis": "year",
        "direction": "higher",
        "judging": "pro_rata",
    }
    g.update(kw)
    return g


def result(g, actual, period=H1, milestones=(), **kw):
    years = Decimal((period["end"] - period["start"]).days + 1) / Decimal(365)
    return goal_result(
        g,
        actual=actual,
        years=years,
        agreement=(D(2025, 1, 1), D(2025, 12, 31)),
        reporting_months=3,
        milestones=list(milestones),
        **period,
        **kw,
    )


def test_a_goal_without_a_target_is_not_judged_and_has_no_target_status():
    r = result(goal(target_value=None), 10)
    assert (r.status, r.target_due, r.fulfilment) == ("no_target", None, None)


def test_pro_rata_judges_against_the_share_of_the_year():
    assert result(goal(), 30).target_due == Decimal("35.7")
    assert result(goal(), 30).status == "behind"
    assert result(goal(), 36).status == "on_track"
    assert result(goal(), 40).status == "ahead"
    assert result(goal(), 36).fulfilment == Decimal("100.8")


def test_year_end_is_judged_only_when_the_period_ends_with_the_year():
    g = goal(judging="year_end")
    assert result(g, 1).status == "not_judged"
    assert result(g, 71, period=YEAR).status == "behind"
    assert result(g, 72, period=YEAR).status == "on_track"


def test_milestones_judge_against_the_latest_milestone_in_the_period():
    g = goal(judging="milestones")
    stones = [(D(2025, 3, 31), Decimal(10)), (D(2025, 6, 30), Decimal(40)), (D(2025, 12, 31), Decimal(72))]
    assert result(g, 35, milestones=stones).target_due == Decimal(40)
    assert result(g, 35, milestones=stones).status == "behind"
    assert result(g, 40, milestones=stones).status == "on_track"
    no_stone = {"start": D(2025, 7, 1), "end": D(2025, 7, 31)}
    assert result(g, 0, period=no_stone, milestones=stones).status == "not_judged"


def test_a_target_per_reporting_period_is_multiplied_by_the_periods():
    g = goal(target_basis="period", target_value=Decimal(250))
    assert result(g, 500).target_due == Decimal("495.9")  # 181/365 of a year = 1.98 quarters
    assert result(g, 500, period=YEAR).target_due == Decimal(1000)


def test_a_target_for_the_whole_agreement_is_shared_by_days():
    g = goal(target_basis="agreement", target_value=Decimal(365))
    assert result(g, 181).target_due == Decimal(181)


def test_lower_is_better_mirrors_the_judgement():
    g = goal(direction="lower", target_value=Decimal(10), unit="percent")
    assert result(g, 12).status == "behind"
    assert result(g, 10).status == "on_track"
    assert result(g, 8).status == "ahead"


def test_a_percent_goal_compares_the_percent_of_numerator_and_denominator_with_the_target():
    g = goal(unit="percent", target_value=Decimal(80))
    r = result(g, Decimal("75.0"), numerator=75, denominator=100)
    assert (r.target_due, r.status, r.numerator, r.denominator) == (Decimal(80), "behind", 75, 100)
    assert result(g, Decimal("80.0"), numerator=8, denominator=10).status == "on_track"


def test_targets_per_gender_are_judged_each():
    g = goal(
        target_value=Decimal(5600), target_women=Decimal(2800), target_men=Decimal(2800), target_basis="year"
    )
    r = result(g, 5600, period=YEAR, by_gender={"kvinna": 3000, "man": 2600, "annat": 0, "saknas": 0})
    assert r.gender_targets == {"kvinna": Decimal(2800), "man": Decimal(2800)}
    assert r.gender_status == {"kvinna": "on_track", "man": "behind"}


# --- Through the engine -----------------------------------------------------------------------


def figure(g, start, status, value=None, **kw):
    months = 3
    end = dt.date(
        start.year + (start.month + months - 1) // 12, (start.month + months - 1) % 12 + 1, 1
    ) - dt.timedelta(days=1)
    return ReportedFigure.objects.create(
        goal=g, period_start=start, period_end=end, status=status, value=value, created_by=kw.pop("by"), **kw
    )


@pytest.fixture
def beds(world):
    return Goal.objects.create(
        partnership=world.partnership,
        title="Bäddnätter",
        indicator="custom",
        quantity="bäddnätter",
        by_gender=True,
        target_value=Decimal(2000),
    )


@pytest.mark.django_db
def test_only_approved_figures_are_the_actual_and_submitted_ones_are_pending(world, beds):
    by = world.users["handledare"]
    figure(beds, D(2025, 1, 1), Status.APPROVED, 900, women=400, men=500, other=0, unknown=0, by=by)
    figure(beds, D(2025, 4, 1), Status.SUBMITTED, 700, by=by)
    figure(beds, D(2025, 7, 1), Status.DRAFT, 999, by=by)
    r = next(
        g for g in compute_indicators(partnership=world.partnership, **YEAR).goals if g.goal_id == beds.pk
    )
    assert (r.actual, r.pending) == (900, 700)
    assert r.by_gender == {"kvinna": 400, "man": 500, "annat": 0, "saknas": 0}
    assert r.status == "behind"


@pytest.mark.django_db
def test_a_superseded_version_does_not_count(world, beds):
    by = world.users["handledare"]
    figure(beds, D(2025, 1, 1), Status.SUPERSEDED, 900, by=by)
    figure(beds, D(2025, 1, 1), Status.APPROVED, 950, version=2, by=by)
    r = next(
        g for g in compute_indicators(partnership=world.partnership, **YEAR).goals if g.goal_id == beds.pk
    )
    assert r.actual == 950


@pytest.mark.django_db
def test_goals_without_a_target_give_no_deviation_and_one_behind_does(world, beds):
    Goal.objects.create(partnership=world.partnership, title="Samtal", indicator="custom")
    Goal.objects.create(partnership=world.partnership, title="Deltagare", indicator="intro_exit")
    by = world.users["handledare"]
    figure(beds, D(2025, 1, 1), Status.APPROVED, 100, by=by)
    ytd = compute_indicators(partnership=world.partnership, start=D(2025, 1, 1), end=D(2025, 6, 30))
    codes = [d.code for d in deviations(ytd, quarter=2)]
    assert f"goal_{beds.pk}" in codes
    assert not [c for c in codes if c.startswith("indicator_")]
    assert len([c for c in codes if c.startswith("goal_")]) == 1


@pytest.mark.django_db
def test_a_year_end_goal_gives_no_deviation_before_the_year_ends(world, beds):
    beds.judging = "year_end"
    beds.save()
    ytd = compute_indicators(partnership=world.partnership, start=D(2025, 1, 1), end=D(2025, 6, 30))
    assert not [d for d in deviations(ytd, quarter=2) if d.code.startswith("goal_")]


@pytest.mark.django_db
def test_reported_gender_splits_pass_disclosure_control(world, beds):
    by = world.users["handledare"]
    figure(beds, D(2025, 1, 1), Status.APPROVED, 20, women=18, men=2, other=0, unknown=0, by=by)
    data = compute_indicators(partnership=world.partnership, **YEAR).as_dict(protected=True)
    g = next(g for g in data["goals"] if g["goal_id"] == beds.pk)
    assert g["by_gender"]["man"] == "<3"
    assert g["by_gender"]["kvinna"] == ".."  # secondary suppression: the total would reveal it
    small = Goal.objects.create(partnership=world.partnership, title="Hämtningar", indicator="custom")
    figure(small, D(2025, 1, 1), Status.APPROVED, 2, by=by)
    data = compute_indicators(partnership=world.partnership, **YEAR).as_dict(protected=True)
    assert next(g for g in data["goals"] if g["goal_id"] == small.pk)["actual"] == "<3"


@pytest.mark.django_db
def test_a_computed_share_goal_has_numerator_and_denominator(world):
    g = Goal.objects.create(
        partnership=world.partnership,
        title="Arbete eller studier",
        indicator="outcome_share",
        outcome="work_or_studies",
        share_base="ended",
        unit="percent",
        target_value=Decimal(80),
    )
    res = compute_indicators(partnership=world.partnership, **YEAR)
    r = next(x for x in res.goals if x.goal_id == g.pk)
    work_or_studies = res.outcomes["work"].total + res.outcomes["studies"].total
    assert (r.numerator, r.denominator) == (work_or_studies, res.ended.total)
    assert r.actual == (percent(r.numerator, r.denominator) if r.denominator else None)


def _grow(world, n):
    by = world.users["handledare"]
    for _ in range(n):
        p = PartnershipFactory()
        PeriodFactory(partnership=p, start=D(2025, 1, 1), end=D(2025, 12, 31))
        for k in range(3):
            g = Goal.objects.create(partnership=p, title=f"Mål {k}", indicator="custom", target_value=10)
            GoalMilestone.objects.create(goal=g, due_on=D(2025, 6, 30), target_value=5)
            for q in (1, 4, 7, 10):
                figure(g, D(2025, q, 1), Status.APPROVED, 3, by=by)


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 6])
def test_the_engines_query_count_does_not_grow_with_goals_periods_and_partnerships(
    world, n, django_assert_num_queries
):
    _grow(world, n)
    from iop.models import Partnership

    partnerships = list(Partnership.objects.all())
    with django_assert_num_queries(15):
        out = compute_indicators_many(partnerships, **YEAR)
    assert sum(len(r.goals) for r in out.values()) >= 3 * n


@pytest.mark.django_db
def test_a_stock_such_as_a_queue_takes_the_latest_period_not_the_sum(world):
    queue = Goal.objects.create(
        partnership=world.partnership, title="Barn i kö", indicator="custom", aggregation="last"
    )
    by = world.users["handledare"]
    figure(queue, D(2025, 1, 1), Status.APPROVED, 6, by=by)
    figure(queue, D(2025, 4, 1), Status.APPROVED, 8, by=by)
    r = next(
        g for g in compute_indicators(partnership=world.partnership, **YEAR).goals if g.goal_id == queue.pk
    )
    assert r.actual == 8
