"""factory_boy factories shared by all tests."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth.models import Group

from iop.models import (
    ActionPoint,
    AgreementPeriod,
    BudgetLine,
    Goal,
    Meeting,
    Organisation,
    Partnership,
    PartnershipParty,
    StaffMember,
    User,
    WorkArea,
)

# Valid (Luhn) organisation numbers for tests; the first two are the seed-000 parties.
VALID_ORG_NUMBERS = ["212000-1124", "846004-8716", "802000-0037", "802000-0045", "802000-0052", "802000-0060"]


def _luhn_org_number(n: int) -> str:
    from stdnum import luhn

    base = f"80{n:07d}"
    return f"{base[:6]}-{base[6:]}{luhn.calc_check_digit(base)}"


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        django_get_or_create = ("org_number",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    org_number = factory.Sequence(lambda n: _luhn_org_number(n + 1000))
    kind = Organisation.Kind.NON_PROFIT
    city = "Malmö"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Förnamn{n}")
    last_name = "Testsson"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("test-password-123")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for role in extracted:
            group, _ = Group.objects.get_or_create(name=str(role))
            self.groups.add(group)
        self.__dict__.pop("role_names", None)


# Case numbers that fixtures write literally in the sequence's range (invoicing's setup(): ASN-2024-1234). The
# sequence skips them: after a few hundred partnerships in one test process it would otherwise collide with
# a fixture's partnership (a UNIQUE error that depends on which test files ran before on the worker).
FIXTURE_CASE_NUMBERS = frozenset(f"ASN-2024-{n}" for n in (1234, 2222, 3333, 5000, 5001, 5002, 7777, 9999))


def _case_number(n: int) -> str:
    value = f"ASN-2024-{n + 1000:04d}"
    return f"ASN-2098-{n + 1000:04d}" if value in FIXTURE_CASE_NUMBERS else value


class PartnershipFactory(factory.django.DjangoModelFactory[Partnership]):
    class Meta:
        model = Partnership

    case_number = factory.Sequence(_case_number)
    title = factory.Sequence(lambda n: f"Partnerskap {n}")
    status = Partnership.Status.ACTIVE
    places_at_once = 24
    places_per_year = 72
    max_months = 4
    extension_months = 12
    extension_notice_months = 3
    steering_meetings_per_year = 4  # the work-training agreement: "minst fyra gånger per år"
    # The agreement is valid only once the board's decision has legal force (iop.legal_force).
    legal_force_date = dt.date(2020, 1, 1)


class PartyFactory(factory.django.DjangoModelFactory[PartnershipParty]):
    class Meta:
        model = PartnershipParty

    partnership = factory.SubFactory(PartnershipFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = PartnershipParty.Role.NON_PROFIT


class PeriodFactory(factory.django.DjangoModelFactory[AgreementPeriod]):
    class Meta:
        model = AgreementPeriod

    partnership = factory.SubFactory(PartnershipFactory)
    start = dt.date(2025, 1, 1)
    end = dt.date(2025, 12, 31)


class WorkAreaFactory(factory.django.DjangoModelFactory[WorkArea]):
    class Meta:
        model = WorkArea

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Verksamhet {n}")


class BudgetLineFactory(factory.django.DjangoModelFactory[BudgetLine]):
    class Meta:
        model = BudgetLine

    partnership = factory.SubFactory(PartnershipFactory)
    year = 2025
    category = BudgetLine.Category.SALARY
    description = "Handledare"
    fte = Decimal("1.00")
    amount = Decimal("500000.00")


class StaffFactory(factory.django.DjangoModelFactory[StaffMember]):
    class Meta:
        model = StaffMember

    partnership = factory.SubFactory(PartnershipFactory)
    user = factory.SubFactory(UserFactory)
    role = StaffMember.Role.SUPERVISOR
    fte = Decimal("1.00")
    confidentiality_signed_on = dt.date(2024, 12, 1)


class GoalFactory(factory.django.DjangoModelFactory[Goal]):
    class Meta:
        model = Goal

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Mål {n}")
    target_value = Decimal("72")


class MeetingFactory(factory.django.DjangoModelFactory[Meeting]):
    class Meta:
        model = Meeting

    partnership = factory.SubFactory(PartnershipFactory)
    date = dt.date(2025, 3, 1)
    held = True


class ActionPointFactory(factory.django.DjangoModelFactory[ActionPoint]):
    class Meta:
        model = ActionPoint

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"Åtgärd {n}")
