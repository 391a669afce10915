"""The time-report pages of a team's month: who may open them, what they log, bad input and reported
months (4xx with a Swedish message at the field, nothing saved), and their query counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from participants.models import AccessLog
from programmes.models import Activity, ParticipantTimeReport, StaffTimeReport, TeamMember
from programmes.services import month_lock, participation_start
from programmes.tests.factories import enrol, programme_world

pytestmark = pytest.mark.django_db

MAR = dt.date(2026, 3, 1)


@pytest.fixture
def w():
    world = programme_world()
    activity = Activity.objects.create(
        partnership=world.programme, name="Matchning", kind=Activity.Kind.MATCHING
    )
    world.participation = participation_start(
        enrolment=world.enrolment, activity=activity, start_date=dt.date(2026, 2, 2), by=world.leader
    )
    return world


def _url(w, name="programmes:participant_time", team=None):
    return reverse(name, kwargs={"pk": (team or w.team).pk, "year": 2026, "month": 3})


def _cell(w, participation=True):
    return f"h_{w.enrolment.pk}_{w.participation.pk if participation else 0}"


def test_the_team_sees_its_month_with_the_flags_and_each_participant_read_is_logged(client, w):
    second = enrol(w.programme, w.team, w.leader)
    ParticipantTimeReport.objects.create(
        enrolment=w.enrolment, month=MAR, participation=w.participation, hours=Decimal(3), created_by=w.leader
    )
    client.force_login(w.member)
    response = client.get(_url(w))
    assert response.status_code == 200
    assert (response.context["under_minimum"], response.context["missing"]) == (1, 1)
    assert "saknar tidrapport" in response.content.decode()
    logged = AccessLog.objects.filter(user=w.member, action=AccessLog.Action.VIEW)
    assert set(logged.values_list("participant_ref", flat=True)) == {
        w.enrolment.participant_id,
        second.participant_id,
    }


def test_another_team_or_programme_is_not_found_and_team_members_may_not_see_staff_costs(client, w):
    client.force_login(w.leader2)
    assert client.get(_url(w)).status_code == 404
    client.force_login(w.other_leader)
    assert client.get(_url(w)).status_code == 404
    client.force_login(w.member)
    assert client.get(_url(w, "programmes:staff_time")).status_code == 403
    assert client.post(_url(w, "programmes:time_lock")).status_code == 403
    client.force_login(w.leader)
    assert (
        client.get(
            reverse("programmes:participant_time", kwargs={"pk": w.team.pk, "year": 2026, "month": 13})
        ).status_code
        == 404
    )


def test_a_valid_table_is_saved(client, w):
    client.force_login(w.member)
    response = client.post(_url(w), {_cell(w): "7,5", _cell(w, participation=False): "1"})
    assert response.status_code == 302
    saved = dict(ParticipantTimeReport.objects.values_list("participation_id", "hours"))
    assert saved == {w.participation.pk: Decimal("7.5"), None: Decimal("1")}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", "Timmar kan inte vara negativa."),
        ("745", "Högst 744 timmar i en månad."),
        ("sju", "Ange timmar som ett tal, t.ex. 7,5."),
    ],
)
def test_bad_hours_give_a_swedish_error_at_the_cell_and_save_nothing(client, w, value, message):
    client.force_login(w.leader)
    response = client.post(_url(w), {_cell(w): value, _cell(w, participation=False): "4"})
    assert response.status_code == 400
    assert response.context["form"].errors == {_cell(w): [message]}
    assert message in response.content.decode()
    assert not ParticipantTimeReport.objects.exists()


def test_a_reported_month_refuses_changes_on_the_page(client, w):
    client.force_login(w.leader)
    assert client.post(_url(w, "programmes:time_lock")).status_code == 302
    response = client.post(_url(w), {_cell(w): "5"})
    assert response.status_code == 400
    assert "Månaden är rapporterad och kan inte längre ändras." in response.content.decode()
    assert client.post(_url(w, "programmes:time_lock")).status_code == 400
    assert client.post(_url(w, "programmes:staff_time"), {}).status_code == 400
    assert not ParticipantTimeReport.objects.exists()


def test_the_staff_page_saves_costs_and_hours_and_shows_the_salary_cost(client, w):
    member = TeamMember.objects.get(team=w.team, user=w.member)
    client.force_login(w.leader)
    data = {f"cost_{member.pk}": "389,90", f"h_{member.pk}_implementation": "100,25"}
    assert client.post(_url(w, "programmes:staff_time"), data).status_code == 302
    row = StaffTimeReport.objects.get()
    assert (row.hours, row.hourly_cost, row.project_phase) == (
        Decimal("100.25"),
        Decimal("389.90"),
        "implementation",
    )
    response = client.get(_url(w, "programmes:staff_time"))
    assert response.context["total"] == Decimal("39087.48")
    bad = client.post(_url(w, "programmes:staff_time"), {f"cost_{member.pk}": "-5"})
    assert bad.status_code == 400
    assert bad.context["form"].errors == {f"cost_{member.pk}": ["Timkostnaden kan inte vara negativ."]}


def test_query_counts_do_not_grow_with_the_team(client, w, django_assert_max_num_queries):
    client.force_login(w.leader)
    with django_assert_max_num_queries(QUERIES) as few:
        client.get(_url(w))
    for _ in range(5):
        enrol(w.programme, w.team, w.leader)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(_url(w))
    with django_assert_max_num_queries(STAFF_QUERIES):
        client.get(_url(w, "programmes:staff_time"))


def test_locking_is_a_service_a_month_can_be_locked_only_once(w):
    month_lock(team=w.team, month=MAR, by=w.leader)
    assert w.team.reported_months.get().month == MAR


QUERIES = 14
STAFF_QUERIES = 6
