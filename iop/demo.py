"""Demo data of the partnership registry: the seed-000 agreement with Skåne Stadsmission and the
city's other labour-market partnerships (seeds 001 and 004). Fictional people only.

Every function here is idempotent: it looks rows up by natural keys and creates what is missing.
"""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import transaction

from iop.indicators import IndicatorCode
from iop.models import (
    AgreementPeriod,
    BudgetLine,
    ContactPerson,
    Goal,
    InKindContribution,
    Organisation,
    Partnership,
    PartnershipParty,
    StaffMember,
    User,
    WorkArea,
)
from iop.roles import Role

# Only the demo accounts made by `seed_demo --demo-users` use it (bandit B105 reviewed).
DEMO_PASSWORD = "demo"  # nosec B105
STADSMISSION_CASE = "ASN-2024-1234"

# username → (first name, last name, role, organisation key). All names are invented.
DEMO_USERS = {
    "samordnare": ("Sara", "Samordnarsson", Role.SAMORDNARE, "city"),
    "ams": ("Amir", "Sekreterarsson", Role.AMS, "city"),
    "handledare": ("Hanna", "Handledarsson", Role.HANDLEDARE, "stadsmission"),
    "styrgrupp": ("Stefan", "Styrsson", Role.STYRGRUPP, "stadsmission"),
    "ekonomi": ("Eva", "Ekonomsson", Role.EKONOMI, "stadsmission"),
    "attestant": ("Ali", "Attestsson", Role.ATTESTANT, "city"),
}


def city() -> Organisation:
    org, _ = Organisation.objects.get_or_create(
        org_number="212000-1124",
        defaults={
            "name": "Arbetsmarknads- och socialnämnden, Malmö stad",
            "kind": Organisation.Kind.PUBLIC,
            "street_address": "August Palms plats 1",
            "postal_code": "205 80",
            "city": "Malmö",
        },
    )
    return org


def stadsmission() -> Organisation:
    org, _ = Organisation.objects.get_or_create(
        org_number="846004-8716",
        defaults={
            "name": "Stiftelsen Skåne Stadsmission",
            "kind": Organisation.Kind.NON_PROFIT,
            "street_address": "Exempelgatan 1",
            "postal_code": "211 00",
            "city": "Malmö",
            "bankgiro": "5050-1055",
        },
    )
    return org


@transaction.atomic
def seed_stadsmission() -> Partnership:
    """The reference agreement exactly as seed 000 states it."""
    the_city, partner = city(), stadsmission()
    p, created = Partnership.objects.get_or_create(
        case_number=STADSMISSION_CASE,
        defaults={
            "title": "Arbetsträning hos Skåne Stadsmission 2025",
            "area": Partnership.Area.LABOUR_MARKET,
            "status": Partnership.Status.ACTIVE,
            "target_group": (
                "Arbetslösa Malmöbor med försörjningsstöd som står långt från arbetsmarknaden och "
                "behöver arbetsträning för att närma sig arbete eller studier."
            ),
            "purpose": (
                "Att genom arbetsträning i Skåne Stadsmissions verksamheter stärka deltagarnas "
                "arbetsförmåga och möjlighet till arbete, studier och självförsörjning."
            ),
            "board_decision_date": dt.date(2024, 11, 20),
            "legal_force_date": dt.date(2024, 12, 12),
            "places_at_once": 24,
            "places_per_year": 72,
            "max_months": 4,
            "extension_months": 12,
            "extension_notice_months": 3,
            "invoicing_frequency": Partnership.InvoicingFrequency.QUARTERLY,
            "invoicing_method": Partnership.InvoicingMethod.FIXED_SHARE,
            "convening_party": partner,
        },
    )
    city_party, _ = PartnershipParty.objects.get_or_create(
        partnership=p, organisation=the_city, defaults={"role": PartnershipParty.Role.CITY}
    )
    partner_party, _ = PartnershipParty.objects.get_or_create(
        partnership=p, organisation=partner, defaults={"role": PartnershipParty.Role.NON_PROFIT}
    )
    ContactPerson.objects.get_or_create(
        party=city_party,
        name="Karin Kontaktsson",
        defaults={"title": "Enhetschef", "email": "karin@malmo.example"},
    )
    ContactPerson.objects.get_or_create(
        party=partner_party,
        name="Per Partnersson",
        defaults={"title": "Verksamhetschef", "phone": "040-000 00 00"},
    )
    AgreementPeriod.objects.get_or_create(
        partnership=p,
        kind=AgreementPeriod.Kind.ORIGINAL,
        defaults={"start": dt.date(2025, 1, 1), "end": dt.date(2025, 12, 31)},
    )
    for name, description in [
        ("Insamling och produktion", "Inlämning och sortering av gåvor"),
        ("REMAKE av Stadsmissionen", "Sy- och sömnad"),
        ("Matmissionen", "Livsmedelsbutik"),
        ("Stadsmissionen Secondhand", "Butik"),
    ]:
        WorkArea.objects.get_or_create(partnership=p, name=name, defaults={"description": description})

    targets = {
        IndicatorCode.TRAINED: 72,
        IndicatorCode.JOINT_FOLLOWUPS: 72,
        IndicatorCode.SELF_ASSESSMENT: 72,
        IndicatorCode.INTRO_EXIT: 72,
        IndicatorCode.COMPLETED_PLAN: 72,
    }
    for order, (code, target) in enumerate(targets.items(), start=1):
        Goal.objects.get_or_create(
            partnership=p,
            indicator=code,
            defaults={"title": str(code.label), "target_value": Decimal(target), "order": order},
        )

    # 1 751 245 kr for 3.2 positions, split by FTE to the öre; 175 392 kr work clothes.
    for description, fte, amount in [
        ("Handledare (3 tjänster)", "3.00", "1641792.19"),
        ("Studie- och yrkesvägledare", "0.10", "54726.41"),
        ("Administratör", "0.10", "54726.40"),
    ]:
        BudgetLine.objects.get_or_create(
            partnership=p,
            year=2025,
            category=BudgetLine.Category.SALARY,
            description=description,
            defaults={"fte": Decimal(fte), "amount": Decimal(amount)},
        )
    BudgetLine.objects.get_or_create(
        partnership=p,
        year=2025,
        category=BudgetLine.Category.WORK_CLOTHES,
        description="Arbetskläder till deltagare",
        defaults={"amount": Decimal("175392.00")},
    )
    for item in ["Lokaler", "El", "Städning", "Licenser", "Tryck", "Material", "Telefoni", "IT", "Overhead"]:
        InKindContribution.objects.get_or_create(partnership=p, year=2025, description=item)
    return p


def seed_users(*, with_passwords: bool) -> list[User]:
    """One demo user per role (password `demo`), plus `admin` as superuser."""
    orgs = {"city": city(), "stadsmission": stadsmission()}
    users = []
    for username, (first, last, role, org_key) in DEMO_USERS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "organisation": orgs[org_key],
                "email": f"{username}@demo.example",
            },
        )
        if created and with_passwords:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(Group.objects.get_or_create(name=str(role))[0])
        users.append(user)
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={
            "is_superuser": True,
            "is_staff": True,
            "first_name": "Admin",
            "email": "admin@demo.example",
        },
    )
    if created and with_passwords:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    users.append(admin)
    p = Partnership.objects.get(case_number=STADSMISSION_CASE)
    handledare = User.objects.get(username="handledare")
    StaffMember.objects.get_or_create(
        partnership=p,
        user=handledare,
        role=StaffMember.Role.SUPERVISOR,
        defaults={"fte": Decimal("1.00"), "confidentiality_signed_on": dt.date(2024, 12, 15)},
    )
    return users


def seed(*, demo_users: bool) -> None:
    seed_stadsmission()
    if demo_users:
        seed_users(with_passwords=True)
