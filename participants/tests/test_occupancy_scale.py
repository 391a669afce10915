"""The occupancy page at scale: a summary from the per-day counts, one page of placements at a time,
the first upcoming ends with their total, and the same queries whatever the number of placements."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participants.models import AccessLog, Pause
from participants.occupancy import occupancy, occupancy_chart
from participants.tests.factories import ConsentFactory, PlacementFactory
from participants.views.occupancy import ENDS_SHOWN, PAGE_SIZE

D = dt.date
TODAY = dt.datetime(2025, 4, 15, 10, tzinfo=dt.UTC)
FEB_1 = D(2025, 2, 1)
pytestmark = pytest.mark.django_db


def url(setup, **query):
    base = reverse("participants:occupancy", kwargs={"pk": setup.partnership.pk})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def add(setup, n, *, start=FEB_1, planned_end=None, consent=False):
    """`n` placements starting a day apart from `start` (each with a one-day pause)."""
    out = []
    for i in range(n):
        day = start + dt.timedelta(days=i)
        p = PlacementFactory(
            partnership=setup.partnership,
            start_date=day,
            **({"planned_end_date": planned_end} if planned_end else {}),
        )
        Pause.objects.create(placement=p, start_date=day, end_date=day, category="other")
        if consent:
            ConsentFactory(
                participant=p.participant,
                partnership=setup.partnership,
                organisation=setup.partner,
                given_on=D(2024, 1, 1),
            )
        out.append(p)
    return out


def test_summary_table_gives_the_most_occupied_places_of_each_iso_week(setup):
    setup.partnership.places_at_once = 3
    setup.partnership.save()
    PlacementFactory(partnership=setup.partnership, start_date=D(2025, 3, 4), planned_end_date=D(2025, 3, 12))
    PlacementFactory(partnership=setup.partnership, start_date=D(2025, 3, 6), planned_end_date=D(2025, 3, 6))
    occ = occupancy(setup.partnership, D(2025, 3, 1), D(2025, 3, 16))
    chart = occupancy_chart(occ, D(2025, 3, 3), D(2025, 3, 16))
    assert chart.table["columns"] == ["Vecka", "Datum", "Flest upptagna", "Minst lediga"]
    assert chart.table["rows"] == [
        ["v. 10", "2025-03-03 – 2025-03-09", "2", "1"],
        ["v. 11", "2025-03-10 – 2025-03-16", "1", "2"],
    ]
    assert "högst 2" in chart.desc and "0 dagar med fullt" in chart.desc
    assert chart.svg.startswith("<svg")


def test_summary_without_a_limit_has_no_free_places_column(setup):
    setup.partnership.places_at_once = None
    setup.partnership.save()
    PlacementFactory(partnership=setup.partnership, start_date=D(2025, 3, 4), planned_end_date=D(2025, 3, 12))
    occ = occupancy(setup.partnership, D(2025, 3, 3), D(2025, 3, 9))
    chart = occupancy_chart(occ, D(2025, 3, 3), D(2025, 3, 9))
    assert chart.table["columns"] == ["Vecka", "Datum", "Flest upptagna"]
    assert chart.table["rows"] == [["v. 10", "2025-03-03 – 2025-03-09", "1"]]
    assert "Platstak" not in chart.svg


@time_machine.travel(TODAY, tick=False)
def test_the_list_shows_one_page_of_placements_and_the_summary_counts_them_all(client, setup):
    add(setup, PAGE_SIZE + 5, consent=True)
    client.force_login(setup.coordinator)
    first = client.get(url(setup, start="2025-02-01", months=6))
    assert first.status_code == 200
    ctx = first.context
    assert len(ctx["chart"].bars) == PAGE_SIZE
    assert ctx["page"].paginator.count == PAGE_SIZE + 5
    assert ctx["today_count"].occupied == PAGE_SIZE + 5
    assert ctx["peak"] == PAGE_SIZE + 5
    body = first.content.decode()
    assert "Sida 1 av 2" in body
    assert 'alt="Upptagna platser per dag.' in body and "data:image/svg+xml;base64," in body
    assert ctx["summary"].table["rows"][0][:2] == ["v. 5", "2025-02-01 – 2025-02-02"]
    second = client.get(url(setup, start="2025-02-01", months=6, page=2))
    bars = second.context["chart"].bars
    assert len(bars) == 5
    assert [b.item.start_date for b in bars][0] == D(2025, 2, 1) + dt.timedelta(days=PAGE_SIZE)


@time_machine.travel(TODAY, tick=False)
def test_only_the_participants_shown_are_logged_as_read(client, setup):
    shown = add(setup, PAGE_SIZE + 5, planned_end=D(2025, 12, 31), consent=True)  # none ending soon
    client.force_login(setup.coordinator)
    before = AccessLog.objects.count()
    client.get(url(setup, start="2025-02-01", months=6, page=2))
    logged = set(AccessLog.objects.order_by("pk")[before:].values_list("participant_id", flat=True))
    assert logged == {p.participant_id for p in shown[PAGE_SIZE:]}


@time_machine.travel(TODAY, tick=False)
def test_upcoming_ends_show_the_first_ones_with_the_total_and_a_filtered_list(client, setup):
    ending = add(setup, ENDS_SHOWN + 3, start=D(2025, 3, 1), planned_end=D(2025, 5, 2))
    add(setup, 4, start=D(2025, 3, 1))  # planned end in July: not ending within 8 weeks
    client.force_login(setup.coordinator)
    response = client.get(url(setup))
    ctx = response.context
    assert [p.pk for p, _label in ctx["upcoming"]] == [p.pk for p in ending[:ENDS_SHOWN]]
    assert ctx["upcoming_total"] == ENDS_SHOWN + 3
    assert "visa=avslut" in response.content.decode()
    filtered = client.get(url(setup, visa="avslut"))
    assert filtered.status_code == 200
    assert {b.item.pk for b in filtered.context["chart"].bars} == {p.pk for p in ending}


def test_an_unknown_list_choice_is_refused_with_400(client, setup):
    client.force_login(setup.coordinator)
    response = client.get(url(setup, visa="alla"))
    assert response.status_code == 400
    assert response.context["form"].errors["visa"]


def _queries(client, target):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(target).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("query", [{}, {"visa": "avslut"}, {"page": "2"}])
@time_machine.travel(TODAY, tick=False)
def test_query_count_is_the_same_for_a_few_placements_and_for_more_than_a_page(client, setup, query):
    client.force_login(setup.supervisor)
    target = url(setup, start="2025-02-01", months=6, **query)
    add(setup, 2, start=D(2025, 3, 1), planned_end=D(2025, 5, 2), consent=True)
    _queries(client, target)  # the first page after login also saves the session
    few = _queries(client, target)
    add(setup, PAGE_SIZE + ENDS_SHOWN, start=D(2025, 3, 3), planned_end=D(2025, 5, 2), consent=True)
    many = _queries(client, target)
    assert many == few
    assert many <= 20
