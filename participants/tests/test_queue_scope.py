"""The queue shows a supervisor only those who can start within 30 days.

Rule (participants.selectors.queue_names_visible_to, SECURITY.md, tests/access/participants.py): a
supervisor sees by name the first k queued referrals, k = the most places free on any day of the next 30
days, and of those only participants who consented to the supervisor's organisation in the partnership;
everyone else in the queue is a position only. Each name shown is an access-log row.
"""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from participants.models import AccessLog, Referral
from participants.tests.factories import ConsentFactory, ParticipantFactory, PlacementFactory, ReferralFactory

TODAY = dt.date(2025, 6, 16)
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2025, 6, 16, 10, tzinfo=dt.UTC), tick=False):
        yield


def _queued(setup, *, consent=True, days_ago=10):
    p = ParticipantFactory(case_officer=setup.ams)
    if consent:
        ConsentFactory(
            participant=p,
            partnership=setup.partnership,
            organisation=setup.partner,
            given_on=TODAY - dt.timedelta(days=20),
        )
    ReferralFactory(
        participant=p,
        partnership=setup.partnership,
        status=Referral.Status.ACCEPTED,
        referred_on=TODAY - dt.timedelta(days=days_ago),
    )
    return p


def _fill(setup, *, places: int, ending: list[dt.date]):
    """A partnership with `places` places, all taken; the placements end on the given days (the rest
    run on past the 30 days)."""
    setup.partnership.places_at_once = places
    setup.partnership.save(update_fields=["places_at_once"])
    far = TODAY + dt.timedelta(days=90)
    for n in range(places):
        PlacementFactory(
            partnership=setup.partnership,
            work_area=setup.work_area,
            start_date=TODAY - dt.timedelta(days=30),
            planned_end_date=ending[n] if n < len(ending) else far,
        )


def _names(client, setup, user):
    client.force_login(user)
    response = client.get(reverse("participants:queue", args=[setup.partnership.pk]))
    assert response.status_code == 200
    return response, [row["name"] for row in response.context["rows"]]


def test_a_supervisor_sees_no_names_when_no_place_frees_within_30_days(client, setup):
    _fill(setup, places=2, ending=[])
    first, second = _queued(setup, days_ago=20), _queued(setup, days_ago=10)
    response, names = _names(client, setup, setup.supervisor)
    assert names == ["", ""]
    html = response.content.decode()
    assert first.first_name not in html and second.first_name not in html
    assert not AccessLog.objects.filter(user=setup.supervisor, action=AccessLog.Action.VIEW).exists()


def test_a_supervisor_sees_only_the_head_of_the_queue_that_can_start_within_30_days(client, setup):
    _fill(setup, places=2, ending=[TODAY + dt.timedelta(days=10)])
    first, second = _queued(setup, days_ago=20), _queued(setup, days_ago=10)
    _response, names = _names(client, setup, setup.supervisor)
    assert names == [first.full_name, ""]
    logged = AccessLog.objects.filter(user=setup.supervisor, action=AccessLog.Action.VIEW)
    assert list(logged.values_list("participant_ref", "detail")) == [(first.pk, "kö")]
    assert second.pk not in logged.values_list("participant_ref", flat=True)


def test_a_supervisor_never_sees_a_queued_participant_without_consent_to_the_organisation(client, setup):
    _fill(setup, places=2, ending=[TODAY + dt.timedelta(days=1), TODAY + dt.timedelta(days=2)])
    without = _queued(setup, consent=False, days_ago=20)
    with_consent = _queued(setup, days_ago=10)
    _response, names = _names(client, setup, setup.supervisor)
    assert names == ["", with_consent.full_name]
    assert without.first_name not in _response.content.decode()


def test_the_case_officer_and_the_coordinator_see_their_names_whatever_the_places(client, setup):
    _fill(setup, places=1, ending=[])
    first = _queued(setup)
    assert _names(client, setup, setup.ams)[1] == [first.full_name]
    assert _names(client, setup, setup.coordinator)[1] == [first.full_name]
    assert _names(client, setup, setup.other_ams)[1] == [""]
