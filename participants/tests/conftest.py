import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from iop.models import Organisation, PartnershipParty
from iop.roles import Role
from tests.factories import (
    OrganisationFactory,
    PartnershipFactory,
    PartyFactory,
    PeriodFactory,
    StaffFactory,
    UserFactory,
    WorkAreaFactory,
)


@pytest.fixture(autouse=True)
def _stay_on_the_module_day(request):
    """View-test modules compute their dates from a module-level TODAY taken at import. A run that
    passes midnight would then test yesterday's dates against today's rules (a placement "within 30
    days", a consent "not in the future"): each test runs on the day its module was imported."""
    today = getattr(request.module, "TODAY", None)
    if not isinstance(today, dt.date):
        yield
        return
    with time_machine.travel(
        dt.datetime.combine(today, dt.time(12), tzinfo=ZoneInfo("Europe/Stockholm")), tick=True
    ):
        yield


@pytest.fixture
def setup(db):
    """A partnership with 24 places (city + non-profit), a case officer, a supervisor and a coordinator."""

    class S:
        pass

    s = S()
    s.city = OrganisationFactory(name="Malmö stad", org_number="212000-1124", kind=Organisation.Kind.PUBLIC)
    s.partner = OrganisationFactory(name="Stadsmissionen", org_number="846004-8716")
    s.partnership = PartnershipFactory(places_at_once=24, max_months=4)
    PartyFactory(partnership=s.partnership, organisation=s.city, role=PartnershipParty.Role.CITY)
    PartyFactory(partnership=s.partnership, organisation=s.partner, role=PartnershipParty.Role.NON_PROFIT)
    PeriodFactory(partnership=s.partnership, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    s.work_area = WorkAreaFactory(partnership=s.partnership, name="REMAKE")
    s.ams = UserFactory(organisation=s.city, roles=[Role.AMS])
    s.other_ams = UserFactory(organisation=s.city, roles=[Role.AMS])
    s.coordinator = UserFactory(organisation=s.city, roles=[Role.SAMORDNARE])
    s.supervisor = UserFactory(organisation=s.partner, roles=[Role.HANDLEDARE])
    StaffFactory(partnership=s.partnership, user=s.supervisor, confidentiality_signed_on=dt.date(2024, 12, 1))
    return s
