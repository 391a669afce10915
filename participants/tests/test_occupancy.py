"""Occupancy (beläggning): the per-day selector with hand-computed numbers, and the occupancy page."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iop.roles import Role
from participants.models import Pause, PlacementExtension
from participants.occupancy import free_by_week, occupancy, starts_in_year
from participants.tests.factories import ConsentFactory, ParticipantFactory, PlacementFactory, end_reason
from tests.factories import OrganisationFactory, PartnershipFactory, UserFactory

D = dt.date


@pytest.fixture
def three(setup):
    """3 places. A 03-01–03-10; B 03-05–03-07 (ended early, planned 03-20); C 03-08–03-15, paused 03-09–03-11."""
    pship = setup.partnership
    pship.places_at_once = 3
    pship.save()
    a = PlacementFactory(partnership=pship, start_date=D(2025, 3, 1), planned_end_date=D(2025, 3, 10))
    b = PlacementFactory(
        partnership=pship,
        start_date=D(2025, 3, 5),
        planned_end_date=D(2025, 3, 20),
        end_date=D(2025, 3, 7),
        end_reason=end_reason("work"),
    )
    c = PlacementFactory(partnership=pship, start_date=D(2025, 3, 8), planned_end_date=D(2025, 3, 15))
    Pause.objects.create(placement=c, start_date=D(2025, 3, 9), end_date=D(2025, 3, 11), category="other")
    return a, b, c


def counts(occ):
    return [d.occupied for d in occ.days]


def test_occupancy_counts_each_day_from_start_through_end(three, setup):
    occ = occupancy(setup.partnership, D(2025, 3, 1), D(2025, 3, 16))
    #        1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16
    assert counts(occ) == [1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 0]
    assert [d.free for d in occ.days][:8] == [2, 2, 2, 2, 1, 1, 1, 1]
    assert occ.on(D(2025, 3, 16)).free == 3
    assert occ.peak == 2


def test_paused_days_free_the_place_when_the_partnership_says_so(three, setup):
    setup.partnership.paused_keeps_place = False
    setup.partnership.save()
    occ = occupancy(setup.partnership, D(2025, 3, 1), D(2025, 3, 16))
    assert counts(occ) == [1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 0, 1, 1, 1, 1, 0]


def test_window_clips_placements_that_started_before_it(three, setup):
    occ = occupancy(setup.partnership, D(2025, 3, 6), D(2025, 3, 9))
    assert counts(occ) == [2, 2, 2, 2]


def test_free_by_week_takes_the_worst_day_of_each_week(three, setup):
    occ = occupancy(setup.partnership, D(2025, 3, 1), D(2025, 3, 31))
    weeks = free_by_week(occ, D(2025, 3, 2), weeks=3)  # Sunday → weeks from Monday 03-03
    assert [(w.week_start, w.max_occupied, w.min_free) for w in weeks] == [
        (D(2025, 3, 3), 2, 1),
        (D(2025, 3, 10), 2, 1),
        (D(2025, 3, 17), 0, 3),
    ]


@pytest.mark.parametrize("n", [2, 30])
@pytest.mark.parametrize("paused_keeps_place", [True, False])
def test_occupancy_reads_with_one_query_whatever_the_number_of_placements(
    setup, django_assert_num_queries, n, paused_keeps_place
):
    setup.partnership.paused_keeps_place = paused_keeps_place
    setup.partnership.save()
    for i in range(n):
        p = PlacementFactory(partnership=setup.partnership, start_date=D(2025, 1, 1) + dt.timedelta(days=i))
        Pause.objects.create(placement=p, start_date=p.start_date, end_date=p.start_date, category="other")
    with django_assert_num_queries(1):
        occ = occupancy(setup.partnership, D(2025, 1, 1), D(2025, 12, 31))
    assert occ.peak == n


def test_starts_in_year_counts_participants_not_placements(setup):
    p = ParticipantFactory()
    PlacementFactory(
        partnership=setup.partnership,
        participant=p,
        start_date=D(2025, 1, 10),
        planned_end_date=D(2025, 2, 1),
    )
    PlacementFactory(partnership=setup.partnership, participant=p, start_date=D(2025, 6, 1))
    PlacementFactory(partnership=setup.partnership, start_date=D(2025, 3, 1))
    PlacementFactory(partnership=setup.partnership, start_date=D(2024, 12, 1))
    starts = starts_in_year(setup.partnership, 2025)
    assert (starts.started, starts.target, starts.over_target) == (2, 72, False)
    setup.partnership.places_per_year = 1
    assert starts_in_year(setup.partnership, 2025).over_target


# --- The page -------------------------------------------------------------------------------


def url(setup, **query):
    base = reverse("participants:occupancy", kwargs={"pk": setup.partnership.pk})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def page_data(setup):
    """Today 2025-04-15. Visible (consent for the partner) and hidden (no consent) placements."""
    seen = ParticipantFactory(case_officer=setup.ams, first_name="Sara", last_name="Lind")
    ConsentFactory(
        participant=seen, partnership=setup.partnership, organisation=setup.partner, given_on=D(2025, 1, 1)
    )
    seen_p = PlacementFactory(
        participant=seen,
        partnership=setup.partnership,
        start_date=D(2025, 3, 10),
        planned_end_date=D(2025, 5, 1),
    )
    hidden = ParticipantFactory(first_name="Hemlig", last_name="Person")
    hidden_p = PlacementFactory(participant=hidden, partnership=setup.partnership, start_date=D(2025, 2, 3))
    PlacementExtension.objects.create(
        placement=hidden_p,
        previous_end_date=D(2025, 6, 3),
        new_end_date=D(2025, 7, 3),
        decided_on=D(2025, 4, 1),
        reason="Behöver mer tid.",
        participant_consulted=True,
        approved_by_city_name="A",
        approved_by_partner_name="B",
    )
    hidden_p.planned_end_date = D(2025, 7, 3)
    hidden_p.save()
    return seen_p, hidden_p


@time_machine.travel(dt.datetime(2025, 4, 15, 10, tzinfo=dt.UTC), tick=False)
def test_coordinator_sees_bars_free_places_and_upcoming_ends(client, setup, page_data):
    client.force_login(setup.coordinator)
    response = client.get(url(setup, start="2025-02-01", months=6))
    assert response.status_code == 200
    ctx = response.context
    assert (ctx["today_count"].occupied, ctx["today_count"].free) == (2, 22)
    assert len(ctx["weeks"]) == 8
    assert ctx["weeks"][0].week_start == D(2025, 4, 21)
    assert [w.min_free for w in ctx["weeks"]][:2] == [22, 22]
    assert [w.min_free for w in ctx["weeks"]][2] == 23  # Sara's place frees after 2025-05-01
    assert [label for _p, label in ctx["upcoming"]] == ["Sara Lind"]
    assert {b.label for b in ctx["chart"].bars} == {"Sara Lind", "Hemlig Person"}
    hidden_bar = next(b for b in ctx["chart"].bars if b.label == "Hemlig Person")
    assert [s.kind for s in hidden_bar.segments] == ["occupied", "extension"]
    assert len(hidden_bar.extension_marks) == 1
    body = response.content.decode()
    assert "<svg" in body and "style=" not in body and "<script>" not in body
    # Coordinates are not localised (a decimal comma breaks SVG lengths).
    import re

    assert not re.search(r'(x|x1|x2|width)="[0-9]+,[0-9]', body)
    assert ctx["starts"].started == 2


@time_machine.travel(dt.datetime(2025, 4, 15, 10, tzinfo=dt.UTC), tick=False)
def test_supervisor_sees_names_only_of_participants_they_may_see(client, setup, page_data):
    client.force_login(setup.supervisor)
    response = client.get(url(setup, start="2025-02-01"))
    assert response.status_code == 200
    labels = {b.label for b in response.context["chart"].bars}
    assert labels == {"Sara Lind", "Plats upptagen"}
    assert "Hemlig" not in response.content.decode()


@time_machine.travel(dt.datetime(2025, 4, 15, 10, tzinfo=dt.UTC), tick=False)
def test_case_officer_sees_own_participants_by_name_and_others_as_taken(client, setup, page_data):
    client.force_login(setup.other_ams)
    response = client.get(url(setup, start="2025-02-01"))
    assert {b.label for b in response.context["chart"].bars} == {"Plats upptagen"}


@time_machine.travel(dt.datetime(2025, 4, 15, 10, tzinfo=dt.UTC), tick=False)
def test_protected_identity_shows_the_pseudonym(client, setup, page_data):
    seen_p, _hidden = page_data
    seen_p.participant.protected_identity = True
    seen_p.participant.save()
    client.force_login(setup.supervisor)
    response = client.get(url(setup, start="2025-02-01"))
    assert seen_p.participant.pseudonym in {b.label for b in response.context["chart"].bars}
    assert "Sara" not in response.content.decode()


@time_machine.travel(dt.datetime(2025, 4, 15, 10, tzinfo=dt.UTC), tick=False)
def test_places_per_year_over_target_shows_a_warning(client, setup, page_data):
    setup.partnership.places_per_year = 1
    setup.partnership.save()
    client.force_login(setup.coordinator)
    response = client.get(url(setup))
    assert response.context["starts"].over_target
    assert "alert-warning" in response.content.decode()


def test_anonymous_is_sent_to_login(client, setup):
    response = client.get(url(setup))
    assert response.status_code == 302 and "/logga-in/" in response["Location"]


@pytest.mark.parametrize("role", [Role.STYRGRUPP, Role.EKONOMI, Role.ATTESTANT])
def test_roles_without_participant_work_are_refused(client, setup, role):
    client.force_login(UserFactory(organisation=setup.partner, roles=[role]))
    assert client.get(url(setup)).status_code == 403


def test_supervisor_of_another_organisation_gets_404(client, setup):
    other = UserFactory(organisation=OrganisationFactory(), roles=[Role.HANDLEDARE])
    client.force_login(other)
    assert client.get(url(setup)).status_code == 404


def test_unknown_partnership_gives_404(client, setup):
    client.force_login(setup.coordinator)
    other = PartnershipFactory()
    assert client.get(reverse("participants:occupancy", kwargs={"pk": other.pk + 1000})).status_code == 404


def test_post_is_not_allowed(client, setup):
    client.force_login(setup.coordinator)
    assert client.post(url(setup)).status_code == 405


@pytest.mark.parametrize("query", [{"start": "2025-13-01"}, {"months": "0"}, {"months": "abc"}])
def test_bad_period_is_refused_with_400_and_a_message(client, setup, query):
    client.force_login(setup.coordinator)
    response = client.get(url(setup, **query))
    assert response.status_code == 400
    assert response.context["form"].errors


def _queries(client, target):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(target).status_code == 200
    return len(ctx.captured_queries)


@time_machine.travel(dt.datetime(2025, 4, 15, 10, tzinfo=dt.UTC), tick=False)
def test_page_query_count_does_not_grow_with_placements(client, setup):
    client.force_login(setup.supervisor)
    target = url(setup, start="2025-01-01", months=12)

    def add(n, offset):
        for i in range(n):
            p = PlacementFactory(
                partnership=setup.partnership, start_date=D(2025, 1, 1) + dt.timedelta(days=offset + i)
            )
            Pause.objects.create(
                placement=p, start_date=p.start_date, end_date=p.start_date, category="other"
            )
            ConsentFactory(
                participant=p.participant,
                partnership=setup.partnership,
                organisation=setup.partner,
                given_on=D(2024, 1, 1),
            )

    add(2, 0)
    _queries(client, target)  # the first page after login also saves the session
    few = _queries(client, target)
    add(20, 10)
    assert _queries(client, target) == few
