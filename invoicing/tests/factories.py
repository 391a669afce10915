"""Test data for invoicing: a partnership ready to invoice, with the people around it."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from iop.models import Amendment, AmendmentApproval, BudgetLine, Organisation, Partnership, PartnershipParty
from iop.roles import Role
from tests.factories import (
    BudgetLineFactory,
    OrganisationFactory,
    PartnershipFactory,
    PartyFactory,
    PeriodFactory,
    UserFactory,
)

TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TINY_PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 40

# The agreement: 1 751 245 kr salaries (3.2 positions, split by FTE to the öre) + 175 392 kr work clothes.
SEED_BUDGET = [
    (BudgetLine.Category.SALARY, "Handledare (3 tjänster)", Decimal("3.00"), Decimal("1641792.19")),
    (BudgetLine.Category.SALARY, "Studie- och yrkesvägledare", Decimal("0.10"), Decimal("54726.41")),
    (BudgetLine.Category.SALARY, "Administratör", Decimal("0.10"), Decimal("54726.40")),
    (BudgetLine.Category.WORK_CLOTHES, "Arbetskläder", None, Decimal("175392.00")),
]


def city_org() -> Organisation:
    return OrganisationFactory.create(
        name="Arbetsmarknads- och socialnämnden",
        org_number="212000-1124",
        kind=Organisation.Kind.PUBLIC,
        street_address="August Palms plats 1",
        postal_code="205 80",
    )


def partner_org(org_number: str = "846004-8716", **kwargs) -> Organisation:
    defaults = {
        "name": "Stiftelsen Testmissionen",
        "street_address": "Korsgatan 14",
        "postal_code": "211 32",
        "bankgiro": "5050-1055",
    }
    defaults.update(kwargs)
    org = OrganisationFactory.create(org_number=org_number, **defaults)
    for field, value in defaults.items():
        setattr(org, field, value)
    org.save()
    return org


def setup(
    *,
    budget: list | None = None,
    method: str = Partnership.InvoicingMethod.FIXED_SHARE,
    frequency: str = Partnership.InvoicingFrequency.QUARTERLY,
    year: int = 2025,
    case_number: str = "ASN-2024-1234",
    partner: Organisation | None = None,
) -> SimpleNamespace:
    """A partnership for `year` with a city and a non-profit party, a budget, and one user per role."""
    city = city_org()
    partner = partner or partner_org()
    partnership = PartnershipFactory.create(
        case_number=case_number, invoicing_method=method, invoicing_frequency=frequency
    )
    PartyFactory(partnership=partnership, organisation=city, role=PartnershipParty.Role.CITY)
    PartyFactory(partnership=partnership, organisation=partner, role=PartnershipParty.Role.NON_PROFIT)
    PeriodFactory(partnership=partnership, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    lines = []
    for category, description, fte, amount in budget if budget is not None else SEED_BUDGET:
        lines.append(
            BudgetLineFactory(
                partnership=partnership,
                year=year,
                category=category,
                description=description,
                fte=fte,
                amount=amount,
            )
        )
    other = partner_org("802000-0037", name="Föreningen Annan")
    return SimpleNamespace(
        city=city,
        partner=partner,
        partnership=partnership,
        budget_lines=lines,
        ekonomi=UserFactory(username=f"ekonomi-{partnership.pk}", organisation=partner, roles=[Role.EKONOMI]),
        attestant=UserFactory(
            username=f"attestant-{partnership.pk}", organisation=city, roles=[Role.ATTESTANT]
        ),
        samordnare=UserFactory(
            username=f"samordnare-{partnership.pk}", organisation=city, roles=[Role.SAMORDNARE]
        ),
        other_ekonomi=UserFactory(
            username=f"annan-ekonomi-{partnership.pk}", organisation=other, roles=[Role.EKONOMI]
        ),
        handledare=UserFactory(
            username=f"handledare-{partnership.pk}", organisation=partner, roles=[Role.HANDLEDARE]
        ),
    )


def approved_amendment(
    partnership: Partnership, *, year: int, increase: Decimal, approved: bool = True
) -> Amendment:
    amendment = Amendment.objects.create(
        partnership=partnership,
        date=dt.date(year, 5, 1),
        title="Utökad budget",
        text="Parterna är överens om att utöka budgeten.",
        affects_budget=True,
        budget_year=year,
        budget_increase=increase,
    )
    for party in partnership.parties.all():
        AmendmentApproval.objects.create(
            amendment=amendment, party=party, approved_on=dt.date(year, 5, 2) if approved else None
        )
    return amendment
