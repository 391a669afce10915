"""Every measured page stays within 20 queries and makes as many at two data sizes, on every day of the
year (the bound "independent of the data size", asserted small).

The load data and the pages both read today (a supervisor sees placements around today, reminders and
default periods follow the calendar), so a page whose count depends on what today's data happens to
hold would pass on some days and fail on others. The clock is therefore frozen on each of a set of days
spread over a year, with the calendar's awkward days among them (month and quarter ends, a leap day,
the year end, both summer-time changes), and every page is checked on each of them.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.generate import generate
from bench.targets import PAGES, Skip, build_world

QUERY_BOUND = 20
# Pages whose count may differ by one between the two sizes: a query that runs only when a list is
# not empty (the random first participant has no queued referral at one size and one at the other).
# Every other page makes exactly the same number of queries at both sizes.
CONDITIONAL_QUERY: dict[str, str] = {
    "participant_detail": "participants: the queue positions, one query, only when a referral is queued",
}

# The 1st and the 15th of every month of one year, the day the bound was first seen to fail, and the
# calendar's edge days: quarter and year ends, a leap day, the summer-time changes (Europe/Stockholm).
DAYS: list[dt.date] = sorted(
    {dt.date(2027, month, day) for month in range(1, 13) for day in (1, 15)}
    | {
        dt.date(2026, 12, 6),
        dt.date(2027, 3, 28),  # summer time starts
        dt.date(2027, 3, 31),  # quarter end
        dt.date(2027, 6, 30),  # half-year end
        dt.date(2027, 10, 31),  # summer time ends
        dt.date(2027, 12, 31),  # year end
        dt.date(2028, 2, 29),  # leap day
    }
)
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _queries(page, world) -> int:
    client = Client()
    if page.role:
        client.force_login(world.users[str(page.role)])
    url = page.url(world)
    client.get(url)
    # Measured cold: a cached dashboard (reporting.dashboard_cache) would hide the queries it computes with.
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def _counts_at(scale: float, today: dt.date) -> dict[str, int | str]:
    """Query count per page key (or the reason it was skipped) on load data of one size."""
    sid = transaction.savepoint()
    try:
        generate(scale=scale, seed=5, today=today)
        counts: dict[str, int | str] = {}
        for page in PAGES:
            try:
                counts[page.key] = _queries(page, build_world(today))
            except Skip as exc:
                counts[page.key] = f"skipped: {exc}"
        return counts
    finally:
        transaction.savepoint_rollback(sid)


@pytest.mark.django_db
@pytest.mark.parametrize("today", DAYS, ids=[d.isoformat() for d in DAYS])
def test_every_page_stays_within_the_query_bound_at_two_sizes(today):
    # Noon in Stockholm, frozen: the data, the pages and the session all see the same day.
    with time_machine.travel(dt.datetime.combine(today, dt.time(12), tzinfo=STOCKHOLM), tick=False):
        small, large = _counts_at(0.001, today), _counts_at(0.004, today)
    problems = []
    for key in small:
        a, b = small[key], large[key]
        if isinstance(a, str) or isinstance(b, str):
            # Every page exists and the load data has something for each on every day: not measured is a failure.
            problems.append(f"{key}: {a if isinstance(a, str) else b}")
            continue
        allowed = 1 if key in CONDITIONAL_QUERY else 0
        if abs(b - a) > allowed:
            problems.append(f"{key}: {a} and {b} queries at scale 0.001 and 0.004 (differ)")
        if max(a, b) > QUERY_BOUND:
            problems.append(f"{key}: {a} and {b} queries at scale 0.001 and 0.004 (over {QUERY_BOUND})")
    assert not problems, f"on {today}: " + "; ".join(problems)


def test_the_calendar_covers_a_year_and_the_day_it_failed():
    assert len(DAYS) >= 24
    assert dt.date(2026, 12, 6) in DAYS
    assert {d.month for d in DAYS} == set(range(1, 13))


# --- The partnership's change history ----------------------------------------------------------
# The load data writes no history (bulk inserts), so the page is measured on histories built here:
# the same kinds of change at two sizes, each with users, parties and organisations to name.


def _history_of_size(n: int):
    from iop.models import Amendment
    from iop.roles import Role
    from tests.factories import (
        ActionPointFactory,
        BudgetLineFactory,
        GoalFactory,
        MeetingFactory,
        OrganisationFactory,
        PartnershipFactory,
        PartyFactory,
        PeriodFactory,
        StaffFactory,
        UserFactory,
    )

    partnership = PartnershipFactory()
    PeriodFactory(partnership=partnership)
    for i in range(n):
        party = PartyFactory(partnership=partnership, organisation=OrganisationFactory())
        party.organisation = OrganisationFactory()
        party.save()
        line = BudgetLineFactory(partnership=partnership)
        line.amount += 1
        line.save()
        goal = GoalFactory(partnership=partnership)
        goal.title = f"Nytt mål {i}"
        goal.save()
        staff = StaffFactory(partnership=partnership, user=UserFactory(roles=[Role.HANDLEDARE]))
        staff.active = not staff.active
        staff.save()
        meeting = MeetingFactory(partnership=partnership)
        ActionPointFactory(meeting=meeting).delete()
        Amendment.objects.create(partnership=partnership, date=dt.date(2025, 5, 1), title="Ä", text="t")
        partnership.title = f"Partnerskap {i}"
        partnership.save()
    return partnership


@pytest.mark.django_db
def test_the_history_page_makes_as_many_queries_with_one_change_as_with_many():
    from iop.roles import Role
    from tests.factories import UserFactory

    coordinator = UserFactory(roles=[Role.SAMORDNARE])
    client = Client()
    client.force_login(coordinator)

    def count(partnership) -> int:
        url = f"/partnerskap/{partnership.pk}/historik/"
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small, large = count(_history_of_size(1)), count(_history_of_size(8))
    assert small == large <= QUERY_BOUND, (small, large)
