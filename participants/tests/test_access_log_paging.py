"""The access-log list at scale: keyset pages, a capped count, Stockholm-day bounds on the indexed
timestamp, and the user filter chosen by typing (a JSON lookup) instead of a dropdown of every user."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from iop.pagination import encode_cursor
from participants.models import AccessLog
from participants.views import access_log as access_log_views
from tests.factories import UserFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")
LIST = "participants:access_log"
LOOKUP = "participants:access_log_users"


def _rows(user, n, *, start=None):
    """`n` rows one minute apart, the newest last."""
    start = start or timezone.now() - dt.timedelta(days=1)
    made = AccessLog.objects.bulk_create(
        AccessLog(
            at=start + dt.timedelta(minutes=i),
            user=user,
            username=user.username,
            action="view",
            detail=f"r{i}",
        )
        for i in range(n)
    )
    return made


def _details(response):
    return [r.detail for r in response.context["page"].rows]


def test_pages_follow_each_other_without_gaps_or_repeats(client, setup, monkeypatch):
    monkeypatch.setattr(access_log_views, "PAGE_SIZE", 4)
    _rows(setup.ams, 10)
    client.force_login(setup.coordinator)
    seen, url, params = [], reverse(LIST), {}
    while True:
        response = client.get(url, params)
        assert response.status_code == 200
        seen += _details(response)
        older = response.context["page"].older
        if older is None:
            break
        params = {"efter": older}
    assert seen == [f"r{i}" for i in range(9, -1, -1)]


def test_rows_with_the_same_timestamp_are_split_by_id(client, setup, monkeypatch):
    monkeypatch.setattr(access_log_views, "PAGE_SIZE", 2)
    at = timezone.now() - dt.timedelta(hours=1)
    AccessLog.objects.bulk_create(
        AccessLog(at=at, user=setup.ams, username=setup.ams.username, action="view", detail=f"t{i}")
        for i in range(5)
    )
    client.force_login(setup.coordinator)
    first = client.get(reverse(LIST))
    second = client.get(reverse(LIST), {"efter": first.context["page"].older})
    third = client.get(reverse(LIST), {"efter": second.context["page"].older})
    assert _details(first) + _details(second) + _details(third) == ["t4", "t3", "t2", "t1", "t0"]
    back = client.get(reverse(LIST), {"fore": second.context["page"].newer})
    assert _details(back) == ["t4", "t3"]
    assert back.context["page"].newer is None


def test_the_page_before_comes_back_in_order(client, setup, monkeypatch):
    monkeypatch.setattr(access_log_views, "PAGE_SIZE", 3)
    _rows(setup.ams, 8)
    client.force_login(setup.coordinator)
    first = client.get(reverse(LIST))
    second = client.get(reverse(LIST), {"efter": first.context["page"].older})
    assert _details(second) == ["r4", "r3", "r2"]
    back = client.get(reverse(LIST), {"fore": second.context["page"].newer})
    assert _details(back) == _details(first) == ["r7", "r6", "r5"]


@pytest.mark.parametrize("cursor", ["abc", "12_x", "1_2_3", "99999999999999999999999_1", "5_0"])
def test_a_bad_cursor_answers_400_with_a_message(client, setup, cursor):
    client.force_login(setup.coordinator)
    response = client.get(reverse(LIST), {"efter": cursor})
    assert response.status_code == 400
    assert "efter" in response.context["form"].errors


def test_the_count_stops_at_the_cap_and_says_more(client, setup, monkeypatch):
    monkeypatch.setattr(access_log_views, "COUNT_CAP", 5)
    _rows(setup.ams, 7)
    client.force_login(setup.coordinator)
    response = client.get(reverse(LIST))
    assert (response.context["count"], response.context["count_capped"]) == (5, True)
    assert "fler än 5 loggposter" in response.content.decode()
    response = client.get(reverse(LIST), {"action": "denied"})
    assert (response.context["count"], response.context["count_capped"]) == (0, False)


def test_day_filters_use_stockholm_days(client, setup):
    # 23:30 UTC on 2026-06-14 is 01:30 on 2026-06-15 in Stockholm (summer time): it belongs to the 15th.
    late = dt.datetime(2026, 6, 14, 23, 30, tzinfo=dt.UTC)
    _rows(setup.ams, 1, start=late)
    client.force_login(setup.coordinator)
    assert _details(client.get(reverse(LIST), {"date_from": "2026-06-15", "date_to": "2026-06-15"})) == ["r0"]
    assert _details(client.get(reverse(LIST), {"date_to": "2026-06-14"})) == []
    # The first instant of a day in Stockholm is included, the first of the next is not.
    midnight = dt.datetime(2026, 1, 10, tzinfo=STOCKHOLM)
    AccessLog.objects.create(at=midnight, user=setup.ams, username="x", action="view", detail="m")
    assert _details(client.get(reverse(LIST), {"date_from": "2026-01-10", "date_to": "2026-01-10"})) == ["m"]
    assert _details(client.get(reverse(LIST), {"date_to": "2026-01-09"})) == []


def test_day_filters_do_not_cast_the_timestamp(setup):
    from participants.access_review import access_log_filtered

    sql = str(access_log_filtered(date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 1, 31)).query)
    assert "django_datetime_cast_date" not in sql and "::date" not in sql and "AT TIME ZONE" not in sql


def test_the_user_filter_takes_a_username_and_refuses_an_unknown_one(client, setup):
    _rows(setup.ams, 2)
    _rows(setup.supervisor, 1)
    client.force_login(setup.coordinator)
    assert len(_details(client.get(reverse(LIST), {"user": setup.supervisor.username}))) == 1
    response = client.get(reverse(LIST), {"user": "finns-inte"})
    assert response.status_code == 400
    assert "user" in response.context["form"].errors


def test_the_filter_does_not_list_every_user(client, setup):
    for _ in range(30):
        UserFactory()
    client.force_login(setup.coordinator)
    html = client.get(reverse(LIST)).content.decode()
    assert "<select" not in html.split('name="user"')[0][-300:]
    assert html.count("<option") < 30
    assert 'list="id_user-options"' in html and "data-lookup-url" in html


def test_lookup_finds_users_by_name_or_username(client, setup):
    UserFactory(username="anna.berg", first_name="Anna", last_name="Berg")
    UserFactory(username="bo.ek", first_name="Bo", last_name="Ek")
    client.force_login(setup.coordinator)
    data = client.get(reverse(LOOKUP), {"q": "berg"}).json()
    assert data == {"results": [{"value": "anna.berg", "label": "Anna Berg"}]}
    assert client.get(reverse(LOOKUP), {"q": "b"}).json() == {"results": []}


def test_lookup_returns_at_most_twenty(client, setup):
    for i in range(25):
        UserFactory(username=f"massa{i:02d}")
    client.force_login(setup.coordinator)
    assert len(client.get(reverse(LOOKUP), {"q": "massa"}).json()["results"]) == 20


def test_lookup_is_for_coordinators_only(client, setup):
    assert client.get(reverse(LOOKUP), {"q": "ab"}).status_code == 302
    client.force_login(setup.ams)
    assert client.get(reverse(LOOKUP), {"q": "ab"}).status_code == 403


def test_a_deep_page_makes_as_many_queries_as_the_first(client, setup, monkeypatch):
    monkeypatch.setattr(access_log_views, "PAGE_SIZE", 5)
    made = _rows(setup.ams, 40)
    client.force_login(setup.coordinator)
    client.get(reverse(LIST))  # the first page after login also saves the session

    def measure(params):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(LIST), params).status_code == 200
        return len(ctx.captured_queries)

    deep = AccessLog.objects.order_by("at", "pk")[3]
    assert (
        measure({"efter": encode_cursor(deep.at, deep.pk)})
        == measure({})
        == measure({"fore": encode_cursor(made[0].at, made[0].pk)})
    )


def test_the_cursor_is_a_bound_the_index_on_the_timestamp_can_seek_to(client, setup):
    made = _rows(setup.ams, 3)
    client.force_login(setup.coordinator)
    client.get(reverse(LIST))
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse(LIST), {"efter": encode_cursor(made[1].at, made[1].pk)})
    page_sql = next(
        q["sql"] for q in ctx.captured_queries if "ORDER BY" in q["sql"] and "accesslog" in q["sql"]
    )
    # `at <= x AND (at < x OR id < y)`: an OR alone is only a filter, and the scan would start at the newest row.
    assert '"at" <= ' in page_sql
