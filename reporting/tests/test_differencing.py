"""Dashboards and their exports cannot be differenced.

The attack on main: `/rapporter/partnerskap/1/export/end_reasons.csv` for two windows ending on consecutive
days revealed that the person who ended on 2025-04-25 was an interruption.
"""

import csv
import io
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from iop.disclosure import Cell
from iop.periods import enclosing, windows_of_year
from iop.roles import Role
from participants.tests.factories import PlacementFactory, end_reason
from reporting.dashboard_content import partnership_presentation
from reporting.tests import scenario
from reporting.tests.scenario import D
from tests.export_jobs import download, post_export
from tests.factories import UserFactory


@pytest.fixture
def s(db):
    s = scenario.build()
    s.styrgrupp = UserFactory(organisation=s.partner, roles=[Role.STYRGRUPP])
    s.handledare = UserFactory(organisation=s.partner, roles=[Role.HANDLEDARE])
    # Three completed in April before the 25th, and one interruption on 2025-04-25.
    for n, day in enumerate((D(2025, 4, 3), D(2025, 4, 10), D(2025, 4, 17))):
        PlacementFactory(
            participant=scenario.participant(20 + n, year=1985, gender="kvinna"),
            partnership=s.p,
            start_date=D(2025, 1, 10),
            planned_end_date=D(2025, 5, 10),
            end_date=day,
            end_reason=end_reason("completed_plan"),
        )
    PlacementFactory(
        participant=scenario.participant(30, year=1985, gender="man"),
        partnership=s.p,
        start_date=D(2025, 1, 10),
        planned_end_date=D(2025, 5, 10),
        end_date=D(2025, 4, 25),
        end_reason=end_reason("interrupted_health"),
    )
    return s


def _export(client, s, table="end_reasons", fmt="csv", **query):
    url = reverse("reporting:partnership_dashboard_export", kwargs={"pk": s.p.pk, "table": table, "fmt": fmt})
    return client.post(url + "?" + urlencode(query))


def test_end_reasons_on_consecutive_end_dates_are_refused_to_the_steering_group(client, s):
    client.force_login(s.styrgrupp)
    before = _export(client, s, start="2025-04-01", end="2025-04-24")
    after = _export(client, s, start="2025-04-01", end="2025-04-25")
    assert before.status_code == after.status_code == 400
    assert "IOP-samordnare" in before.content.decode()


@pytest.mark.parametrize("role_user", ["styrgrupp", "handledare"])
def test_the_dashboard_refuses_free_periods_to_those_who_may_not_see_persons(client, s, role_user):
    client.force_login(getattr(s, role_user))
    url = reverse("reporting:partnership_dashboard", kwargs={"pk": s.p.pk})
    response = client.get(url, {"start": "2025-01-01", "end": "2025-04-16"})
    assert response.status_code == 400
    assert "pres" not in response.context
    assert response.context["form"].non_field_errors()


@pytest.mark.parametrize(
    "query",
    [{"year": 2025, "month": 4}, {"year": 2025, "half": 2}, {"year": 2025, "quarter": 2}, {"year": 2025}],
)
def test_the_steering_group_chooses_a_month_quarter_half_year_or_year(client, s, query):
    client.force_login(s.styrgrupp)
    response = client.get(reverse("reporting:partnership_dashboard", kwargs={"pk": s.p.pk}), query)
    assert response.status_code == 200
    assert response.context["pres"].protected is True


@pytest.mark.parametrize(
    "query",
    [{"year": 2025, "month": 13}, {"year": 2025, "month": 4, "quarter": 2}, {"year": 2025, "half": 3}],
)
def test_bad_fixed_periods_give_400_not_500(client, s, query):
    client.force_login(s.styrgrupp)
    response = client.get(reverse("reporting:partnership_dashboard", kwargs={"pk": s.p.pk}), query)
    assert response.status_code == 400
    assert response.context["form"].errors


def test_the_coordinator_keeps_free_periods_in_exports(client, s, django_capture_on_commit_callbacks):
    client.force_login(s.coordinator)
    url = reverse(
        "reporting:partnership_dashboard_export", kwargs={"pk": s.p.pk, "table": "end_reasons", "fmt": "csv"}
    )
    job = post_export(
        client, url + "?start=2025-04-01&end=2025-04-25", {}, django_capture_on_commit_callbacks
    )
    rows = list(csv.reader(io.StringIO(download(client, job).decode("utf-8-sig")), delimiter=";"))
    assert ["Totalt", "4"] in rows


def _published(pres) -> dict:
    """Every count cell of every table of a presentation by (table, row label, column): value or None."""
    out = {}
    for key, table in pres.tables.items():
        for row in table.rows:
            for j, v in enumerate(row[1:], start=1):
                if isinstance(v, Cell) and (v.suppressed or v.value is not None):
                    out[(key, str(row[0]), j)] = v.value
    return out


def test_no_two_nested_fixed_periods_differ_by_one_or_two_in_any_published_cell(s):
    published = {
        w: _published(partnership_presentation(s.p, w.start, w.end, protected=True))
        for w in windows_of_year(2025)
    }
    checked = 0
    for window, cells in published.items():
        for outer in enclosing(window):
            for key, value in cells.items():
                other = published[outer].get(key)
                if value is None or other is None:
                    continue
                checked += 1
                assert not 0 < abs(value - other) < 3, (window, outer, key, value, other)
    assert checked > 100
    # The interruptions (February's and April's) are hidden in every period that holds them.
    label = end_reason("interrupted_health").name
    for window, cells in published.items():
        if window.start <= D(2025, 4, 25) <= window.end:
            assert cells[("end_reasons", label, 1)] is None, window
