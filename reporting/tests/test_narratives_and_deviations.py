"""Narrative sections of the annual report and measures for the quarterly report's deviations."""

import pytest
from django.urls import reverse

from iop.models import Meeting
from iop.roles import Role
from reporting.deviations import deviations
from reporting.indicators import compute_indicators
from reporting.models import ReportNarrative
from reporting.narratives import sanitise
from reporting.tests import scenario
from reporting.tests.scenario import D
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def s(db):
    s = scenario.build()
    s.handledare = UserFactory(organisation=s.partner, roles=[Role.HANDLEDARE])
    return s


def narrative_url(s, year=2025):
    return reverse("reporting:narrative_edit", kwargs={"pk": s.p.pk, "year": year})


def test_sanitising_keeps_a_few_tags_and_drops_scripts_links_and_attributes():
    dirty = '<p class="x" onclick="a()">Hej <strong>där</strong><script>alert(1)</script><a href="http://x">länk</a></p>'
    assert sanitise(dirty) == "<p>Hej <strong>där</strong>länk</p>"
    assert (
        sanitise("<h3>Rubrik</h3><ul><li>a</li></ul><h1>nej</h1>") == "<h3>Rubrik</h3><ul><li>a</li></ul>nej"
    )


def test_the_coordinator_writes_all_three_sections_sanitised(client, s):
    client.force_login(s.coordinator)
    response = client.post(
        narrative_url(s),
        {
            "activity": "<p>Verksamhet</p><script>x</script>",
            "analysis": "<p>Analys</p>",
            "assessment": "<em>Bra</em>",
        },
    )
    assert response.status_code == 302
    texts = dict(ReportNarrative.objects.filter(partnership=s.p, year=2025).values_list("section", "text"))
    assert texts == {
        "activity": "<p>Verksamhet</p>",
        "analysis": "<p>Analys</p>",
        "assessment": "<em>Bra</em>",
    }
    assert client.get(narrative_url(s)).status_code == 200


def test_the_handledare_may_write_only_the_activity_description(client, s):
    ReportNarrative.objects.create(
        partnership=s.p, year=2025, section="assessment", text="<p>Förvaltningen</p>"
    )
    client.force_login(s.handledare)
    response = client.post(narrative_url(s), {"activity": "<p>Vi</p>", "assessment": "<p>Ändrat</p>"})
    assert response.status_code == 302
    texts = dict(ReportNarrative.objects.filter(partnership=s.p, year=2025).values_list("section", "text"))
    assert texts == {"activity": "<p>Vi</p>", "assessment": "<p>Förvaltningen</p>"}


def test_too_long_text_gives_400_and_saves_nothing(client, s):
    client.force_login(s.coordinator)
    response = client.post(narrative_url(s), {"activity": "<p>ok</p>", "analysis": "x" * 20001})
    assert response.status_code == 400
    assert response.context["form"].errors["analysis"][0].startswith("Högst 20000 tecken")
    assert not ReportNarrative.objects.exists()


def test_narratives_are_not_for_other_organisations_or_roles(client, s):
    client.force_login(UserFactory(organisation=OrganisationFactory(), roles=[Role.HANDLEDARE]))
    assert client.get(narrative_url(s)).status_code == 404
    client.force_login(UserFactory(organisation=s.partner, roles=[Role.STYRGRUPP]))
    assert client.get(narrative_url(s)).status_code == 403
    client.logout()
    assert client.get(narrative_url(s)).status_code == 302
    client.force_login(s.coordinator)
    assert client.put(narrative_url(s)).status_code == 405


def test_deviations_are_flagged_from_the_year_to_date_figures(s):
    ytd = compute_indicators(partnership=s.p, start=D(2025, 1, 1), end=D(2025, 6, 30))
    codes = [d.code for d in deviations(ytd, quarter=2)]
    # 2 started of a pro-rata 35.7 (< 80 %), every indicator below its pro-rata target, 1 of 2 meetings.
    assert codes == [
        "started_behind",
        "indicator_trained",
        "indicator_joint_followups",
        "indicator_self_assessment",
        "indicator_intro_exit",
        "indicator_completed_plan",
        "steering_behind",
    ]


def test_enough_steering_meetings_clear_that_deviation(s):
    Meeting.objects.create(partnership=s.p, kind=Meeting.Kind.STEERING, date=D(2025, 6, 1), held=True)
    ytd = compute_indicators(partnership=s.p, start=D(2025, 1, 1), end=D(2025, 6, 30))
    assert "steering_behind" not in [d.code for d in deviations(ytd, quarter=2)]


def test_no_steering_deviation_where_the_agreement_names_no_number_of_meetings(s):
    s.p.steering_meetings_per_year = None
    s.p.save()
    ytd = compute_indicators(partnership=s.p, start=D(2025, 1, 1), end=D(2025, 6, 30))
    assert ytd.steering.required is None and ytd.steering.per_year is None
    assert "steering_behind" not in [d.code for d in deviations(ytd, quarter=2)]


def test_the_steering_deviation_follows_the_agreed_number(s):
    s.p.steering_meetings_per_year = 2  # one due by the end of June, none by the end of March
    s.p.save()
    ytd = compute_indicators(partnership=s.p, start=D(2025, 1, 1), end=D(2025, 6, 30))
    assert ytd.steering.per_year == 2 and ytd.steering.held == 1
    assert "steering_behind" not in [d.code for d in deviations(ytd, quarter=2)]
    s.p.steering_meetings_per_year = 12  # six due by the end of June
    s.p.save()
    ytd = compute_indicators(partnership=s.p, start=D(2025, 1, 1), end=D(2025, 6, 30))
    assert "steering_behind" in [d.code for d in deviations(ytd, quarter=2)]
