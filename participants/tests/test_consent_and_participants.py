import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from iop.roles import Role
from participants.models import Consent, EndReason, Participant
from participants.services import (
    consent_register,
    consent_withdraw,
    has_sharing_consent,
    participant_create,
    participant_update,
)
from participants.tests.factories import ConsentFactory, ParticipantFactory
from tests.factories import OrganisationFactory, UserFactory

D = dt.date


def test_participant_create_normalises_the_number_and_derives_birth_date(setup):
    p = participant_create(
        personal_identity_number="811228-9874", first_name="Lena", last_name="Ek", case_officer=setup.ams
    )
    assert p.personal_identity_number == "198112289874"
    assert p.birth_date == D(1981, 12, 28)
    assert p.pseudonym.startswith("Deltagare ") and len(p.pseudonym) == 14
    assert p.pnr_masked == "19811228-XXXX"
    assert p.history.count() == 1


def test_participant_create_refuses_the_same_person_in_another_form(setup):
    participant_create(
        personal_identity_number="198112289874", first_name="A", last_name="B", case_officer=setup.ams
    )
    with pytest.raises(ValidationError) as exc:
        participant_create(
            personal_identity_number="811228-9874", first_name="A", last_name="B", case_officer=setup.ams
        )
    assert "personal_identity_number" in exc.value.message_dict


def test_participant_create_refuses_an_invalid_number_at_the_field(setup):
    with pytest.raises(ValidationError) as exc:
        participant_create(
            personal_identity_number="811228-9875", first_name="A", last_name="B", case_officer=setup.ams
        )
    assert "kontrollsiffra" in exc.value.message_dict["personal_identity_number"][0]
    assert not Participant.objects.exists()


def test_case_officer_must_hold_the_case_officer_role(setup):
    with pytest.raises(ValidationError) as exc:
        participant_create(
            personal_identity_number="811228-9874",
            first_name="A",
            last_name="B",
            case_officer=setup.supervisor,
        )
    assert "case_officer" in exc.value.message_dict


def test_pseudonym_is_kept_when_the_participant_changes(setup):
    p = participant_create(
        personal_identity_number="811228-9874", first_name="A", last_name="B", case_officer=setup.ams
    )
    pseudonym = p.pseudonym
    participant_update(participant=p, first_name="C", protected_identity=True)
    p.refresh_from_db()
    assert p.pseudonym == pseudonym and p.first_name == "C" and p.protected_identity
    assert str(p) == pseudonym


def test_database_refuses_a_number_that_is_not_twelve_digits(setup):
    p = ParticipantFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.filter(pk=p.pk).update(personal_identity_number="8112289874")


def test_consent_is_valid_from_given_date_until_the_day_before_withdrawal(setup):
    p = ParticipantFactory(case_officer=setup.ams)
    consent = consent_register(
        participant=p,
        partnership=setup.partnership,
        organisation=setup.partner,
        given_on=D(2025, 1, 10),
        documentation_note="Muntligt vid möte, antecknat.",
        by=setup.ams,
    )
    assert not consent.is_valid_on(D(2025, 1, 9))
    assert consent.is_valid_on(D(2025, 1, 10), setup.partner)
    assert not consent.is_valid_on(D(2025, 1, 10), setup.city)
    consent_withdraw(consent=consent, withdrawn_on=D(2025, 3, 1))
    assert consent.is_valid_on(D(2025, 2, 28))
    assert not consent.is_valid_on(D(2025, 3, 1))
    assert list(Consent.objects.valid_on(D(2025, 2, 28), setup.partner)) == [consent]
    assert not Consent.objects.valid_on(D(2025, 3, 1), setup.partner).exists()
    assert has_sharing_consent(participant=p, partnership=setup.partnership, day=D(2025, 2, 1))
    assert not has_sharing_consent(participant=p, partnership=setup.partnership, day=D(2025, 3, 1))


def test_consent_needs_a_note_or_a_document(setup):
    p = ParticipantFactory()
    with pytest.raises(ValidationError) as exc:
        consent_register(
            participant=p, partnership=setup.partnership, organisation=setup.partner, given_on=D(2025, 1, 1)
        )
    assert "documentation_note" in exc.value.message_dict


def test_consent_organisation_must_be_a_party(setup):
    p = ParticipantFactory()
    with pytest.raises(ValidationError) as exc:
        consent_register(
            participant=p,
            partnership=setup.partnership,
            organisation=OrganisationFactory(),
            given_on=D(2025, 1, 1),
            documentation_note="x",
        )
    assert "organisation" in exc.value.message_dict


def test_consent_cannot_be_withdrawn_before_it_was_given_or_twice(setup):
    consent = ConsentFactory(partnership=setup.partnership, given_on=D(2025, 1, 10))
    with pytest.raises(ValidationError):
        consent_withdraw(consent=consent, withdrawn_on=D(2025, 1, 9))
    consent.refresh_from_db()
    consent_withdraw(consent=consent, withdrawn_on=D(2025, 2, 1))
    with pytest.raises(ValidationError):
        consent_withdraw(consent=consent, withdrawn_on=D(2025, 2, 2))


def test_consent_for_the_city_only_does_not_allow_sharing(setup):
    p = ParticipantFactory()
    ConsentFactory(
        participant=p, partnership=setup.partnership, organisation=setup.city, given_on=D(2025, 1, 1)
    )
    assert not has_sharing_consent(participant=p, partnership=setup.partnership, day=D(2025, 2, 1))


def test_end_reasons_are_seeded_with_indicator_flags(db):
    codes = set(EndReason.objects.values_list("code", flat=True))
    assert codes >= {
        "work",
        "studies",
        "other_measure",
        "completed_plan",
        "interrupted_health",
        "interrupted_other",
        "moved",
        "other",
    }
    assert EndReason.objects.get(code="completed_plan").counts_as_completed_plan
    assert EndReason.objects.get(code="work").outcome == EndReason.Outcome.WORK
    assert EndReason.objects.get(code="interrupted_health").is_interruption


def test_factory_participants_have_valid_fictional_numbers(db):
    from participants.personnummer import parse

    for p in ParticipantFactory.create_batch(5):
        assert parse(p.personal_identity_number).birth_date == p.birth_date
        assert Role.AMS in p.case_officer.role_names
    assert UserFactory()  # factories compose with the shared ones
