import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participants.models import AccessLog
from programmes.models import Enrolment, Phase
from programmes.tests.factories import enrol, programme_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return programme_world()


def test_the_coordinator_sees_every_team_with_caseload_and_target(client, w):
    client.force_login(w.coordinator)
    response = client.get(reverse("programmes:overview", args=[w.programme.pk]))
    rows = {(r.team.name, r.current, r.team.caseload_target) for r in response.context["teams"]}
    assert rows == {("Team 1", 1, 150), ("Team 2", 0, 150)}
    assert response.context["total_free"] == 299
    assert [p.organisation.name for p in response.context["parties"]] == ["Arbetsförmedlingen"]


def test_a_process_leader_sees_only_the_own_team_in_the_overview(client, w):
    client.force_login(w.leader)
    response = client.get(reverse("programmes:overview", args=[w.programme.pk]))
    assert [r.team for r in response.context["teams"]] == [w.team]


def test_the_programme_list_shows_only_the_own_programmes_to_team_staff(client, w):
    client.force_login(w.member)
    response = client.get(reverse("programmes:index"))
    assert list(response.context["programmes"]) == [w.programme]


def test_the_team_caseload_counts_by_phase_and_logs_each_person_shown(client, w):
    enrol(w.programme, w.team, w.member)
    client.force_login(w.member)
    response = client.get(reverse("programmes:team", args=[w.team.pk]))
    assert [(c.phase.position, c.count) for c in response.context["counts"]] == [(1, 2), (2, 0), (3, 0)]
    shown = {r["enrolment"].participant_id for r in response.context["rows"]}
    assert len(shown) == 2
    logged = set(
        AccessLog.objects.filter(user=w.member, action=AccessLog.Action.VIEW).values_list(
            "participant_ref", flat=True
        )
    )
    assert logged == shown


def test_the_team_caseload_lists_the_chosen_phase_only(client, w):
    second = Phase.objects.get(partnership=w.programme, position=2)
    client.force_login(w.leader)
    response = client.get(reverse("programmes:team", args=[w.team.pk]), {"fas": second.pk})
    assert response.context["chosen"] == second
    assert response.context["rows"] == []


def test_the_process_leader_caseload_lists_the_leaders_people(client, w):
    enrol(w.programme, w.team, w.member)
    client.force_login(w.coordinator)
    response = client.get(reverse("programmes:leader", args=[w.programme.pk, w.leader.pk]))
    assert [r["enrolment"] for r in response.context["rows"]] == [w.enrolment]


def test_the_enrolment_page_logs_the_read(client, w):
    client.force_login(w.leader)
    response = client.get(reverse("programmes:enrolment", args=[w.enrolment.pk]))
    assert response.status_code == 200
    assert AccessLog.objects.filter(
        user=w.leader, participant_ref=w.enrolment.participant_id, action=AccessLog.Action.VIEW
    ).exists()


@pytest.mark.parametrize(
    "name,args",
    [
        ("programmes:overview", lambda w: [w.other_programme.pk]),
        ("programmes:team", lambda w: [w.team2.pk]),
        ("programmes:team", lambda w: [w.other_team.pk]),
        ("programmes:leader", lambda w: [w.other_programme.pk, w.other_leader.pk]),
        ("programmes:enrolment", lambda w: [w.other_enrolment.pk]),
        ("programmes:reassign", lambda w: [w.other_enrolment.pk]),
        ("programmes:enrol", lambda w: [w.team2.pk]),
    ],
)
def test_another_teams_or_programmes_objects_are_not_found(client, w, name, args):
    client.force_login(w.leader)
    assert client.get(reverse(name, args=args(w))).status_code == 404


def test_another_teams_enrolment_is_not_found_and_the_refusal_is_logged(client, w):
    other = enrol(w.programme, w.team2, w.leader2)
    client.force_login(w.member)
    assert client.get(reverse("programmes:enrolment", args=[other.pk])).status_code == 404
    assert AccessLog.objects.filter(user=w.member, action=AccessLog.Action.DENIED).exists()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["overview", "team", "leader", "enrolment"])
def test_page_queries_stay_within_20_and_do_not_grow_with_the_caseload(client, w, name):
    args = {
        "overview": [w.programme.pk],
        "team": [w.team.pk],
        "leader": [w.programme.pk, w.leader.pk],
        "enrolment": [w.enrolment.pk],
    }[name]
    url = reverse(f"programmes:{name}", args=args)
    client.force_login(w.leader)
    _queries(client, url)  # the first page after login also saves the session
    few = _queries(client, url)
    for _ in range(12):
        enrol(w.programme, w.team, w.leader)
    assert Enrolment.objects.filter(team=w.team).count() == 13
    assert _queries(client, url) == few <= 20
