import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from participants.models import AccessLog
from programmes.models import Activity, Participation, ParticipationTalk
from programmes.selectors import workplace_share
from programmes.services import participation_end, participation_start, participation_talk_add
from programmes.tests.factories import START, enrol, programme_world

pytestmark = pytest.mark.django_db

DAY = START + dt.timedelta(days=7)


@pytest.fixture
def w():
    world = programme_world()
    world.practice = Activity.objects.create(
        partnership=world.programme, name="Arbetspraktik", kind=Activity.Kind.WORKPLACE, workplace_based=True
    )
    world.matching = Activity.objects.create(
        partnership=world.programme, name="Matchning", kind=Activity.Kind.MATCHING
    )
    world.other_activity = Activity.objects.create(
        partnership=world.other_programme, name="Matchning", kind=Activity.Kind.MATCHING
    )
    return world


def _start(w, activity=None, enrolment=None):
    return participation_start(
        enrolment=enrolment or w.enrolment, activity=activity or w.practice, start_date=DAY, by=w.leader
    )


def _talk(w, participation, purpose):
    return participation_talk_add(
        enrolment=participation.enrolment,
        participation=participation,
        purpose=purpose,
        held_on=DAY,
        by=w.leader,
    )


def test_a_participation_ends_once_a_closing_talk_is_held(w):
    participation = _start(w)
    _talk(w, participation, ParticipationTalk.Purpose.OPENS)
    _talk(w, participation, ParticipationTalk.Purpose.CLOSES)
    participation_end(enrolment=w.enrolment, participation=participation, end_date=DAY, by=w.leader)
    participation.refresh_from_db()
    assert participation.end_date == DAY


def test_a_participation_is_not_ended_without_a_closing_talk(w):
    participation = _start(w)
    _talk(w, participation, ParticipationTalk.Purpose.OPENS)
    with pytest.raises(ValidationError, match="Arbetspraktik är inte avslutad med ett uppföljningssamtal"):
        participation_end(enrolment=w.enrolment, participation=participation, end_date=DAY, by=w.leader)
    participation.refresh_from_db()
    assert participation.end_date is None


def test_an_activity_of_another_programme_is_refused(w):
    with pytest.raises(ValidationError) as exc:
        _start(w, activity=w.other_activity)
    assert "activity" in exc.value.message_dict
    assert not Participation.objects.exists()


def test_an_activity_cannot_start_before_the_enrolment(w):
    with pytest.raises(ValidationError) as exc:
        participation_start(
            enrolment=w.enrolment, activity=w.practice, start_date=START - dt.timedelta(days=1), by=w.leader
        )
    assert "start_date" in exc.value.message_dict


def test_the_same_activity_cannot_be_ongoing_twice(w):
    _start(w)
    with pytest.raises(ValidationError):
        _start(w)
    assert Participation.objects.count() == 1


def test_the_workplace_share_counts_participants_with_a_workplace_based_activity(w):
    second = enrol(w.programme, w.team, w.leader)
    enrol(w.programme, w.team, w.leader)
    enrol(w.programme, w.team2, w.leader2)
    _start(w)  # the first of four: workplace-based
    _start(w, activity=w.matching, enrolment=second)  # not workplace-based
    share = workplace_share(w.programme)
    assert (share.enrolled, share.in_workplace, share.percent, share.meets_goal) == (4, 1, 25, False)
    assert workplace_share(w.other_programme).in_workplace == 0


def test_the_workplace_share_meets_the_goal_at_65_percent():
    from programmes.selectors import WorkplaceShare

    assert WorkplaceShare(enrolled=20, in_workplace=13).meets_goal
    assert not WorkplaceShare(enrolled=20, in_workplace=12).meets_goal
    assert WorkplaceShare(enrolled=0, in_workplace=0).percent is None


def test_a_team_member_registers_a_participation_from_the_enrolment_page(client, w):
    client.force_login(w.member)
    response = client.post(
        reverse("programmes:participation_add", args=[w.enrolment.pk]),
        {"activity": w.practice.pk, "start_date": DAY.isoformat(), "hours": "20"},
    )
    assert response.status_code == 302
    participation = Participation.objects.get()
    assert (participation.activity, participation.hours, participation.created_by) == (
        w.practice,
        20,
        w.member,
    )
    assert AccessLog.objects.filter(
        user=w.member, participant_ref=w.enrolment.participant_id, action=AccessLog.Action.CREATE
    ).exists()


def test_ending_without_a_closing_talk_answers_400_with_the_message_and_saves_nothing(client, w):
    participation = _start(w)
    client.force_login(w.leader)
    response = client.post(
        reverse("programmes:participation_close", args=[w.enrolment.pk]),
        {"participation": participation.pk, "end_date": DAY.isoformat()},
    )
    assert response.status_code == 400
    assert "inte avslutad med ett uppföljningssamtal" in str(response.context["activity_end_form"].errors)
    participation.refresh_from_db()
    assert participation.end_date is None


def test_talk_and_end_through_the_pages(client, w):
    participation = _start(w)
    client.force_login(w.member)
    url = reverse("programmes:participation_talk", args=[w.enrolment.pk])
    response = client.post(
        url, {"participation": participation.pk, "purpose": "closes", "held_on": DAY.isoformat()}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("programmes:participation_close", args=[w.enrolment.pk]),
        {"participation": participation.pk, "end_date": DAY.isoformat()},
    )
    assert response.status_code == 302
    participation.refresh_from_db()
    assert participation.end_date == DAY


def test_bad_input_gives_swedish_errors_at_the_fields_and_saves_nothing(client, w):
    client.force_login(w.leader)
    response = client.post(
        reverse("programmes:participation_add", args=[w.enrolment.pk]),
        {"activity": w.other_activity.pk, "start_date": "igår", "hours": "-3"},
    )
    assert response.status_code == 400
    errors = response.context["start_form"].errors
    assert set(errors) == {"activity", "start_date", "hours"}
    assert "giltig" in errors["start_date"][0] or "Ange" in errors["start_date"][0]
    assert not Participation.objects.exists()


def test_a_talk_dated_before_the_activity_started_is_refused_at_the_field(client, w):
    participation = _start(w)
    client.force_login(w.leader)
    response = client.post(
        reverse("programmes:participation_talk", args=[w.enrolment.pk]),
        {"participation": participation.pk, "purpose": "opens", "held_on": START.isoformat()},
    )
    assert response.status_code == 400
    assert "före aktivitetens start" in response.context["activity_talk_form"].errors["held_on"][0]
    assert not ParticipationTalk.objects.exists()


def test_another_enrolments_participation_cannot_be_chosen(client, w):
    other = enrol(w.programme, w.team, w.leader)
    participation = _start(w, enrolment=other)
    client.force_login(w.leader)
    response = client.post(
        reverse("programmes:participation_talk", args=[w.enrolment.pk]),
        {"participation": participation.pk, "purpose": "opens", "held_on": DAY.isoformat()},
    )
    assert response.status_code == 400
    assert "participation" in response.context["activity_talk_form"].errors


@pytest.mark.parametrize("name", ["participation_add", "participation_talk", "participation_close"])
@pytest.mark.parametrize("who,enrolment", [("leader", "other_enrolment"), ("leader2", "enrolment")])
def test_another_teams_or_programmes_enrolment_is_not_found(client, w, name, who, enrolment):
    client.force_login(getattr(w, who))
    response = client.post(reverse(f"programmes:{name}", args=[getattr(w, enrolment).pk]), {})
    assert response.status_code == 404
    assert AccessLog.objects.filter(user=getattr(w, who), action=AccessLog.Action.DENIED).exists()


def test_the_overview_shows_the_catalogue_and_the_workplace_share(client, w):
    _start(w)
    client.force_login(w.coordinator)
    response = client.get(reverse("programmes:overview", args=[w.programme.pk]))
    assert [a.name for a in response.context["activities"]] == ["Arbetspraktik", "Matchning"]
    assert response.context["workplace"].percent == 100


def test_the_caseload_counts_talks_to_hold_and_people_without_activity(client, w):
    from programmes.models import PhaseTalk
    from programmes.services import phase_talk_add

    opened = enrol(w.programme, w.team, w.leader)  # phase opened, in an activity opened by a talk
    phase_talk_add(enrolment=opened, purpose=PhaseTalk.Purpose.OPENS, held_on=START, by=w.leader)
    _talk(w, _start(w, enrolment=opened), ParticipationTalk.Purpose.OPENS)
    unopened_activity = enrol(w.programme, w.team, w.leader)  # phase opened, activity not
    phase_talk_add(enrolment=unopened_activity, purpose=PhaseTalk.Purpose.OPENS, held_on=START, by=w.leader)
    _start(w, enrolment=unopened_activity)
    # w.enrolment: phase not opened, no activity
    client.force_login(w.member)
    response = client.get(reverse("programmes:team", args=[w.team.pk]))
    flags = response.context["flags"]
    assert (flags.talks_due, flags.without_activity) == (2, 1)
    other = client.get(reverse("programmes:leader", args=[w.programme.pk, w.leader.pk]))
    assert other.context["flags"] == flags
