"""The partnership progression page cannot be differenced.

The attack on main: as the steering group, `?fran=2025-01-01&till=2025-04-15` and then `…&till=2025-04-16`
grew the group from 3 to 4, and the per-item differences gave the one person who ended on 2025-04-16.
"""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from followup import services
from iop.disclosure import Cell
from iop.periods import enclosing, windows_of_year


def _both(fu, start_value, end_value, end_day):
    p = fu.placement()
    instrument = services.instrument_for(fu.partnership)
    for occasion, value, day in (("start", start_value, dt.date(2025, 2, 1)), ("end", end_value, end_day)):
        services.self_assessment_save(
            placement=p,
            occasion=occasion,
            kind="participant",
            assessed_on=day,
            values={i.pk: value for i in instrument.items.all()},
            by=fu.ams,
        )


def _url(fu, start, end):
    base = reverse("followup:partnership_progression", args=[fu.partnership.pk])
    return f"{base}?fran={start.isoformat()}&till={end.isoformat()}"


@pytest.fixture
def three_then_one(fu):
    """Three participants unchanged on every item, ended in March; one improved on every item (the health
    item included), ended on 2025-04-16."""
    for _ in range(3):
        _both(fu, 5, 5, dt.date(2025, 3, 20))
    _both(fu, 3, 9, dt.date(2025, 4, 16))
    return fu


def _figures(distribution) -> dict:
    """Every published count of the page, by name: a shown number or None (hidden)."""
    out: dict[object, Any] = {"group": distribution["placements"]}
    for code, item in distribution["items"].items():
        for key in ("improved", "unchanged", "worsened", "n"):
            out[(code, key)] = item[key]
    return {k: (v.value if isinstance(v, Cell) else v) for k, v in out.items()}


def test_consecutive_till_dates_are_refused_to_the_steering_group(client, three_then_one):
    fu = three_then_one
    client.force_login(fu.styrgrupp)
    before = client.get(_url(fu, dt.date(2025, 1, 1), dt.date(2025, 4, 15)))
    after = client.get(_url(fu, dt.date(2025, 1, 1), dt.date(2025, 4, 16)))
    assert before.status_code == after.status_code == 400
    assert "distribution" not in before.context and "distribution" not in after.context
    assert "kvartal" in before.content.decode()


def test_no_two_nested_fixed_periods_differ_by_one_or_two_on_the_page(client, three_then_one):
    fu = three_then_one
    client.force_login(fu.styrgrupp)
    published = {}
    for window in windows_of_year(2025):
        response = client.get(_url(fu, window.start, window.end))
        assert response.status_code == 200, window
        published[window] = _figures(response.context["distribution"])
    for window, figures in published.items():
        for outer in enclosing(window):
            for key, value in figures.items():
                other = published[outer].get(key, 0)
                if value is None or other is None:
                    continue
                assert not 0 < abs(value - other) < 3, (window, outer, key, value, other)
    # The one person's improvement is shown nowhere.
    improved = [
        f for figures in published.values() for k, f in figures.items() if k != "group" and k[1] == "improved"
    ]
    assert all(v in (None, 0) for v in improved)


def test_per_item_counts_of_one_and_two_are_not_shown(client, fu):
    for start_value, end_value in ((3, 6), (5, 5), (7, 4), (4, 4)):
        _both(fu, start_value, end_value, dt.date(2025, 6, 1))
    client.force_login(fu.styrgrupp)
    response = client.get(_url(fu, dt.date(2025, 1, 1), dt.date(2025, 12, 31)))
    assert response.status_code == 200
    item = response.context["distribution"]["items"]["believes_job"]
    assert str(item["improved"]) == "<3" and str(item["worsened"]) == "<3"
    html = response.content.decode()
    assert '<td class="num">1</td>' not in html and '<td class="num">2</td>' not in html
    # The coordinator still sees the raw counts.
    client.force_login(fu.coordinator)
    item = client.get(_url(fu, dt.date(2025, 1, 1), dt.date(2025, 12, 31))).context["distribution"]["items"][
        "believes_job"
    ]
    assert (item["improved"], item["unchanged"], item["worsened"]) == (1, 2, 1)


def test_the_coordinator_keeps_free_periods(client, three_then_one):
    fu = three_then_one
    client.force_login(fu.coordinator)
    response = client.get(_url(fu, dt.date(2025, 1, 1), dt.date(2025, 4, 16)))
    assert response.status_code == 200
    assert response.context["distribution"]["placements"] == 4


@pytest.mark.parametrize(
    "query", ["?fran=2025-02-30&till=2025-03-31", "?fran=2025-04-01&till=2025-03-01", "?till=x"]
)
def test_bad_periods_are_400_with_a_swedish_message_for_everyone(client, fu, query):
    for user in (fu.styrgrupp, fu.coordinator):
        client.force_login(user)
        response = client.get(reverse("followup:partnership_progression", args=[fu.partnership.pk]) + query)
        assert response.status_code == 400
        assert "ÅÅÅÅ-MM-DD" in response.content.decode()
