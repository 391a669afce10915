"""Placement pages: start (capacity rule), the placement page, edit with optimistic locking,
extension, pauses, working-time steps, plan revisions and ending."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from iop.dates import add_months
from iop.roles import Role
from participants.models import AccessLog, IndividualPlan, Pause, Placement, Referral, WorkingTimeStep
from participants.tests.factories import (
    ConsentFactory,
    ParticipantFactory,
    PlacementFactory,
    ReferralFactory,
    end_reason,
)
from tests.factories import OrganisationFactory, UserFactory, WorkAreaFactory

TODAY = timezone.localdate()


def _person(setup):
    p = ParticipantFactory(case_officer=setup.ams)
    ConsentFactory(participant=p, partnership=setup.partnership, organisation=setup.partner)
    return p


@pytest.fixture
def accepted(setup):
    return ReferralFactory(
        participant=_person(setup), partnership=setup.partnership, status=Referral.Status.ACCEPTED
    )


@pytest.fixture
def placement(setup):
    return PlacementFactory(
        participant=_person(setup),
        partnership=setup.partnership,
        start_date=TODAY - dt.timedelta(days=30),
        work_area=setup.work_area,
        supervisor=setup.supervisor,
    )


def _start(client, referral, setup, **over):
    data = {
        "work_area": setup.work_area.pk,
        "supervisor": setup.supervisor.pk,
        "start_date": TODAY.isoformat(),
    }
    data.update(over)
    return client.post(reverse("participants:placement_start", args=[referral.pk]), data)


# --- Start -----------------------------------------------------------------------------------------


def test_case_officer_starts_a_placement_with_the_default_planned_end(client, setup, accepted):
    client.force_login(setup.ams)
    response = _start(client, accepted, setup)
    placement = Placement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:placement_detail", args=[placement.pk])
    assert placement.planned_end_date == add_months(TODAY, 4)
    accepted.refresh_from_db()
    assert accepted.status == Referral.Status.PLACED


def test_a_full_partnership_refuses_with_the_first_full_date_and_offers_the_queue(client, setup, accepted):
    setup.partnership.places_at_once = 1
    setup.partnership.save()
    PlacementFactory(
        participant=_person(setup), partnership=setup.partnership, start_date=TODAY + dt.timedelta(days=5)
    )
    client.force_login(setup.ams)
    response = _start(client, accepted, setup)
    assert response.status_code == 400
    html = response.content.decode()
    assert (TODAY + dt.timedelta(days=5)).isoformat() in html
    assert "Ställ i kö" in html
    assert response.context["position"] == 1
    assert Placement.objects.count() == 1
    accepted.refresh_from_db()
    assert accepted.status == Referral.Status.ACCEPTED


def test_planned_end_beyond_the_maximum_is_refused_at_start(client, setup, accepted):
    client.force_login(setup.ams)
    response = _start(client, accepted, setup, planned_end_date=add_months(TODAY, 6).isoformat())
    assert response.status_code == 400
    assert not Placement.objects.exists()


def test_only_an_accepted_referral_can_be_started(client, setup):
    referral = ReferralFactory(participant=_person(setup), partnership=setup.partnership)
    client.force_login(setup.ams)
    assert client.get(reverse("participants:placement_start", args=[referral.pk])).status_code == 404


def test_supervisor_cannot_start_placements(client, setup, accepted):
    client.force_login(setup.supervisor)
    assert _start(client, accepted, setup).status_code == 403


# --- Placement page ------------------------------------------------------------------------------------


def test_placement_page_is_logged_and_lists_the_history(client, setup, placement):
    client.force_login(setup.supervisor)
    response = client.get(reverse("participants:placement_detail", args=[placement.pk]))
    assert response.status_code == 200
    assert response.context["changes"]  # the creation at least
    assert AccessLog.objects.filter(
        participant_ref=placement.participant_id, user=setup.supervisor, action=AccessLog.Action.VIEW
    ).exists()


@pytest.mark.parametrize("role", [Role.STYRGRUPP, Role.EKONOMI])
def test_placement_page_refuses_roles_without_participants_and_logs_it(client, setup, placement, role):
    user = UserFactory(organisation=setup.partner, roles=[role])
    client.force_login(user)
    assert client.get(reverse("participants:placement_detail", args=[placement.pk])).status_code == 403
    assert AccessLog.objects.filter(
        participant_ref=placement.participant_id, user=user, action=AccessLog.Action.DENIED
    ).exists()


def test_placement_page_refuses_a_supervisor_of_another_organisation(client, setup, placement):
    client.force_login(UserFactory(organisation=OrganisationFactory(), roles=[Role.HANDLEDARE]))
    assert client.get(reverse("participants:placement_detail", args=[placement.pk])).status_code == 403


def test_placement_page_sends_anonymous_users_to_login(client, placement):
    assert client.get(reverse("participants:placement_detail", args=[placement.pk])).status_code == 302


# --- Edit with optimistic locking ------------------------------------------------------------------------


def test_edit_saves_work_area_and_bumps_the_version(client, setup, placement):
    other_area = WorkAreaFactory(partnership=setup.partnership)
    client.force_login(setup.ams)
    response = client.post(
        reverse("participants:placement_edit", args=[placement.pk]),
        {"work_area": other_area.pk, "supervisor": setup.supervisor.pk, "version": placement.version},
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.work_area == other_area and placement.version == 2


def test_a_stale_edit_shows_the_message_and_saves_nothing(client, setup, placement):
    other_area = WorkAreaFactory(partnership=setup.partnership)
    client.force_login(setup.ams)
    url = reverse("participants:placement_edit", args=[placement.pk])
    form_version = client.get(url).context["form"].initial["version"]
    Placement.objects.filter(pk=placement.pk).update(version=form_version + 1)  # someone else saved
    response = client.post(
        url, {"work_area": other_area.pk, "supervisor": setup.supervisor.pk, "version": form_version}
    )
    assert response.status_code == 400
    assert "Någon annan har ändrat placeringen medan du redigerade" in response.content.decode()
    placement.refresh_from_db()
    assert placement.work_area == setup.work_area


def test_supervisor_cannot_edit_the_placement(client, setup, placement):
    client.force_login(setup.supervisor)
    assert client.get(reverse("participants:placement_edit", args=[placement.pk])).status_code == 403


# --- Extension --------------------------------------------------------------------------------------------


def _extend(client, placement, **over):
    data = {
        "new_end_date": (placement.planned_end_date + dt.timedelta(days=30)).isoformat(),
        "decided_on": TODAY.isoformat(),
        "reason": "Behöver mer tid för målen.",
        "version": placement.version,
    }
    data.update(over)
    return client.post(reverse("participants:placement_extend", args=[placement.pk]), data)


def test_extension_beyond_the_maximum_without_a_joint_decision_is_refused(client, setup, placement):
    client.force_login(setup.ams)
    before = placement.planned_end_date
    response = _extend(client, placement, approved_by_city_user=setup.ams.username)
    assert response.status_code == 400
    placement.refresh_from_db()
    assert placement.planned_end_date == before
    assert not placement.extensions.exists()


def test_extension_beyond_the_maximum_with_a_joint_decision_is_recorded(client, setup, placement):
    client.force_login(setup.ams)
    response = _extend(
        client,
        placement,
        approved_by_city_user=setup.ams.username,
        approved_by_partner_user=setup.supervisor.username,
        participant_consulted="on",
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    extension = placement.extensions.get()
    assert extension.joint_decision and placement.planned_end_date == extension.new_end_date


def test_supervisor_cannot_extend(client, setup, placement):
    client.force_login(setup.supervisor)
    assert _extend(client, placement).status_code == 403


def test_the_approvers_are_typed_with_suggestions_from_the_placements_parties(client, setup, placement):
    client.force_login(setup.ams)
    html = client.get(reverse("participants:placement_extend", args=[placement.pk])).content.decode()
    city = reverse("participants:approver_lookup", kwargs={"pk": placement.pk, "side": "city"})
    partner = reverse("participants:approver_lookup", kwargs={"pk": placement.pk, "side": "partner"})
    assert f'data-lookup-url="{city}"' in html and f'data-lookup-url="{partner}"' in html
    assert "<option" not in html.split('name="approved_by_city_user"')[1].split("</datalist>")[0]
    found = client.get(city, {"q": setup.ams.username}).json()["results"]
    assert setup.ams.username in [r["value"] for r in found]
    # The partner's side names the partner's users only.
    assert client.get(partner, {"q": setup.ams.username}).json()["results"] == []
    supervisor = client.get(partner, {"q": setup.supervisor.username}).json()["results"]
    assert setup.supervisor.username in [r["value"] for r in supervisor]


def test_the_approver_lookup_is_for_deciders_who_see_the_placement(client, setup, placement):
    url = reverse("participants:approver_lookup", kwargs={"pk": placement.pk, "side": "city"})
    client.force_login(setup.supervisor)
    assert client.get(url, {"q": "ab"}).status_code == 403
    client.force_login(setup.other_ams)
    assert client.get(url, {"q": "ab"}).status_code == 404
    client.force_login(setup.ams)
    bad_side = reverse("participants:approver_lookup", kwargs={"pk": placement.pk, "side": "nagon"})
    assert client.get(bad_side, {"q": "ab"}).status_code == 404
    assert client.post(url, {"q": "ab"}).status_code == 405


def test_an_approver_of_the_wrong_side_is_a_clear_error_at_the_field(client, setup, placement):
    client.force_login(setup.ams)
    response = _extend(
        client,
        placement,
        approved_by_city_user=setup.supervisor.username,
        approved_by_partner_user=setup.supervisor.username,
        participant_consulted="on",
    )
    assert response.status_code == 400
    assert response.context["form"].errors["approved_by_city_user"] == [
        "Ingen användare med det användarnamnet. Välj ett namn i listan."
    ]
    assert not placement.extensions.exists()


# --- Pauses, steps, plans --------------------------------------------------------------------------------


def test_supervisor_records_a_pause_and_the_form_warns_about_health_details(client, setup, placement):
    client.force_login(setup.supervisor)
    url = reverse("participants:pause_create", args=[placement.pk])
    assert "Skriv inga uppgifter om hälsa i fritext" in client.get(url).content.decode()
    response = client.post(url, {"start_date": TODAY.isoformat(), "category": Pause.Category.OTHER})
    assert response.status_code == 302
    pause = placement.pauses.get()
    end = client.post(reverse("participants:pause_end", args=[pause.pk]), {"end_date": TODAY.isoformat()})
    assert end.status_code == 302
    pause.refresh_from_db()
    assert pause.end_date == TODAY


def test_a_pause_outside_the_placement_is_refused(client, setup, placement):
    client.force_login(setup.supervisor)
    response = client.post(
        reverse("participants:pause_create", args=[placement.pk]),
        {"start_date": "2000-01-01", "category": Pause.Category.OTHER},
    )
    assert response.status_code == 400
    assert not placement.pauses.exists()


def test_working_time_steps_are_numbered_and_a_high_early_step_warns(client, setup, placement):
    client.force_login(setup.supervisor)
    url = reverse("participants:step_create", args=[placement.pk])
    client.post(url, {"from_date": placement.start_date.isoformat(), "percent": 25})
    response = client.post(url, {"from_date": TODAY.isoformat(), "percent": 60}, follow=True)
    assert [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    page = client.get(reverse("participants:placement_detail", args=[placement.pk]))
    assert [(n, s.percent) for n, s in page.context["steps"]] == [(1, 25), (2, 60)]


def test_a_step_above_100_percent_is_refused(client, setup, placement):
    client.force_login(setup.supervisor)
    response = client.post(
        reverse("participants:step_create", args=[placement.pk]),
        {"from_date": TODAY.isoformat(), "percent": 120},
    )
    assert response.status_code == 400
    assert not WorkingTimeStep.objects.exists()


def test_plan_revisions_are_kept(client, setup, placement):
    client.force_login(setup.supervisor)
    url = reverse("participants:plan_create", args=[placement.pk])
    client.post(url, {"agreed_on": placement.start_date.isoformat(), "goals": "Mål 1"})
    assert client.get(url).context["form"].initial["goals"] == "Mål 1"
    client.post(url, {"agreed_on": TODAY.isoformat(), "goals": "Mål 2"})
    assert list(IndividualPlan.objects.order_by("revision").values_list("revision", "goals")) == [
        (1, "Mål 1"),
        (2, "Mål 2"),
    ]


# --- End ---------------------------------------------------------------------------------------------------


def test_case_officer_ends_the_placement_with_a_reason(client, setup, placement):
    reason = end_reason("work")
    client.force_login(setup.ams)
    response = client.post(
        reverse("participants:placement_end", args=[placement.pk]),
        {"end_date": TODAY.isoformat(), "end_reason": reason.pk, "version": placement.version},
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.end_date == TODAY and placement.end_reason == reason


def test_ending_without_a_reason_is_refused(client, setup, placement):
    client.force_login(setup.ams)
    response = client.post(
        reverse("participants:placement_end", args=[placement.pk]),
        {"end_date": TODAY.isoformat(), "version": placement.version},
    )
    assert response.status_code == 400
    placement.refresh_from_db()
    assert placement.end_date is None


def test_supervisor_cannot_end_a_placement(client, setup, placement):
    client.force_login(setup.supervisor)
    assert client.get(reverse("participants:placement_end", args=[placement.pk])).status_code == 403


def test_an_ended_placement_takes_no_more_pauses(client, setup, placement):
    Placement.objects.filter(pk=placement.pk).update(end_date=TODAY, end_reason=end_reason("other"))
    client.force_login(setup.ams)
    assert client.get(reverse("participants:pause_create", args=[placement.pk])).status_code == 404


def test_a_placement_past_its_planned_end_is_flagged(client, setup):
    old = PlacementFactory(
        participant=_person(setup), partnership=setup.partnership, start_date=TODAY - dt.timedelta(days=200)
    )
    client.force_login(setup.ams)
    response = client.get(reverse("participants:placement_detail", args=[old.pk]))
    assert response.context["overdue"] is True
