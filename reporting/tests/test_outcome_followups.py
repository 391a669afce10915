"""Outcome goals with a follow-up parameter: "within N days of exit" and "still there at the 3/6-month
follow-up" (docs/reporting.md, "Goals and results"), on the hand-built scenario:
A ended 2025-05-31 (completed plan, no outcome at exit), in work at the 3-month follow-up 2025-08-31
(92 days later); B ended 2025-06-30 for work, in studies at the 3-month follow-up 2025-09-30."""

import pytest
from django.core.exceptions import ValidationError

from iop.models import Goal
from reporting.indicators import compute_indicators
from reporting.tests import scenario
from reporting.tests.scenario import D

pytestmark = pytest.mark.django_db
Y2025 = {"start": D(2025, 1, 1), "end": D(2025, 12, 31)}


@pytest.fixture
def s(db):
    return scenario.build()


def result_of(s, **kw):
    g = Goal.objects.create(partnership=s.p, title="Utfall", indicator="outcome", **kw)
    return next(r for r in compute_indicators(partnership=s.p, **Y2025).goals if r.goal_id == g.pk)


def test_within_n_days_counts_the_exit_outcome_and_a_follow_up_inside_the_window(s):
    # B left for work; A reached work at the follow-up 92 days after the exit.
    assert result_of(s, outcome="work", within_days=92).actual == 2


def test_within_n_days_leaves_out_a_follow_up_after_the_window(s):
    assert result_of(s, outcome="work", within_days=60).actual == 1  # only B


def test_without_a_parameter_only_the_exit_outcome_counts(s):
    assert result_of(s, outcome="work").actual == 1


def test_still_at_the_follow_up_needs_the_outcome_both_at_exit_and_at_the_follow_up(s):
    # B left for work but studies at 3 months: not still in work; still in work or studies.
    assert result_of(s, outcome="work", followup_months=3).actual == 0
    assert result_of(s, outcome="work_or_studies", followup_months=3).actual == 1
    assert result_of(s, outcome="work_or_studies", followup_months=6).actual == 0


def test_the_follow_up_must_be_dated_in_the_period(s):
    g = Goal.objects.create(
        partnership=s.p, title="Kvar", indicator="outcome", outcome="work_or_studies", followup_months=3
    )
    goals = compute_indicators(partnership=s.p, start=D(2025, 1, 1), end=D(2025, 6, 30)).goals
    assert next(r for r in goals if r.goal_id == g.pk).actual == 0


def test_a_share_goal_counts_the_followed_up_outcome_of_its_base(s):
    g = Goal.objects.create(
        partnership=s.p,
        title="Andel",
        indicator="outcome_share",
        outcome="work",
        share_base="ended",
        unit="percent",
        within_days=92,
    )
    res = compute_indicators(partnership=s.p, **Y2025)
    r = next(x for x in res.goals if x.goal_id == g.pk)
    assert (r.numerator, r.denominator) == (2, res.ended.total)


@pytest.mark.parametrize(
    "kw, field",
    [
        ({"indicator": "custom", "within_days": 90}, "within_days"),
        ({"indicator": "outcome", "outcome": "completed", "followup_months": 3}, "outcome"),
        (
            {"indicator": "outcome", "outcome": "work", "within_days": 90, "followup_months": 3},
            "followup_months",
        ),
    ],
)
def test_a_follow_up_parameter_only_fits_an_outcome_a_follow_up_records(s, kw, field):
    with pytest.raises(ValidationError) as e:
        Goal(partnership=s.p, title="Fel", **kw).full_clean()
    assert field in e.value.message_dict


def test_follow_up_goals_add_one_query_whatever_their_number(s):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            compute_indicators(partnership=s.p, **Y2025)
        return len(ctx.captured_queries)

    before = queries()
    Goal.objects.create(partnership=s.p, title="1", indicator="outcome", outcome="work", within_days=90)
    one = queries()
    for n in range(4):
        Goal.objects.create(
            partnership=s.p, title=f"x{n}", indicator="outcome", outcome="work", followup_months=3
        )
    assert one == before + 1 == queries()
