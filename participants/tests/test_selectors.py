import datetime as dt

import pytest

from iop.roles import Role
from participants.selectors import (
    display_name,
    display_pnr,
    participants_visible_to,
    placements_visible_to,
    referrals_visible_to,
)
from participants.tests.factories import (
    ConsentFactory,
    ParticipantFactory,
    PlacementFactory,
    ReferralFactory,
    end_reason,
)
from tests.factories import OrganisationFactory, PartnershipFactory, PartyFactory, StaffFactory, UserFactory

D = dt.date
TODAY = D(2025, 4, 15)


@pytest.fixture
def placed(setup):
    """A participant with consent for the partner, placed 2025-03-10 – 2025-07-10."""
    p = ParticipantFactory(case_officer=setup.ams, first_name="Sara", last_name="Lind")
    ConsentFactory(
        participant=p, partnership=setup.partnership, organisation=setup.partner, given_on=D(2025, 1, 1)
    )
    placement = PlacementFactory(participant=p, partnership=setup.partnership, start_date=D(2025, 3, 10))
    return p, placement


def visible(user, today=TODAY):
    return set(participants_visible_to(user, today=today))


def test_coordinator_sees_everyone(setup, placed):
    other = ParticipantFactory()
    assert visible(setup.coordinator) == {placed[0], other}


def test_case_officer_sees_only_own_participants(setup, placed):
    ParticipantFactory()
    assert visible(setup.ams) == {placed[0]}
    assert visible(setup.other_ams) == set()
    assert set(placements_visible_to(setup.ams, today=TODAY)) == {placed[1]}
    assert set(placements_visible_to(setup.other_ams, today=TODAY)) == set()


def test_supervisor_sees_a_placed_participant_with_consent_and_signed_undertaking(setup, placed):
    assert visible(setup.supervisor) == {placed[0]}
    assert set(placements_visible_to(setup.supervisor, today=TODAY)) == {placed[1]}


def test_supervisor_sees_nobody_without_consent_for_the_organisation(setup, placed):
    placed[0].consents.update(organisation=setup.city)
    assert visible(setup.supervisor) == set()
    assert set(placements_visible_to(setup.supervisor, today=TODAY)) == set()


def test_supervisor_loses_access_the_day_consent_is_withdrawn(setup, placed):
    placed[0].consents.update(withdrawn_on=TODAY)
    assert visible(setup.supervisor) == set()
    assert visible(setup.supervisor, today=TODAY - dt.timedelta(days=1)) == {placed[0]}


def test_supervisor_without_signed_undertaking_sees_nobody(setup, placed):
    setup.supervisor.staff_roles.update(confidentiality_signed_on=None)
    assert visible(setup.supervisor) == set()


def test_supervisor_with_undertaking_signed_in_the_future_sees_nobody(setup, placed):
    setup.supervisor.staff_roles.update(confidentiality_signed_on=TODAY + dt.timedelta(days=1))
    assert visible(setup.supervisor) == set()


def test_supervisor_of_another_organisation_sees_nobody(setup, placed):
    other_org = OrganisationFactory()
    outsider = UserFactory(organisation=other_org, roles=[Role.HANDLEDARE])
    StaffFactory(partnership=setup.partnership, user=outsider)  # staff row, but not a party
    assert visible(outsider) == set()


def test_supervisor_signed_in_another_partnership_only_sees_nobody_here(setup, placed):
    other = PartnershipFactory()
    PartyFactory(partnership=other, organisation=setup.partner)
    sup = UserFactory(organisation=setup.partner, roles=[Role.HANDLEDARE])
    StaffFactory(partnership=other, user=sup)
    assert visible(sup) == set()


def test_supervisor_sees_a_participant_for_30_days_after_the_end(setup, placed):
    placement = placed[1]
    placement.end_date = D(2025, 4, 1)
    placement.end_reason = end_reason("work")
    placement.save()
    assert visible(setup.supervisor, today=D(2025, 5, 1)) == {placed[0]}
    assert visible(setup.supervisor, today=D(2025, 5, 2)) == set()


def test_supervisor_sees_open_referrals_only_with_consent(setup, placed):
    with_consent = ReferralFactory(participant=placed[0], partnership=setup.partnership)
    without = ReferralFactory(partnership=setup.partnership)
    assert set(referrals_visible_to(setup.supervisor, today=TODAY)) == {with_consent}
    assert set(referrals_visible_to(setup.ams, today=TODAY)) == {with_consent}
    assert set(referrals_visible_to(setup.coordinator, today=TODAY)) == {with_consent, without}


@pytest.mark.parametrize("role", [Role.STYRGRUPP, Role.EKONOMI, Role.ATTESTANT])
def test_steering_group_economy_and_attestant_see_nobody(setup, placed, role):
    user = UserFactory(organisation=setup.partner, roles=[role])
    StaffFactory(partnership=setup.partnership, user=user)
    assert visible(user) == set()
    assert not placements_visible_to(user, today=TODAY).exists()
    assert not referrals_visible_to(user, today=TODAY).exists()


def test_superuser_without_role_sees_nobody(setup, placed):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert visible(superuser) == set()
    assert not placements_visible_to(superuser).exists()


def test_anonymous_sees_nobody(setup, placed):
    from django.contrib.auth.models import AnonymousUser

    assert visible(AnonymousUser()) == set()


def test_protected_identity_shows_a_pseudonym_to_everyone_but_case_officer_and_coordinator(setup, placed):
    p = placed[0]
    p.protected_identity = True
    p.save()
    assert display_name(p, setup.ams) == "Sara Lind"
    assert display_name(p, setup.coordinator) == "Sara Lind"
    assert display_name(p, setup.supervisor) == p.pseudonym
    assert display_name(p, setup.other_ams) == p.pseudonym
    assert display_pnr(p, setup.ams, full=True) == p.pnr_formatted
    assert display_pnr(p, setup.supervisor) == "Skyddad identitet"
    assert p.personal_identity_number[8:] not in display_pnr(p, setup.supervisor, full=True)


def test_without_protected_identity_lists_show_the_masked_number(setup, placed):
    p = placed[0]
    assert display_name(p, setup.supervisor) == "Sara Lind"
    assert display_pnr(p, setup.supervisor) == p.personal_identity_number[:8] + "-XXXX"
    assert display_pnr(p, setup.ams, full=True) == p.pnr_formatted


def test_visibility_query_count_does_not_grow_with_rows(setup, django_assert_num_queries):
    for _ in range(5):
        p = ParticipantFactory(case_officer=setup.ams)
        ConsentFactory(participant=p, partnership=setup.partnership, organisation=setup.partner)
        PlacementFactory(participant=p, partnership=setup.partnership, start_date=D(2025, 3, 10))
    setup.supervisor.__dict__.pop("role_names", None)
    with django_assert_num_queries(2):  # roles + the list
        assert len(list(participants_visible_to(setup.supervisor, today=TODAY))) == 5
