"""factory_boy factories for participants, consents, referrals and placements (used by other apps too).

Personal identity numbers are fictional, valid in form and deterministic (personnummer.make_fictional).
The factories write rows directly (no capacity check); use the services when the rules matter.
"""

import datetime as dt
from typing import Any

import factory

from iop.dates import add_months
from iop.models import PartnershipParty
from iop.roles import Role
from participants.models import Consent, EndReason, Participant, Placement, Referral
from participants.personnummer import make_fictional, parse
from tests.factories import OrganisationFactory, PartnershipFactory, PartyFactory, UserFactory


class ParticipantFactory(factory.django.DjangoModelFactory[Participant]):
    class Meta:
        model = Participant
        django_get_or_create = ("personal_identity_number",)

    personal_identity_number = factory.Sequence(lambda n: make_fictional(n, year=1980 + n % 25))
    birth_date = factory.LazyAttribute(lambda p: parse(p.personal_identity_number).birth_date)
    first_name = factory.Sequence(lambda n: f"Deltagarförnamn{n}")
    last_name = "Testsson"
    case_officer = factory.SubFactory(UserFactory, roles=[Role.AMS])
    pseudonym = factory.Sequence(lambda n: f"Deltagare T{n:04d}")


def _non_profit_org(partnership):
    party = (
        partnership.parties.exclude(role=PartnershipParty.Role.CITY).select_related("organisation").first()
    )
    if party is None:
        party = PartyFactory(partnership=partnership, organisation=OrganisationFactory())
    return party.organisation


class ConsentFactory(factory.django.DjangoModelFactory[Consent]):
    """A consent for the partnership's (first) non-profit party; creates that party when missing."""

    class Meta:
        model = Consent

    participant = factory.SubFactory(ParticipantFactory)
    partnership = factory.SubFactory(PartnershipFactory)
    organisation = factory.LazyAttribute(lambda c: _non_profit_org(c.partnership))
    given_on = dt.date(2024, 12, 1)
    documentation_note = "Skriftligt samtycke, inskannat i verksamhetssystemet."


class ReferralFactory(factory.django.DjangoModelFactory[Referral]):
    class Meta:
        model = Referral

    participant = factory.SubFactory(ParticipantFactory)
    partnership = factory.SubFactory(PartnershipFactory)
    case_officer = factory.LazyAttribute(lambda r: r.participant.case_officer)
    referred_on = dt.date(2025, 1, 2)
    reason = "Arbetsträning mot praktisk yrkesroll."
    status = Referral.Status.NEW


class PlacementFactory(factory.django.DjangoModelFactory[Placement]):
    class Meta:
        model = Placement

    participant = factory.SubFactory(ParticipantFactory)
    partnership = factory.SubFactory(PartnershipFactory)
    start_date = dt.date(2025, 1, 13)
    planned_end_date = factory.LazyAttribute(
        lambda p: add_months(p.start_date, p.partnership.max_months or 4)
    )


def end_reason(code: str) -> EndReason:
    """One of the seeded end reasons (work, studies, other_measure, completed_plan, ...).

    get_or_create: a transactional test's flush removes the rows seeded by the data migration.
    """
    by_code: dict[str, dict[str, Any]] = {
        "work": {"outcome": EndReason.Outcome.WORK},
        "studies": {"outcome": EndReason.Outcome.STUDIES},
        "other_measure": {"outcome": EndReason.Outcome.OTHER_MEASURE},
        "completed_plan": {"counts_as_completed_plan": True},
        "interrupted_health": {"is_interruption": True},
        "interrupted_other": {"is_interruption": True},
    }
    defaults = by_code.get(code, {})
    return EndReason.objects.get_or_create(code=code, defaults={"name": code, **defaults})[0]
