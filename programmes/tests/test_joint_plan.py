"""The joint coordinated plan: revisions kept, the rules of a joint plan, the plan count, the page."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from participants.models import AccessLog
from programmes.models import Activity, JointPlan, ProgrammeParty
from programmes.selectors import plan_count
from programmes.services import enrolment_end, joint_plan_revise
from programmes.tests.factories import enrol, programme_world
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def w():
    world = programme_world()
    agency = ProgrammeParty.objects.get(partnership=world.programme)
    city = ProgrammeParty.objects.create(
        partnership=world.programme, organisation=OrganisationFactory(name="Malmö stad"), kind="city"
    )
    foreign = ProgrammeParty.objects.create(
        partnership=world.other_programme, organisation=OrganisationFactory(name="Region"), kind="region"
    )
    world.parties, world.foreign_party = [agency, city], foreign
    world.activity = Activity.objects.create(
        partnership=world.programme, name="Matchning mot arbete", kind="matching"
    )
    return world


def _revise(w, **kw):
    args = {
        "enrolment": w.enrolment,
        "decided_on": dt.date(2026, 2, 1),
        "parties": w.parties,
        "goal": "Arbete inom lager",
        "activities": [w.activity],
        "by": w.leader,
    }
    return joint_plan_revise(**(args | kw))


def test_each_revision_is_kept_and_the_latest_is_in_force(w):
    first = _revise(w)
    second = _revise(w, decided_on=dt.date(2026, 3, 1), goal="Studier på komvux", activities=[])
    assert (first.revision, second.revision) == (1, 2)
    first.refresh_from_db()
    assert first.goal == "Arbete inom lager" and list(first.activities.all()) == [w.activity]
    assert list(JointPlan.objects.filter(enrolment=w.enrolment).values_list("revision", flat=True)) == [2, 1]
    assert (
        AccessLog.objects.filter(
            participant=w.enrolment.participant, action=AccessLog.Action.CREATE, detail__contains="samordnad"
        ).count()
        == 2
    )


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"parties": "one"}, "parties", "minst två parter"),
        ({"parties": "foreign"}, "parties", "annat program"),
        ({"decided_on": dt.date(2026, 1, 1)}, "decided_on", "före inskrivningen"),
        ({"decided_on": dt.date(2026, 3, 3)}, "decided_on", "framtiden"),
    ],
)
def test_a_plan_that_breaks_a_rule_is_refused_with_a_message_at_the_field(w, change, field, message):
    if change.get("parties") == "one":
        change["parties"] = w.parties[:1]
    elif change.get("parties") == "foreign":
        change["parties"] = [w.parties[0], w.foreign_party]
    with pytest.raises(ValidationError) as exc:
        _revise(w, **change)
    assert message in str(exc.value.message_dict[field])
    assert not JointPlan.objects.exists()


def test_a_revision_may_not_be_older_than_the_one_before_nor_made_after_the_exit(w):
    _revise(w, decided_on=dt.date(2026, 2, 10))
    with pytest.raises(ValidationError, match="förra versionen"):
        _revise(w, decided_on=dt.date(2026, 2, 9))
    enrolment_end(enrolment=w.enrolment, on=dt.date(2026, 3, 1), outcome="work", by=w.leader)
    w.enrolment.refresh_from_db()
    with pytest.raises(ValidationError, match="utskriven"):
        _revise(w, decided_on=dt.date(2026, 3, 1))


def test_the_plan_count_counts_participants_with_a_plan_not_revisions(w):
    _revise(w)
    _revise(w, decided_on=dt.date(2026, 2, 2))
    enrol(w.programme, w.team, w.leader)
    assert (plan_count(w.programme).enrolled, plan_count(w.programme).with_plan) == (2, 1)
    assert plan_count(w.programme).percent == 50
    assert plan_count(w.other_programme).with_plan == 0


def test_a_team_member_establishes_the_plan_on_its_page(client, w):
    client.force_login(w.member)
    url = reverse("programmes:plan", args=[w.enrolment.pk])
    assert "Upprätta planen" in client.get(url).content.decode()
    data = {
        "decided_on": "2026-02-01",
        "parties": [p.pk for p in w.parties],
        "goal": "Arbete inom lager",
        "activities": [w.activity.pk],
        "note": "AF ordnar praktik, staden försörjningsstöd.",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    plan = JointPlan.objects.get()
    assert (plan.revision, plan.created_by, plan.note) == (1, w.member, data["note"])
    page = client.get(url).content.decode()
    assert "Gällande plan: version 1" in page and "Ny version av planen" in page


def test_bad_input_gives_400_with_messages_and_saves_nothing(client, w):
    client.force_login(w.leader)
    url = reverse("programmes:plan", args=[w.enrolment.pk])
    response = client.post(url, {"decided_on": "2026-13-01", "parties": [w.parties[0].pk], "goal": ""})
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) >= {"decided_on", "goal"}
    response = client.post(url, {"decided_on": "2026-02-01", "parties": [w.parties[0].pk], "goal": "Arbete"})
    assert response.status_code == 400
    assert "minst två parter" in str(response.context["form"].errors["parties"])
    assert not JointPlan.objects.exists()


def test_another_teams_leader_gets_404(client, w):
    client.force_login(w.leader2)
    assert client.get(reverse("programmes:plan", args=[w.enrolment.pk])).status_code == 404


def test_the_plan_page_queries_do_not_grow_with_revisions(client, w, django_assert_max_num_queries):
    client.force_login(w.leader)
    url = reverse("programmes:plan", args=[w.enrolment.pk])
    client.get(url)
    _revise(w)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for day in range(2, 12):
        _revise(w, decided_on=dt.date(2026, 2, day))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
