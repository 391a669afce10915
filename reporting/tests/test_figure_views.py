"""Reported figures: the partner reports, the coordinator approves or returns; approved is locked and a
correction is a new version; wrong roles and bad input are refused."""

import datetime as dt

import pytest
from django.urls import reverse

from iop.models import Goal
from reporting.reported_figures import ReportedFigure
from tests.factories import OrganisationFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = ReportedFigure.Status


@pytest.fixture
def goal(world):
    world.partnership.reporting_frequency = "quarterly"
    world.partnership.save()
    return Goal.objects.create(
        partnership=world.partnership,
        title="Barn som deltar",
        indicator="custom",
        quantity="barn",
        by_gender=True,
        target_value=100,
    )


def edit_url(world, goal, start="2025-04-01"):
    return reverse(
        "reporting:figure_edit", kwargs={"pk": world.partnership.pk, "goal_pk": goal.pk, "start": start}
    )


def review_url(figure):
    return reverse("reporting:figure_review", kwargs={"pk": figure.pk})


def figure_of(goal):
    return (
        ReportedFigure.objects.filter(goal=goal, period_start=dt.date(2025, 4, 1))
        .order_by("-version")
        .first()
    )


VALUES = {"value": "20", "women": "9", "men": "10", "other": "0", "unknown": "1", "comment": "Två grupper"}


def test_it_walks_draft_submitted_returned_resubmitted_approved(client, world, goal):
    client.force_login(world.users["handledare"])
    assert client.post(edit_url(world, goal), {**VALUES, "save": "1"}).status_code == 302
    assert figure_of(goal).status == Status.DRAFT
    assert client.post(edit_url(world, goal), {**VALUES, "submit": "1"}).status_code == 302
    figure = figure_of(goal)
    assert figure.status == Status.SUBMITTED and figure.submitted_by == world.users["handledare"]

    client.force_login(world.users["samordnare"])
    response = client.post(
        review_url(figure), {"decision": "return", "return_comment": "Ange könsfördelning."}
    )
    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.status == Status.RETURNED and figure.return_comment == "Ange könsfördelning."

    client.force_login(world.users["ekonomi"])
    changed = {**VALUES, "value": "21", "other": "1", "submit": "1"}
    assert client.post(edit_url(world, goal), changed).status_code == 302
    figure.refresh_from_db()
    assert figure.status == Status.SUBMITTED and figure.value == 21

    client.force_login(world.users["samordnare"])
    assert client.post(review_url(figure), {"decision": "approve"}).status_code == 302
    figure.refresh_from_db()
    assert figure.status == Status.APPROVED and figure.reviewed_by == world.users["samordnare"]
    assert [h.status for h in figure.history.order_by("history_date")] == [
        "draft",
        "draft",
        "submitted",
        "returned",
        "returned",
        "submitted",
        "approved",
    ]


def test_an_approved_figure_is_locked_and_corrected_by_a_new_version(client, world, goal):
    figure = ReportedFigure.objects.create(
        goal=goal,
        period_start=dt.date(2025, 4, 1),
        period_end=dt.date(2025, 6, 30),
        value=20,
        status=Status.APPROVED,
        created_by=world.users["handledare"],
    )
    client.force_login(world.users["handledare"])
    assert client.post(edit_url(world, goal), {**VALUES, "value": "99", "save": "1"}).status_code == 409
    figure.refresh_from_db()
    assert figure.value == 20
    url = reverse("reporting:figure_correct", kwargs={"pk": figure.pk})
    assert client.post(url, {"correction_reason": ""}).status_code == 400
    assert client.post(url, {"correction_reason": "Felräknat i juni"}).status_code == 302
    new = figure_of(goal)
    assert new.version == 2 and new.status == Status.DRAFT and new.correction_reason == "Felräknat i juni"
    client.post(edit_url(world, goal), {**VALUES, "value": "22", "women": "11", "submit": "1"})
    client.force_login(world.users["samordnare"])
    client.post(review_url(new), {"decision": "approve"})
    figure.refresh_from_db()
    new.refresh_from_db()
    assert (figure.status, new.status, new.value) == (Status.SUPERSEDED, Status.APPROVED, 22)


def test_a_split_by_gender_that_does_not_add_up_is_refused_at_the_field(client, world, goal):
    client.force_login(world.users["handledare"])
    response = client.post(edit_url(world, goal), {**VALUES, "women": "1", "save": "1"})
    assert response.status_code == 400
    assert "women" in response.context["form"].errors
    assert not ReportedFigure.objects.filter(goal=goal).exists()


def test_a_percent_is_entered_as_numerator_and_denominator(client, world):
    goal = Goal.objects.create(
        partnership=world.partnership,
        title="Andel i sysselsättning",
        indicator="custom",
        unit="percent",
        target_value=80,
    )
    client.force_login(world.users["handledare"])
    bad = client.post(edit_url(world, goal), {"numerator": "9", "denominator": "5", "save": "1"})
    assert bad.status_code == 400 and "numerator" in bad.context["form"].errors
    assert (
        client.post(edit_url(world, goal), {"numerator": "8", "denominator": "10", "save": "1"}).status_code
        == 302
    )
    assert figure_of(goal).percent == 80.0


def test_a_period_that_is_not_a_reporting_period_is_not_found(client, world, goal):
    client.force_login(world.users["handledare"])
    assert client.get(edit_url(world, goal, start="2025-04-02")).status_code == 404
    assert client.get(edit_url(world, goal, start="nonsense")).status_code == 404


def test_returning_without_a_comment_is_refused(client, world, goal):
    figure = world.submitted_figure
    client.force_login(world.users["samordnare"])
    response = client.post(review_url(figure), {"decision": "return", "return_comment": " "})
    assert response.status_code == 400
    figure.refresh_from_db()
    assert figure.status == Status.SUBMITTED


def test_staff_of_another_organisation_cannot_report_for_the_partnership(client, world, goal):
    outsider = UserFactory(organisation=OrganisationFactory(), roles=["handledare"])
    PartnershipFactory()
    client.force_login(outsider)
    assert client.get(edit_url(world, goal)).status_code == 404
    assert client.post(edit_url(world, goal), {**VALUES, "save": "1"}).status_code == 404


def test_the_coordinator_cannot_enter_the_partners_figures(client, world, goal):
    client.force_login(world.users["samordnare"])
    assert client.post(edit_url(world, goal), {**VALUES, "save": "1"}).status_code == 403


def test_the_list_shows_each_periods_figure_and_its_status(client, world, goal):
    client.force_login(world.users["styrgrupp"])
    response = client.get(
        reverse("reporting:figure_list", kwargs={"pk": world.partnership.pk}) + "?year=2025"
    )
    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if r["goal"] == world.reported_goal)
    assert row["cells"][0]["figure"] == world.submitted_figure


def test_an_approved_figure_reaches_the_dashboard_the_three_pdfs_and_the_cli_with_the_same_value(
    client, world, goal
):
    import io
    import json

    from django.core.management import call_command

    from reporting.reports import (
        annual_context,
        make_annual_pdf,
        make_overview_pdf,
        make_quarterly_pdf,
        overview_context,
        quarterly_context,
    )
    from reporting.tests.test_pdf import pdf_text

    world.partnership.status = "active"
    world.partnership.save()
    client.force_login(world.users["handledare"])
    client.post(edit_url(world, goal), {**VALUES, "value": "37", "women": "18", "men": "18", "submit": "1"})
    figure = figure_of(goal)
    client.force_login(world.users["samordnare"])
    client.post(review_url(figure), {"decision": "approve"})

    client.force_login(world.users["styrgrupp"])
    response = client.get(
        reverse("reporting:partnership_dashboard", kwargs={"pk": world.partnership.pk}) + "?year=2025"
    )
    table = response.context["pres"].tables["goals"]
    row = next(r for r in table.rows if r[0] == "Barn som deltar")
    assert str(row[3]) == "37"

    def text_of(content: bytes) -> str:
        return " ".join(pdf_text(content)[1].split())

    texts = [
        text_of(make_annual_pdf(annual_context(partnership_id=world.partnership.pk, year=2025))),
        text_of(make_quarterly_pdf(quarterly_context(year=2025, quarter=2))),
        text_of(make_overview_pdf(overview_context(year=2025))),
    ]
    for text in texts:
        assert "Barn som deltar" in text
        assert "37" in text

    out = io.StringIO()
    call_command(
        "indicators",
        "--partnership",
        world.partnership.case_number,
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        stdout=out,
    )
    goals = {g["title"]: g for g in json.loads(out.getvalue())["goals"]}
    assert goals["Barn som deltar"]["actual"] == 37


def test_a_submitted_figure_does_not_reach_outputs_that_leave_the_administration(world, goal):
    from reporting.indicators import compute_indicators

    ReportedFigure.objects.create(
        goal=goal,
        period_start=dt.date(2025, 4, 1),
        period_end=dt.date(2025, 6, 30),
        value=50,
        status=Status.SUBMITTED,
        created_by=world.users["handledare"],
    )
    data = compute_indicators(
        partnership=world.partnership, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)
    ).as_dict(protected=True)
    row = next(g for g in data["goals"] if g["goal_id"] == goal.pk)
    assert row["actual"] is None and row["pending"] is None
    raw = compute_indicators(
        partnership=world.partnership, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)
    )
    assert next(g for g in raw.goals if g.goal_id == goal.pk).pending == 50  # internal pages only


def test_figures_not_submitted_in_time_are_reminded_to_the_partners_staff_once(world, goal):
    from iop.models import Notification
    from reporting.figure_services import remind_figures_due

    world.partnership.status = "active"
    world.partnership.save()
    assert remind_figures_due(today=dt.date(2025, 4, 10)) == 0  # Q1 not yet due
    assert remind_figures_due(today=dt.date(2025, 4, 16)) >= 2

    def reminded(g):
        key = f"reporting:figures_due:{g.pk}:2025-01-01"
        return set(Notification.objects.filter(dedupe_key=key).values_list("user__username", flat=True))

    # The new goal is reminded to the non-profit's handledare and ekonomi; the world's own reported
    # goal has a submitted Q1 figure and is not.
    assert reminded(goal) == {"w_handledare", "w_ekonomi"}
    assert reminded(world.reported_goal) == set()
    assert remind_figures_due(today=dt.date(2025, 4, 17)) == 0


@pytest.mark.parametrize("n", [1, 12])
def test_the_partnership_pages_results_fragment_takes_the_same_queries_whatever_the_goals(
    client, world, n, django_assert_num_queries
):
    import time_machine

    for k in range(n):
        g = Goal.objects.create(
            partnership=world.partnership, title=f"Mål {k}", indicator="custom", target_value=8
        )
        ReportedFigure.objects.create(
            goal=g,
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 3, 31),
            value=3,
            status=Status.APPROVED,
            created_by=world.users["handledare"],
        )
    url = reverse("reporting:partnership_results_hx", kwargs={"pk": world.partnership.pk})
    client.force_login(world.users["styrgrupp"])
    with time_machine.travel(dt.datetime(2025, 6, 30, 12, tzinfo=dt.UTC)):
        client.get(url)
        with django_assert_num_queries(
            20
        ):  # session, user with roles, partnership, periods + the engine (15)
            response = client.get(url)
    assert response.status_code == 200
    rows = response.context["table"].rows
    assert len(rows) >= n and next(r for r in rows if r[0] == "Mål 0")[3].label == "3"
