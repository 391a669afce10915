"""The standard world every access test runs in: one partnership, one user per role.

Apps add their own objects (a participant, a placement, an invoice…) with an `extend_world(world)`
function in `tests/access/<app>.py`; rows of the matrix then build URL kwargs from the world.
"""

import datetime as dt
from types import SimpleNamespace

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

# Actor name → role it holds. "anon" is not logged in; "superuser" has no role.
ACTORS = {
    "anon": None,
    "ams": Role.AMS,
    "handledare": Role.HANDLEDARE,
    "styrgrupp": Role.STYRGRUPP,
    "ekonomi": Role.EKONOMI,
    "attestant": Role.ATTESTANT,
    "samordnare": Role.SAMORDNARE,
    "processledare": Role.PROCESSLEDARE,
    "teammedlem": Role.TEAMMEDLEM,
    "superuser": None,
}


def build_world() -> SimpleNamespace:
    city = OrganisationFactory(
        name="Malmö stad, ASN", org_number="212000-1124", kind=Organisation.Kind.PUBLIC
    )
    partner = OrganisationFactory(name="Stiftelsen Testmissionen", org_number="846004-8716")
    # Staff of a multi-agency programme's teams (tests/access/programmes.py); party to no partnership here.
    agency = OrganisationFactory(name="Arbetsförmedlingen", org_number="202100-2114")
    partnership = PartnershipFactory(case_number="ASN-2024-0001", title="Arbetsträning")
    PartyFactory(partnership=partnership, organisation=city, role=PartnershipParty.Role.CITY)
    PartyFactory(partnership=partnership, organisation=partner, role=PartnershipParty.Role.NON_PROFIT)
    PeriodFactory(partnership=partnership, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    work_area = WorkAreaFactory(partnership=partnership, name="REMAKE")

    users = {
        "ams": UserFactory(username="w_ams", organisation=city, roles=[Role.AMS]),
        "handledare": UserFactory(username="w_handledare", organisation=partner, roles=[Role.HANDLEDARE]),
        "styrgrupp": UserFactory(username="w_styrgrupp", organisation=partner, roles=[Role.STYRGRUPP]),
        "ekonomi": UserFactory(username="w_ekonomi", organisation=partner, roles=[Role.EKONOMI]),
        "attestant": UserFactory(username="w_attestant", organisation=city, roles=[Role.ATTESTANT]),
        "samordnare": UserFactory(username="w_samordnare", organisation=city, roles=[Role.SAMORDNARE]),
        "processledare": UserFactory(
            username="w_processledare", organisation=agency, roles=[Role.PROCESSLEDARE]
        ),
        "teammedlem": UserFactory(username="w_teammedlem", organisation=agency, roles=[Role.TEAMMEDLEM]),
        "superuser": UserFactory(username="w_superuser", is_superuser=True, is_staff=True),
    }
    StaffFactory(partnership=partnership, user=users["handledare"])
    return SimpleNamespace(
        city=city, partner=partner, agency=agency, partnership=partnership, work_area=work_area, users=users
    )
