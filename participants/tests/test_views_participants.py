"""Participant list, participant page, create/edit and consent pages."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from iop.roles import Role
from participants.models import AccessLog, Consent, Participant, Referral
from participants.personnummer import format_pnr, make_fictional
from participants.tests.factories import ConsentFactory, ParticipantFactory, PlacementFactory, ReferralFactory
from tests.factories import OrganisationFactory, StaffFactory, UserFactory

TODAY = timezone.localdate()
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def placed_participant(setup, **kw):
    """A participant of setup.ams with consent for the partner and an ongoing placement."""
    p = ParticipantFactory(case_officer=setup.ams, **kw)
    ConsentFactory(participant=p, partnership=setup.partnership, organisation=setup.partner)
    placement = PlacementFactory(
        participant=p,
        partnership=setup.partnership,
        start_date=TODAY - dt.timedelta(days=20),
        work_area=setup.work_area,
        supervisor=setup.supervisor,
    )
    return p, placement


def denied_rows(participant):
    return AccessLog.objects.filter(participant_ref=participant.pk, action=AccessLog.Action.DENIED)


# --- List --------------------------------------------------------------------------------------


def test_case_officer_lists_only_own_participants_with_masked_number(client, setup):
    mine, _ = placed_participant(setup, first_name="Mira")
    ParticipantFactory(case_officer=setup.other_ams, first_name="Otto")
    client.force_login(setup.ams)
    response = client.get(reverse("participants:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mira" in html and "Otto" not in html
    assert mine.pnr_masked in html
    assert format_pnr(mine.personal_identity_number) not in html


def test_supervisor_lists_only_placed_participants_with_consent(client, setup):
    placed_participant(setup, first_name="Synlig")
    ParticipantFactory(case_officer=setup.ams, first_name="Osynlig")
    client.force_login(setup.supervisor)
    html = client.get(reverse("participants:list")).content.decode()
    assert "Synlig" in html and "Osynlig" not in html


@pytest.mark.parametrize("role", [Role.STYRGRUPP, Role.EKONOMI, Role.ATTESTANT])
def test_list_is_refused_to_roles_that_see_no_participant(client, setup, role):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(reverse("participants:list")).status_code == 403


def test_list_sends_anonymous_users_to_login(client, db):
    response = client.get(reverse("participants:list"))
    assert response.status_code == 302 and "/logga-in/" in response["Location"]


def test_list_refuses_other_methods(client, setup):
    client.force_login(setup.ams)
    assert client.put(reverse("participants:list")).status_code == 405


def test_protected_identity_shows_pseudonym_to_the_supervisor_and_the_name_to_the_case_officer(client, setup):
    p, _ = placed_participant(setup, first_name="Hemlig", protected_identity=True)
    client.force_login(setup.supervisor)
    html = client.get(reverse("participants:list")).content.decode()
    assert "Hemlig" not in html and p.pseudonym in html
    assert p.pnr_masked not in html
    client.force_login(setup.ams)
    assert "Hemlig" in client.get(reverse("participants:list")).content.decode()


def test_name_search_does_not_reveal_a_protected_participant(client, setup):
    placed_participant(setup, first_name="Hemlig", protected_identity=True)
    client.force_login(setup.supervisor)
    response = client.get(reverse("participants:list"), {"q": "Hemlig"})
    assert response.context["page"].paginator.count == 0


def test_name_search_and_filters_narrow_the_list(client, setup):
    a, _ = placed_participant(setup, first_name="Anna")
    b = ParticipantFactory(case_officer=setup.ams, first_name="Bo")
    ConsentFactory(participant=b, partnership=setup.partnership)
    ReferralFactory(participant=b, partnership=setup.partnership, status=Referral.Status.ACCEPTED)
    client.force_login(setup.coordinator)
    url = reverse("participants:list")

    def names(params):
        return {row["participant"].first_name for row in client.get(url, params).context["rows"]}

    assert names({"q": "anna"}) == {"Anna"}
    assert names({"status": "queued"}) == {"Bo"}
    assert names({"status": "placed"}) == {"Anna"}
    assert names({"work_area": setup.work_area.pk}) == {"Anna"}
    assert names({"partnership": setup.partnership.pk}) == {"Anna", "Bo"}
    assert names({"case_officer": setup.other_ams.username}) == set()


def test_a_personnummer_in_the_get_search_is_refused(client, setup):
    p, _ = placed_participant(setup)
    client.force_login(setup.ams)
    response = client.get(reverse("participants:list"), {"q": p.personal_identity_number})
    assert response.context["filter_form"].errors["q"]


def test_personnummer_search_by_post_redirects_to_the_participant(client, setup):
    p, _ = placed_participant(setup)
    client.force_login(setup.ams)
    typed = format_pnr(p.personal_identity_number)[2:]  # YYMMDD-NNNN
    response = client.post(reverse("participants:list"), {"pnr": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:detail", args=[p.pk])
    assert p.personal_identity_number[2:8] not in response["Location"]


def test_personnummer_search_finds_nothing_outside_the_scope(client, setup):
    other = ParticipantFactory(case_officer=setup.other_ams)
    client.force_login(setup.ams)
    response = client.post(reverse("participants:list"), {"pnr": other.personal_identity_number})
    assert response.status_code == 200
    assert other.personal_identity_number not in response.content.decode()


def test_personnummer_search_with_an_invalid_number_is_a_bad_request(client, setup):
    client.force_login(setup.ams)
    response = client.post(reverse("participants:list"), {"pnr": "19900101-0000"})
    assert response.status_code == 400
    assert response.context["pnr_form"].errors["pnr"]
    assert "19900101-0000" not in response.content.decode()


def _many(setup, n):
    for i in range(n):
        p, _ = placed_participant(setup, first_name=f"P{i}")
        ReferralFactory(participant=p, partnership=setup.partnership, status=Referral.Status.PLACED)


@pytest.mark.parametrize("role", ["coordinator", "ams", "supervisor"])
def test_list_runs_a_constant_number_of_queries(client, setup, role):
    user = getattr(setup, role)
    client.force_login(user)
    url = reverse("participants:list")
    params = {"q": "P", "status": "placed", "partnership": setup.partnership.pk}
    _many(setup, 3)
    client.get(url, params)  # warm up session and role caches like any later request
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, params).status_code == 200
    _many(setup, 37)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, params)
    assert len(response.context["rows"]) == 25
    assert len(few) == len(many)


def test_list_query_count_is_pinned(client, setup, django_assert_num_queries):
    _many(setup, 40)
    client.force_login(setup.coordinator)
    client.get(reverse("participants:list"))
    # session, user with roles (iop.auth), count, page, filter choices (partnerships, work areas; case
    # officers are typed, not listed), queue links, the access-log rows of the page's participants (one
    # INSERT); the session is saved at most once a minute (iop.security.SessionLifetimeMiddleware), not here.
    with django_assert_num_queries(8):
        client.get(reverse("participants:list"))


# --- Participant page ---------------------------------------------------------------------------


def test_case_officer_sees_the_full_number_and_the_view_is_logged(client, setup):
    p, _ = placed_participant(setup)
    client.force_login(setup.ams)
    response = client.get(reverse("participants:detail", args=[p.pk]))
    assert response.status_code == 200
    assert format_pnr(p.personal_identity_number) in response.content.decode()
    row = AccessLog.objects.get(participant_ref=p.pk, action=AccessLog.Action.VIEW)
    assert row.user == setup.ams and row.outcome == AccessLog.Outcome.ALLOWED


def test_another_case_officer_gets_404_and_the_refusal_is_logged(client, setup):
    p, _ = placed_participant(setup)
    client.force_login(setup.other_ams)
    assert client.get(reverse("participants:detail", args=[p.pk])).status_code == 404
    assert denied_rows(p).filter(user=setup.other_ams).count() == 1


def test_supervisor_of_another_organisation_gets_403_and_it_is_logged(client, setup):
    p, _ = placed_participant(setup)
    stranger = UserFactory(organisation=OrganisationFactory(), roles=[Role.HANDLEDARE])
    client.force_login(stranger)
    assert client.get(reverse("participants:detail", args=[p.pk])).status_code == 403
    assert denied_rows(p).filter(user=stranger).count() == 1


def test_supervisor_without_signed_undertaking_gets_403_and_it_is_logged(client, setup):
    p, _ = placed_participant(setup)
    unsigned = UserFactory(organisation=setup.partner, roles=[Role.HANDLEDARE])
    StaffFactory(partnership=setup.partnership, user=unsigned, confidentiality_signed_on=None)
    client.force_login(unsigned)
    assert client.get(reverse("participants:detail", args=[p.pk])).status_code == 403
    assert denied_rows(p).filter(user=unsigned).count() == 1


def test_steering_group_user_gets_403_and_it_is_logged(client, setup):
    p, _ = placed_participant(setup)
    steering = UserFactory(organisation=setup.partner, roles=[Role.STYRGRUPP])
    client.force_login(steering)
    assert client.get(reverse("participants:detail", args=[p.pk])).status_code == 403
    assert denied_rows(p).filter(user=steering).count() == 1


def test_supervisor_sees_the_page_but_not_a_protected_identity(client, setup):
    p, _ = placed_participant(setup, first_name="Hemlig", protected_identity=True)
    client.force_login(setup.supervisor)
    response = client.get(reverse("participants:detail", args=[p.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hemlig" not in html and p.personal_identity_number[8:] not in html
    assert p.pseudonym in html


def test_participant_page_refuses_post(client, setup):
    p, _ = placed_participant(setup)
    client.force_login(setup.ams)
    assert client.post(reverse("participants:detail", args=[p.pk])).status_code == 405


# --- Create and edit ------------------------------------------------------------------------------


def _form(**over):
    data = {
        "personal_identity_number": make_fictional(4321, year=1988)[2:],
        "first_name": "Nora",
        "last_name": "Ny",
        "gender": "kvinna",
        "education_level": "gymnasial",
        "support_kind": "forsorjningsstod",
        "swedish_level": "",
    }
    data.update(over)
    return data


def test_case_officer_registers_a_participant_as_their_own(client, setup):
    client.force_login(setup.ams)
    response = client.post(reverse("participants:create"), _form())
    p = Participant.objects.get(first_name="Nora")
    assert response.status_code == 302
    assert p.case_officer == setup.ams
    assert p.personal_identity_number == make_fictional(4321, year=1988)
    assert AccessLog.objects.filter(participant_ref=p.pk, action=AccessLog.Action.CREATE).exists()


def test_an_invalid_number_is_refused_at_the_field_and_nothing_is_saved(client, setup):
    client.force_login(setup.ams)
    response = client.post(reverse("participants:create"), _form(personal_identity_number="900101-0000"))
    assert response.status_code == 400
    assert response.context["form"].errors["personal_identity_number"]
    assert not Participant.objects.exists()


def test_a_duplicate_number_is_refused(client, setup):
    existing = ParticipantFactory()
    client.force_login(setup.ams)
    response = client.post(
        reverse("participants:create"), _form(personal_identity_number=existing.personal_identity_number)
    )
    assert response.status_code == 400
    assert Participant.objects.count() == 1


def test_supervisor_cannot_register_participants(client, setup):
    client.force_login(setup.supervisor)
    assert client.get(reverse("participants:create")).status_code == 403


def test_coordinator_reassigns_the_case_officer(client, setup):
    p, _ = placed_participant(setup)
    client.force_login(setup.coordinator)
    data = _form(personal_identity_number=p.personal_identity_number, case_officer=setup.other_ams.username)
    assert client.post(reverse("participants:edit", args=[p.pk]), data).status_code == 302
    p.refresh_from_db()
    assert p.case_officer == setup.other_ams


def test_the_case_officer_is_typed_with_suggestions_not_chosen_among_every_case_officer(client, setup):
    p, _ = placed_participant(setup)
    client.force_login(setup.coordinator)
    html = client.get(reverse("participants:edit", args=[p.pk])).content.decode()
    assert f'name="case_officer" value="{p.case_officer.username}"' in html
    assert reverse("participants:case_officer_lookup") in html
    assert f'<option value="{setup.other_ams.pk}"' not in html and "user-lookup.js" in html


def test_an_unknown_case_officer_is_a_clear_error_at_the_field_and_changes_nothing(client, setup):
    p, _ = placed_participant(setup)
    client.force_login(setup.coordinator)
    data = _form(personal_identity_number=p.personal_identity_number, case_officer=setup.supervisor.username)
    response = client.post(reverse("participants:edit", args=[p.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors["case_officer"] == [
        "Ingen användare med det användarnamnet. Välj ett namn i listan."
    ]
    p.refresh_from_db()
    assert p.case_officer != setup.supervisor


def test_another_case_officer_cannot_edit(client, setup):
    p, _ = placed_participant(setup)
    client.force_login(setup.other_ams)
    assert client.get(reverse("participants:edit", args=[p.pk])).status_code == 404


# --- Consent ----------------------------------------------------------------------------------------


def _party(setup):
    return setup.partnership.parties.get(organisation=setup.partner).pk


def test_consent_with_a_scan_is_registered_and_downloaded_with_a_log_row(client, setup):
    p = ParticipantFactory(case_officer=setup.ams)
    client.force_login(setup.ams)
    scan = SimpleUploadedFile("samtycke.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("participants:consent_create", args=[p.pk]),
        {"party": _party(setup), "given_on": "2025-01-10", "documentation_note": "", "document": scan},
    )
    assert response.status_code == 302
    consent = Consent.objects.get(participant=p)
    assert "samtycke" not in consent.document.name and consent.document.name.endswith(".pdf")
    download = client.get(reverse("participants:consent_document", args=[consent.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF
    assert AccessLog.objects.filter(participant_ref=p.pk, action=AccessLog.Action.DOWNLOAD).count() == 1


def test_a_scan_that_is_not_pdf_or_image_is_refused(client, setup):
    p = ParticipantFactory(case_officer=setup.ams)
    client.force_login(setup.ams)
    fake = SimpleUploadedFile("samtycke.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        reverse("participants:consent_create", args=[p.pk]),
        {"party": _party(setup), "given_on": "2025-01-10", "document": fake},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["document"]
    assert not Consent.objects.exists()


def test_a_too_large_scan_is_refused(client, setup, settings):
    settings.UPLOAD_MAX_BYTES = 10
    p = ParticipantFactory(case_officer=setup.ams)
    client.force_login(setup.ams)
    scan = SimpleUploadedFile("samtycke.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("participants:consent_create", args=[p.pk]),
        {"party": _party(setup), "given_on": "2025-01-10", "document": scan},
    )
    assert response.status_code == 400
    assert not Consent.objects.exists()


def test_consent_without_documentation_is_refused(client, setup):
    p = ParticipantFactory(case_officer=setup.ams)
    client.force_login(setup.ams)
    response = client.post(
        reverse("participants:consent_create", args=[p.pk]),
        {"party": _party(setup), "given_on": "2025-01-10"},
    )
    assert response.status_code == 400
    assert not Consent.objects.exists()


def test_supervisor_cannot_download_a_consent_scan(client, setup):
    p, _ = placed_participant(setup)
    consent = p.consents.get()
    client.force_login(setup.supervisor)
    assert client.get(reverse("participants:consent_document", args=[consent.pk])).status_code == 403


def test_consent_is_withdrawn_and_the_supervisor_loses_access(client, setup):
    p, _ = placed_participant(setup)
    consent = p.consents.get()
    client.force_login(setup.ams)
    response = client.post(
        reverse("participants:consent_withdraw", args=[consent.pk]), {"withdrawn_on": TODAY.isoformat()}
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY
    client.force_login(setup.supervisor)
    assert client.get(reverse("participants:detail", args=[p.pk])).status_code == 403


def test_withdrawal_before_the_consent_was_given_is_refused(client, setup):
    p, _ = placed_participant(setup)
    consent = p.consents.get()
    client.force_login(setup.ams)
    response = client.post(
        reverse("participants:consent_withdraw", args=[consent.pk]), {"withdrawn_on": "2000-01-01"}
    )
    assert response.status_code == 400
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_the_case_officer_filter_takes_a_username(client, setup):
    placed_participant(setup, first_name="Anna")
    client.force_login(setup.coordinator)
    url = reverse("participants:list")
    response = client.get(url, {"case_officer": setup.ams.username})
    assert response.status_code == 200
    assert {row["participant"].first_name for row in response.context["rows"]} == {"Anna"}
    html = response.content.decode()
    assert 'list="id_case_officer-options"' in html and 'value="' + setup.ams.username + '"' in html


def test_an_unknown_case_officer_answers_400_with_a_message(client, setup):
    client.force_login(setup.coordinator)
    response = client.get(reverse("participants:list"), {"case_officer": setup.supervisor.username})
    assert response.status_code == 400
    assert response.context["filter_form"].errors["case_officer"]


def test_the_case_officer_lookup_offers_case_officers_only(client, setup):
    client.force_login(setup.supervisor)
    url = reverse("participants:case_officer_lookup")
    found = {r["value"] for r in client.get(url, {"q": setup.ams.username[:4]}).json()["results"]}
    assert setup.ams.username in found
    query = setup.supervisor.username
    assert client.get(url, {"q": query}).json()["results"] == []


def test_the_case_officer_lookup_refuses_anonymous_and_other_roles(client, setup):
    url = reverse("participants:case_officer_lookup")
    assert client.get(url, {"q": "ab"}).status_code == 302
    client.force_login(UserFactory(roles=[Role.STYRGRUPP]))
    assert client.get(url, {"q": "ab"}).status_code == 403
