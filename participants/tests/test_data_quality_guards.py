"""Data-quality guards: each refuses bad input with a Swedish message at the field, answers
400 and saves nothing."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from iop.models import Partnership, StaffMember
from iop.text_limits import FREE_TEXT_MAX_LENGTH
from participants.models import Consent, Participant, Placement, Referral
from participants.personnummer import make_fictional
from participants.tests.factories import ConsentFactory, ParticipantFactory, PlacementFactory, ReferralFactory
from tests.factories import PartnershipFactory, StaffFactory, UserFactory, WorkAreaFactory

TODAY = dt.date(2025, 6, 16)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2025, 6, 16, 12, tzinfo=ZoneInfo("Europe/Stockholm")), tick=False):
        yield


def _participant_form(**over):
    data = {
        "personal_identity_number": make_fictional(4321, year=1988)[2:],
        "first_name": "Nora",
        "last_name": "Ny",
        "gender": "",
        "education_level": "",
        "support_kind": "",
        "swedish_level": "",
    }
    data.update(over)
    return data


# --- Statistics fields on "Ny deltagare" -------------------------------------------------------


def test_the_statistics_fields_start_empty(client, setup):
    client.force_login(setup.ams)
    form = client.get(reverse("participants:create")).context["form"]
    for name in ("gender", "education_level", "support_kind"):
        assert form[name].value() in (None, ""), name
        assert form.fields[name].choices[0][0] == ""


def test_unanswered_statistics_fields_are_refused_at_each_field(client, setup):
    client.force_login(setup.ams)
    response = client.post(reverse("participants:create"), _participant_form())
    assert response.status_code == 400
    errors = response.context["form"].errors
    for name in ("gender", "education_level", "support_kind"):
        assert "Uppgift saknas" in errors[name][0], errors[name]
    assert not Participant.objects.exists()


def test_uppgift_saknas_is_an_explicit_answer(client, setup):
    client.force_login(setup.ams)
    response = client.post(
        reverse("participants:create"),
        _participant_form(gender="annat", education_level="okand", support_kind="okand"),
    )
    assert response.status_code == 302
    assert Participant.objects.get().support_kind == "okand"


# --- The supervisor's confidentiality undertaking ----------------------------------------------


def _unsigned_supervisor(setup):
    user = UserFactory(
        organisation=setup.partner, roles=["handledare"], first_name="Osignerad", last_name="Handledare"
    )
    StaffFactory(partnership=setup.partnership, user=user, confidentiality_signed_on=None)
    return user


def test_a_supervisor_without_a_signed_undertaking_cannot_be_assigned_at_start(client, setup):
    unsigned = _unsigned_supervisor(setup)
    p = ParticipantFactory(case_officer=setup.ams)
    ConsentFactory(participant=p, partnership=setup.partnership, organisation=setup.partner)
    referral = ReferralFactory(participant=p, partnership=setup.partnership, status=Referral.Status.ACCEPTED)
    client.force_login(setup.ams)
    response = client.post(
        reverse("participants:placement_start", args=[referral.pk]),
        {"work_area": setup.work_area.pk, "supervisor": unsigned.pk, "start_date": TODAY.isoformat()},
    )
    assert response.status_code == 400
    message = response.context["form"].errors["supervisor"][0]
    assert "Osignerad Handledare" in message and "tystnadsplikt" in message
    assert not Placement.objects.exists()


def test_an_undertaking_signed_in_the_future_does_not_count(client, setup):
    unsigned = _unsigned_supervisor(setup)
    StaffMember.objects.filter(user=unsigned).update(confidentiality_signed_on=TODAY + dt.timedelta(days=3))
    placement = PlacementFactory(
        participant=ParticipantFactory(case_officer=setup.ams),
        partnership=setup.partnership,
        start_date=TODAY - dt.timedelta(days=10),
        supervisor=setup.supervisor,
    )
    client.force_login(setup.ams)
    response = client.post(
        reverse("participants:placement_edit", args=[placement.pk]),
        {"work_area": "", "supervisor": unsigned.pk, "version": placement.version},
    )
    assert response.status_code == 400
    assert "tystnadsplikt" in response.context["form"].errors["supervisor"][0]
    placement.refresh_from_db()
    assert placement.supervisor == setup.supervisor


def test_a_signed_supervisor_can_be_assigned(client, setup):
    p = ParticipantFactory(case_officer=setup.ams)
    ConsentFactory(participant=p, partnership=setup.partnership, organisation=setup.partner)
    referral = ReferralFactory(participant=p, partnership=setup.partnership, status=Referral.Status.ACCEPTED)
    client.force_login(setup.ams)
    response = client.post(
        reverse("participants:placement_start", args=[referral.pk]),
        {"work_area": setup.work_area.pk, "supervisor": setup.supervisor.pk, "start_date": TODAY.isoformat()},
    )
    assert response.status_code == 302
    assert Placement.objects.get().supervisor == setup.supervisor


# --- Consent dates -----------------------------------------------------------------------------


def test_consent_cannot_be_dated_in_the_future(client, setup):
    p = ParticipantFactory(case_officer=setup.ams)
    party = setup.partnership.parties.get(organisation=setup.partner).pk
    client.force_login(setup.ams)
    response = client.post(
        reverse("participants:consent_create", args=[p.pk]),
        {"party": party, "given_on": "2026-01-10", "documentation_note": "Skriftligt vid möte"},
    )
    assert response.status_code == 400
    assert "framtiden" in response.context["form"].errors["given_on"][0]
    assert not Consent.objects.exists()


def test_consent_given_today_is_accepted(client, setup):
    p = ParticipantFactory(case_officer=setup.ams)
    party = setup.partnership.parties.get(organisation=setup.partner).pk
    client.force_login(setup.ams)
    response = client.post(
        reverse("participants:consent_create", args=[p.pk]),
        {"party": party, "given_on": TODAY.isoformat(), "documentation_note": "Skriftligt vid möte"},
    )
    assert response.status_code == 302


# --- The referral form's choices ---------------------------------------------------------------


def test_the_referral_form_offers_only_active_partnerships(client, setup):
    ended = PartnershipFactory(case_number="ASN-2019-0001", status=Partnership.Status.ENDED)
    p = ParticipantFactory(case_officer=setup.ams)
    client.force_login(setup.ams)
    form = client.get(reverse("participants:referral_create", args=[p.pk])).context["form"]
    assert setup.partnership in form.fields["partnership"].queryset
    assert ended not in form.fields["partnership"].queryset


def test_a_work_area_of_another_partnership_is_refused_at_the_field(client, setup):
    other_area = WorkAreaFactory(partnership=PartnershipFactory(case_number="ASN-2025-0777"), name="Annan")
    p = ParticipantFactory(case_officer=setup.ams)
    ConsentFactory(participant=p, partnership=setup.partnership, organisation=setup.partner)
    client.force_login(setup.ams)
    response = client.post(
        reverse("participants:referral_create", args=[p.pk]),
        {
            "partnership": setup.partnership.pk,
            "referred_on": TODAY.isoformat(),
            "reason": "Arbetsträning",
            "preferred_work_area": other_area.pk,
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "hör inte till partnerskapet" in form.errors["preferred_work_area"][0]
    assert list(form.fields["preferred_work_area"].queryset) == [setup.work_area]
    assert not Referral.objects.exists()


# --- Free-text lengths -------------------------------------------------------------------------


def test_a_too_long_free_text_is_refused_not_cut(client, setup):
    p = ParticipantFactory(case_officer=setup.ams)
    ConsentFactory(participant=p, partnership=setup.partnership, organisation=setup.partner)
    client.force_login(setup.ams)
    response = client.post(
        reverse("participants:referral_create", args=[p.pk]),
        {
            "partnership": setup.partnership.pk,
            "referred_on": TODAY.isoformat(),
            "reason": "x" * (FREE_TEXT_MAX_LENGTH + 1),
        },
    )
    assert response.status_code == 400
    assert f"Högst {FREE_TEXT_MAX_LENGTH} tecken" in response.context["form"].errors["reason"][0]
    assert not Referral.objects.exists()


def test_text_inputs_carry_no_browser_maxlength_that_would_cut_pasted_text(client, setup):
    client.force_login(setup.ams)
    html = client.get(reverse("participants:create")).content.decode()
    assert ' maxlength="' not in html
    assert 'data-maxlength="100"' in html


def test_a_too_long_name_is_refused_with_a_message(client, setup):
    client.force_login(setup.ams)
    response = client.post(
        reverse("participants:create"),
        _participant_form(
            first_name="N" * 101, gender="kvinna", education_level="gymnasial", support_kind="ingen"
        ),
    )
    assert response.status_code == 400
    assert "Högst 100 tecken" in response.context["form"].errors["first_name"][0]
    assert not Participant.objects.exists()
