import datetime as dt

import pytest
from django.utils import timezone

from iop.dates import add_months
from iop.models import Organisation, Partnership, PartnershipParty, User, WorkArea
from iop.roles import Role
from participants.tests.factories import ConsentFactory, ParticipantFactory, PlacementFactory
from tests.factories import (
    OrganisationFactory,
    PartnershipFactory,
    PartyFactory,
    PeriodFactory,
    StaffFactory,
    UserFactory,
    WorkAreaFactory,
)


class Setup:
    """A partnership (city + non-profit), one user per working role and helpers to add placements."""

    # Set by the `fu` fixture; these are the ones the helpers use.
    today: dt.date
    partner: Organisation
    partnership: Partnership
    work_area: WorkArea
    ams: User
    supervisor: User

    def placement(self, *, start: dt.date | None = None, supervisor=None, officer=None, consent=True, **kw):
        start = start or self.today - dt.timedelta(days=20)
        participant = ParticipantFactory(case_officer=officer or self.ams)
        if consent:
            ConsentFactory(participant=participant, partnership=self.partnership, organisation=self.partner)
        kw.setdefault("planned_end_date", add_months(start, 4))
        return PlacementFactory(
            participant=participant,
            partnership=self.partnership,
            work_area=self.work_area,
            supervisor=supervisor or self.supervisor,
            start_date=start,
            **kw,
        )


@pytest.fixture
def fu(db):
    s = Setup()
    s.today = timezone.localdate()
    s.city = OrganisationFactory(name="Malmö stad", org_number="212000-1124", kind=Organisation.Kind.PUBLIC)
    s.partner = OrganisationFactory(name="Stadsmissionen", org_number="846004-8716")
    s.other_partner = OrganisationFactory(name="Annan förening", org_number="802000-0001")
    s.partnership = PartnershipFactory(places_at_once=24, max_months=4)
    PartyFactory(partnership=s.partnership, organisation=s.city, role=PartnershipParty.Role.CITY)
    PartyFactory(partnership=s.partnership, organisation=s.partner, role=PartnershipParty.Role.NON_PROFIT)
    PeriodFactory(partnership=s.partnership, start=dt.date(2025, 1, 1), end=add_months(s.today, 12))
    s.work_area = WorkAreaFactory(partnership=s.partnership, name="REMAKE")
    s.ams = UserFactory(organisation=s.city, roles=[Role.AMS], email="ams@example.org")
    s.other_ams = UserFactory(organisation=s.city, roles=[Role.AMS])
    s.coordinator = UserFactory(organisation=s.city, roles=[Role.SAMORDNARE], email="samordnare@example.org")
    s.supervisor = UserFactory(
        organisation=s.partner, roles=[Role.HANDLEDARE], email="handledare@example.org"
    )
    s.foreign_supervisor = UserFactory(organisation=s.other_partner, roles=[Role.HANDLEDARE])
    s.styrgrupp = UserFactory(organisation=s.partner, roles=[Role.STYRGRUPP])
    s.ekonomi = UserFactory(organisation=s.partner, roles=[Role.EKONOMI])
    StaffFactory(partnership=s.partnership, user=s.supervisor, confidentiality_signed_on=dt.date(2024, 12, 1))
    return s
