"""Reported figures split by age band (optional per goal): entered per band, adding up to the value;
summed by the engine and published through disclosure control."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from iop.models import Goal
from iop.models.goals import parse_age_bands
from reporting.indicators import compute_indicators
from reporting.presentation import present
from reporting.reported_figures import ReportedFigure

pytestmark = pytest.mark.django_db
YEAR = {"start": dt.date(2025, 1, 1), "end": dt.date(2025, 12, 31)}


@pytest.fixture
def goal(world):
    world.partnership.reporting_frequency = "quarterly"
    world.partnership.save()
    return Goal.objects.create(
        partnership=world.partnership, title="Barn i grupperna", indicator="custom", age_bands="6-9, 10–12"
    )


def edit_url(world, goal, start):
    return reverse(
        "reporting:figure_edit", kwargs={"pk": world.partnership.pk, "goal_pk": goal.pk, "start": start}
    )


def test_age_bands_are_parsed_and_normalised():
    assert parse_age_bands("15-24, 25–54,55 - 64, 65+") == ["15–24", "25–54", "55–64", "65+"]
    for bad in ("6–9, 8–12", "12–6, 13–15", "barn, vuxna", "65+, 70+"):
        with pytest.raises(ValueError):
            parse_age_bands(bad, strict=True)


def test_a_goal_with_bands_that_do_not_parse_is_refused_at_the_field(world):
    with pytest.raises(ValidationError) as e:
        Goal(
            partnership=world.partnership, title="x", indicator="custom", age_bands="små, stora"
        ).full_clean()
    assert "age_bands" in e.value.message_dict


def test_the_partner_enters_a_split_by_age_that_must_add_up(client, world, goal):
    client.force_login(world.users["handledare"])
    bad = client.post(
        edit_url(world, goal, "2025-01-01"), {"value": "20", "age_0": "9", "age_1": "10", "save": "1"}
    )
    assert bad.status_code == 400 and "age_0" in bad.context["form"].errors
    partial = client.post(edit_url(world, goal, "2025-01-01"), {"value": "20", "age_0": "9", "save": "1"})
    assert partial.status_code == 400 and "age_0" in partial.context["form"].errors
    assert not ReportedFigure.objects.filter(goal=goal).exists()
    ok = client.post(
        edit_url(world, goal, "2025-01-01"), {"value": "20", "age_0": "9", "age_1": "11", "save": "1"}
    )
    assert ok.status_code == 302
    assert ReportedFigure.objects.get(goal=goal).by_age == {"6–9": 9, "10–12": 11}


def _approved(goal, start, value, by_age, by):
    return ReportedFigure.objects.create(
        goal=goal,
        period_start=start,
        period_end=start + dt.timedelta(days=89),
        value=value,
        by_age=by_age,
        status=ReportedFigure.Status.APPROVED,
        created_by=by,
    )


def test_the_engine_sums_the_bands_and_publishes_them_through_disclosure_control(world, goal):
    by = world.users["handledare"]
    _approved(goal, dt.date(2025, 1, 1), 20, {"6–9": 9, "10–12": 11}, by)
    _approved(goal, dt.date(2025, 4, 1), 12, {"6–9": 11, "10–12": 1}, by)
    result = compute_indicators(partnership=world.partnership, **YEAR)
    raw = next(g for g in result.goals if g.goal_id == goal.pk)
    assert raw.by_age == {"6–9": 20, "10–12": 12}
    published = next(g for g in result.as_dict(protected=True)["goals"] if g["goal_id"] == goal.pk)
    assert published["by_age"] == {"6–9": 20, "10–12": 12}
    table = present(result, protected=True, with_charts=False).tables["goals_by_age"]
    assert [[row[1], str(row[2])] for row in table.rows if row[0] == goal.title] == [
        ["6–9 år", "20"],
        ["10–12 år", "12"],
        ["Totalt", "32"],
    ]


def test_a_small_age_band_is_hidden_outside_the_administration(world, goal):
    _approved(goal, dt.date(2025, 1, 1), 20, {"6–9": 18, "10–12": 2}, world.users["handledare"])
    result = compute_indicators(partnership=world.partnership, **YEAR)
    published = next(g for g in result.as_dict(protected=True)["goals"] if g["goal_id"] == goal.pk)
    assert published["by_age"]["10–12"] == "<3"
    assert published["by_age"]["6–9"] not in (1, 2, 18)  # secondary suppression: 18 would give 2


def test_a_correction_starts_from_the_approved_split_by_age(world, goal):
    from reporting.figure_services import figure_correct

    approved = _approved(goal, dt.date(2025, 1, 1), 20, {"6–9": 9, "10–12": 11}, world.users["handledare"])
    new = figure_correct(figure=approved, reason="Fel åldersgrupp", by=world.users["handledare"])
    assert (new.version, new.by_age, new.status) == (2, {"6–9": 9, "10–12": 11}, ReportedFigure.Status.DRAFT)
