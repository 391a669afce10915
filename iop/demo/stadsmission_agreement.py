"""The reference agreement with Skåne Stadsmission exactly as its text states it, its steering group
and meetings, and its 2026 continuation."""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from iop.demo.organisations import city, stadsmission
from iop.indicators import IndicatorCode
from iop.models.budget import BudgetLine, InKindContribution
from iop.models.goals import Goal
from iop.models.organisation import ContactPerson
from iop.models.partnership import (
    AgreementPeriod,
    ForumCriterionAssessment,
    Partnership,
    PartnershipParty,
    WorkArea,
)
from iop.models.staff import StaffMember
from iop.models.steering import ActionPoint, Meeting, SteeringGroupMember
from iop.models.users import User

STADSMISSION_CASE = "ASN-2024-1234"
STADSMISSION_2026_CASE = "ASN-2025-4321"


@transaction.atomic
def seed_stadsmission() -> Partnership:
    """The reference agreement exactly as its text states it."""
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
            # "Styrgruppsmöten ska ske minst fyra gånger per år eller vid behov."
            "steering_meetings_per_year": 4,
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

    # The agreement, §4.3: "72 individer i målgruppen ska få arbetsträna per år" is the only target; for
    # indicators 2–5 the agreement asks only that the counts be reported, so they have no target
    # (and so never a deviation).
    targets = {
        IndicatorCode.TRAINED: 72,
        IndicatorCode.JOINT_FOLLOWUPS: None,
        IndicatorCode.SELF_ASSESSMENT: None,
        IndicatorCode.INTRO_EXIT: None,
        IndicatorCode.COMPLETED_PLAN: None,
    }
    for order, (code, target) in enumerate(targets.items(), start=1):
        Goal.objects.get_or_create(
            partnership=p,
            indicator=code,
            defaults={
                "title": str(code.label),
                "target_value": Decimal(target) if target is not None else None,
                "order": order,
            },
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


FORUM_ASSESSMENTS = [
    ("initiative", "yes", "Stadsmissionen tog initiativet till arbetsträningen i sina verksamheter."),
    ("programme", "yes", "Ingår i stadens arbete med idéburen sektor och arbetsmarknadsinsatser."),
    ("not_grant", "yes", "Finansieras inte som föreningsbidrag."),
    ("no_market", "partly", "Arbetsträning med rehabiliterande inriktning; ingen direkt marknad."),
    ("both_finance", "yes", "Stadsmissionen bidrar med lokaler, el, städning, IT med mera."),
    ("not_detailed", "yes", "Överenskommelsen anger mål och ramar, inte arbetssätt."),
    ("long_term", "yes", "Ettårig överenskommelse med option på förlängning."),
]

# date, held, agenda, minutes. Fictional content.
MEETINGS_2025 = [
    (
        dt.date(2025, 2, 12),
        True,
        "1. Uppstart 2025\n2. Indikatorer och uppföljning\n3. Övrigt",
        "Parterna gick igenom överenskommelsen och formerna för uppföljning.",
    ),
    (
        dt.date(2025, 5, 14),
        True,
        "1. Lägesrapport platser\n2. Budget Q1\n3. Övrigt",
        "22 av 24 platser belagda. Kostnaderna följer budget.",
    ),
    (
        dt.date(2025, 9, 10),
        True,
        "1. Förlängning 2026\n2. Lägesrapport\n3. Övrigt",
        "Parterna är överens om att utreda förlängning inför 2026.",
    ),
    (dt.date(2025, 12, 3), False, "1. Årsrapport\n2. Planering 2026", ""),
]


@transaction.atomic
def seed_stadsmission_steering(*, with_users: bool) -> None:
    """Steering group, 2025 meetings, action points and Forum's criteria for the reference agreement."""
    p = Partnership.objects.get(case_number=STADSMISSION_CASE)
    city_party = p.parties.get(organisation=city())
    partner_party = p.parties.get(organisation=stadsmission())
    for party, name, function in [
        (city_party, "Karin Kontaktsson", "Enhetschef, arbetsmarknadsavdelningen"),
        (partner_party, "Per Partnersson", "Verksamhetschef"),
    ]:
        SteeringGroupMember.objects.get_or_create(
            partnership=p, party=party, name=name, defaults={"function": function}
        )
    users = {u.username: u for u in User.objects.filter(username__in=["samordnare", "styrgrupp", "ekonomi"])}
    if with_users:
        for username, party, function in [
            ("samordnare", city_party, "IOP-samordnare"),
            ("styrgrupp", partner_party, "Biträdande verksamhetschef"),
        ]:
            if username in users:
                SteeringGroupMember.objects.get_or_create(
                    partnership=p, party=party, user=users[username], defaults={"function": function}
                )
    for criterion, answer, note in FORUM_ASSESSMENTS:
        ForumCriterionAssessment.objects.get_or_create(
            partnership=p, criterion=criterion, defaults={"answer": answer, "note": note}
        )
    meetings = []
    for day, held, agenda, minutes in MEETINGS_2025:
        meeting, created = Meeting.objects.get_or_create(
            partnership=p,
            kind=Meeting.Kind.STEERING,
            date=day,
            defaults={
                "convened_by": stadsmission(),
                "held": held,
                "agenda": agenda,
                "minutes": minutes,
                "other_attendees": "Karin Kontaktsson, Per Partnersson" if held else "",
            },
        )
        if created and held and with_users:
            meeting.attendees.set([u for k, u in users.items() if k in ("samordnare", "styrgrupp")])
        meetings.append(meeting)
    clothes = p.budget_lines.filter(category=BudgetLine.Category.WORK_CLOTHES).first()
    indicator2 = p.goals.filter(indicator=IndicatorCode.JOINT_FOLLOWUPS).first()
    points = [
        (
            meetings[0],
            ActionPoint.Kind.DECISION,
            "Styrgruppen träffas fyra gånger under 2025.",
            None,
            None,
            ActionPoint.Status.DONE,
            None,
            None,
        ),
        (
            meetings[1],
            ActionPoint.Kind.ACTION,
            "Redovisa utfallet för arbetskläder per kvartal.",
            users.get("ekonomi"),
            dt.date(2025, 9, 1),
            ActionPoint.Status.DONE,
            meetings[2],
            clothes,
        ),
        (
            meetings[2],
            ActionPoint.Kind.ACTION,
            "Ta fram underlag för beslut om förlängning 2026.",
            users.get("samordnare"),
            dt.date(2025, 9, 30),
            ActionPoint.Status.OPEN,
            None,
            None,
        ),
        (
            meetings[2],
            ActionPoint.Kind.ACTION,
            "Säkerställ minst två gemensamma uppföljningssamtal per deltagare (indikator 2).",
            users.get("styrgrupp"),
            dt.date(2025, 12, 3),
            ActionPoint.Status.OPEN,
            None,
            indicator2,
        ),
    ]
    for meeting, kind, text, owner, due, status, followed_up, concerns in points:
        point, created = ActionPoint.objects.get_or_create(
            meeting=meeting,
            text=text,
            defaults={
                "kind": kind,
                "owner": owner,
                "due_date": due,
                "status": status,
                "followed_up_at": followed_up,
            },
        )
        if created and concerns is not None:
            point.concerns = concerns
            point.save()


@transaction.atomic
def seed_stadsmission_2026() -> Partnership:
    """The agreement's continuation for 2026 (a new agreement on the same terms), so that the demo has
    placements running today. The 2025 agreement stays exactly as its text states it."""
    base = Partnership.objects.get(case_number=STADSMISSION_CASE)
    p, created = Partnership.objects.get_or_create(
        case_number=STADSMISSION_2026_CASE,
        defaults={
            "title": "Arbetsträning hos Skåne Stadsmission 2026",
            "area": base.area,
            "status": Partnership.Status.ACTIVE,
            "target_group": base.target_group,
            "purpose": base.purpose,
            "board_decision_date": dt.date(2025, 11, 19),
            "legal_force_date": dt.date(2025, 12, 11),
            "places_at_once": 24,
            "places_per_year": 72,
            "max_months": 4,
            "extension_months": 12,
            "extension_notice_months": 3,
            "invoicing_frequency": base.invoicing_frequency,
            "invoicing_method": base.invoicing_method,
            "convening_party": base.convening_party,
            "steering_meetings_per_year": base.steering_meetings_per_year,
        },
    )
    if not created:
        return p
    for party in base.parties.all():
        PartnershipParty.objects.create(partnership=p, organisation=party.organisation, role=party.role)
    AgreementPeriod.objects.create(
        partnership=p,
        kind=AgreementPeriod.Kind.ORIGINAL,
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
    )
    for area in base.work_areas.all():
        WorkArea.objects.create(partnership=p, name=area.name, description=area.description)
    for goal in base.goals.all():
        Goal.objects.create(
            partnership=p,
            indicator=goal.indicator,
            title=goal.title,
            target_value=goal.target_value,
            order=goal.order,
        )
    for line in base.budget_lines.filter(year=2025):
        BudgetLine.objects.create(
            partnership=p,
            year=2026,
            category=line.category,
            description=line.description,
            fte=line.fte,
            amount=line.amount,
        )
    for staff in base.staff.all():
        StaffMember.objects.create(
            partnership=p,
            user=staff.user,
            role=staff.role,
            fte=staff.fte,
            confidentiality_signed_on=staff.confidentiality_signed_on,
        )
    for item in base.in_kind.filter(year=2025):
        InKindContribution.objects.create(partnership=p, year=2026, description=item.description)
    return p
