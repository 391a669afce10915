import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from participants.models import AccessLog, Situation
from programmes.models import (
    Activity,
    Enrolment,
    EnrolmentExit,
    EnrolmentPhase,
    EnrolmentSituation,
    Participation,
)
from programmes.services import (
    enrolment_end,
    enrolment_situation_record,
    participation_start,
    participation_talk_add,
)
from programmes.tests.factories import START, programme_world

pytestmark = pytest.mark.django_db

EXIT = dt.date(2026, 6, 1)


@pytest.fixture
def w():
    world = programme_world()
    world.practice = Activity.objects.create(
        partnership=world.programme, name="Arbetspraktik", kind=Activity.Kind.WORKPLACE, workplace_based=True
    )
    return world


def _participation(w, *, closed: bool):
    p = participation_start(enrolment=w.enrolment, activity=w.practice, start_date=START, by=w.leader)
    if closed:
        participation_talk_add(
            enrolment=w.enrolment, participation=p, purpose="closes", held_on=EXIT, by=w.leader
        )
    return p


def _decided(**overrides):
    data = {
        "on": EXIT.isoformat(),
        "outcome": "decided",
        "decision_date": "2026-05-20",
        "starts_on": "2026-08-01",
        "receiving_officer": "Karin Handläggare, Arbetsförmedlingen",
        "handover_note": "Börjar som lagerarbetare i augusti.",
    }
    return {**data, **overrides}


def test_a_process_leader_writes_out_with_a_decided_start_within_90_days(client, w):
    participation = _participation(w, closed=True)
    client.force_login(w.leader)
    response = client.post(reverse("programmes:exit", args=[w.enrolment.pk]), _decided())
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(pk=w.enrolment.pk)
    exit_row = EnrolmentExit.objects.get(enrolment=enrolment)
    assert enrolment.end_date == EXIT
    assert (exit_row.outcome, exit_row.starts_on) == ("decided", dt.date(2026, 8, 1))
    assert Participation.objects.get(pk=participation.pk).end_date == EXIT
    assert not EnrolmentPhase.objects.filter(enrolment=enrolment, end_date__isnull=True).exists()
    assert AccessLog.objects.filter(
        user=w.leader, action=AccessLog.Action.CHANGE, detail__contains="utskrivning"
    ).exists()


def test_a_start_more_than_90_days_after_exit_is_refused_at_the_field(client, w):
    client.force_login(w.leader)
    response = client.post(
        reverse("programmes:exit", args=[w.enrolment.pk]), _decided(starts_on="2026-09-01")
    )
    assert response.status_code == 400
    assert "inom 90 dagar" in response.context["form"].errors["starts_on"][0]
    assert Enrolment.objects.get(pk=w.enrolment.pk).end_date is None
    assert not EnrolmentExit.objects.exists()


def test_a_decided_start_needs_both_dates(client, w):
    client.force_login(w.leader)
    response = client.post(
        reverse("programmes:exit", args=[w.enrolment.pk]), _decided(decision_date="", starts_on="")
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"decision_date", "starts_on"}
    assert not EnrolmentExit.objects.exists()


def test_the_start_on_the_90th_day_is_accepted(w):
    enrolment_end(
        enrolment=w.enrolment,
        on=EXIT,
        outcome="decided",
        decision_date=EXIT,
        starts_on=EXIT + dt.timedelta(days=90),
        by=w.leader,
    )
    assert EnrolmentExit.objects.get().starts_on == dt.date(2026, 8, 30)


def test_exit_is_refused_while_an_activity_is_open_without_a_closing_talk(client, w):
    participation = _participation(w, closed=False)
    client.force_login(w.leader)
    response = client.post(reverse("programmes:exit", args=[w.enrolment.pk]), _decided(outcome="work"))
    assert response.status_code == 400
    assert (
        "Arbetspraktik är inte avslutad med ett uppföljningssamtal"
        in response.context["form"].non_field_errors()[0]
    )
    assert Enrolment.objects.get(pk=w.enrolment.pk).end_date is None
    assert Participation.objects.get(pk=participation.pk).end_date is None
    assert not EnrolmentExit.objects.exists()


def test_other_outcomes_keep_no_decision_dates(w):
    enrolment_end(
        enrolment=w.enrolment, on=EXIT, outcome="work", decision_date=EXIT, starts_on=EXIT, by=w.leader
    )
    exit_row = EnrolmentExit.objects.get()
    assert (exit_row.decision_date, exit_row.starts_on) == (None, None)


def test_an_enrolment_is_written_out_once(w):
    enrolment_end(enrolment=w.enrolment, on=EXIT, outcome="other", by=w.leader)
    with pytest.raises(ValidationError, match="redan utskriven"):
        enrolment_end(enrolment=w.enrolment, on=EXIT, outcome="other", by=w.leader)


def test_bad_input_on_the_exit_page_gives_swedish_errors(client, w):
    client.force_login(w.leader)
    response = client.post(reverse("programmes:exit", args=[w.enrolment.pk]), {"on": "igår", "outcome": "x"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"on", "outcome"}
    assert not EnrolmentExit.objects.exists()


def test_the_exit_page_of_another_team_is_not_found_and_logged(client, w):
    client.force_login(w.leader2)
    assert client.get(reverse("programmes:exit", args=[w.enrolment.pk])).status_code == 404
    assert client.get(reverse("programmes:exit", args=[w.other_enrolment.pk])).status_code == 404
    assert AccessLog.objects.filter(user=w.leader2, action=AccessLog.Action.DENIED).count() == 2


def test_a_team_member_may_not_write_out(client, w):
    client.force_login(w.member)
    assert client.get(reverse("programmes:exit", args=[w.enrolment.pk])).status_code == 403


def test_the_situation_at_start_exit_and_six_months_after(client, w):
    client.force_login(w.leader)
    url = reverse("programmes:situation", args=[w.enrolment.pk])
    start = {"moment": "start", "recorded_on": START.isoformat(), "support_kind": "forsorjningsstod"}
    assert client.post(url, {**start, "occupation_percent": "0"}).status_code == 302
    enrolment_end(enrolment=w.enrolment, on=EXIT, outcome="work", by=w.leader)
    exit_data = {"moment": "exit", "recorded_on": EXIT.isoformat(), "support_kind": "ingen"}
    response = client.post(url, {**exit_data, "occupation_percent": "100"})
    assert response.status_code == 302
    early = {"moment": "follow_up", "recorded_on": "2026-09-01", "support_kind": "forsorjningsstod"}
    response = client.post(url, {**early, "occupation_percent": "100"})
    assert response.status_code == 400
    assert "sex månader" in response.context["situation_form"].errors["recorded_on"][0]
    page = client.get(reverse("programmes:enrolment", args=[w.enrolment.pk]))
    assert [s.moment for s in page.context["situations"]][0] == "start"


def test_a_situation_is_recorded_once_per_moment(w):
    kwargs = {"enrolment": w.enrolment, "moment": "start", "recorded_on": START, "by": w.leader}
    enrolment_situation_record(support_kind="forsorjningsstod", occupation_percent=0, **kwargs)
    with pytest.raises(ValidationError):
        enrolment_situation_record(support_kind="forsorjningsstod", occupation_percent=0, **kwargs)
    assert Situation.objects.count() == EnrolmentSituation.objects.count() == 1


def test_exit_and_follow_up_situations_wait_for_the_exit(client, w):
    client.force_login(w.leader)
    response = client.post(
        reverse("programmes:situation", args=[w.enrolment.pk]),
        {
            "moment": "exit",
            "recorded_on": EXIT.isoformat(),
            "support_kind": "forsorjningsstod",
            "occupation_percent": "0",
        },
    )
    assert response.status_code == 400
    assert "moment" in response.context["situation_form"].errors
    assert not Situation.objects.exists()


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["exit", "enrolment"])
def test_the_pages_queries_do_not_grow_with_activities_and_talks(client, w, name):
    def add_participations(n: int, first: int) -> None:
        for i in range(first, first + n):
            activity = Activity.objects.create(
                partnership=w.programme, name=f"Aktivitet {i}", kind="matching"
            )
            p = participation_start(enrolment=w.enrolment, activity=activity, start_date=START, by=w.leader)
            participation_talk_add(
                enrolment=w.enrolment, participation=p, purpose="opens", held_on=START, by=w.leader
            )

    url = reverse(f"programmes:{name}", args=[w.enrolment.pk])
    add_participations(1, 0)  # with none, the talks are not fetched at all
    client.force_login(w.leader)
    _queries(client, url)  # the first page after login also saves the session
    few = _queries(client, url)
    add_participations(6, 1)
    enrolment_situation_record(
        enrolment=w.enrolment,
        moment="start",
        recorded_on=START,
        support_kind="forsorjningsstod",
        occupation_percent=0,
        by=w.leader,
    )
    assert _queries(client, url) == few <= 20


def test_a_participant_whose_process_leader_left_the_team_can_still_be_written_out(w):
    from programmes.models import TeamMember

    TeamMember.objects.filter(team=w.team, user=w.leader).delete()
    enrolment_end(enrolment=w.enrolment, on=EXIT, outcome="af_fk", by=w.member)
    assert Enrolment.objects.get(pk=w.enrolment.pk).end_date == EXIT
