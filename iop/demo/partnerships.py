"""Seeds the city's other partnerships from their specs (labour market and social), idempotently."""

from decimal import Decimal

from django.db import transaction

from iop.demo.labour_market import LABOUR_MARKET_PARTNERSHIPS
from iop.demo.organisations import organisation
from iop.demo.social import SOCIAL_PARTNERSHIPS
from iop.models.budget import BudgetLine, InKindContribution, OtherFunding
from iop.models.goals import Goal
from iop.models.organisation import Organisation
from iop.models.partnership import (
    AgreementPeriod,
    ForumCriterionAssessment,
    Partnership,
    PartnershipParty,
    WorkArea,
)

PARTNERSHIPS = [*LABOUR_MARKET_PARTNERSHIPS, *SOCIAL_PARTNERSHIPS]


@transaction.atomic
def seed_partnerships(*, city: Organisation) -> list[Partnership]:
    created = []
    for spec in PARTNERSHIPS:
        p, _ = Partnership.objects.get_or_create(
            case_number=spec["case_number"],
            defaults={
                "title": spec["title"],
                "area": spec.get("area", Partnership.Area.LABOUR_MARKET),
                "reported_only": spec.get("reported_only", False),
                "capacity_unit": spec.get("capacity_unit", Partnership.CapacityUnit.PLACES),
                "reporting_frequency": spec.get(
                    "reporting_frequency", Partnership.ReportingFrequency.QUARTERLY
                ),
                "status": spec["status"],
                "target_group": spec["target_group"],
                "purpose": spec["purpose"],
                "places_at_once": spec.get("places_at_once"),
                "places_per_year": spec.get("places_per_year"),
                "extension_months": spec.get("extension_months", 0),
            },
        )
        PartnershipParty.objects.get_or_create(
            partnership=p, organisation=city, defaults={"role": PartnershipParty.Role.CITY}
        )
        for key in spec["partners"]:
            PartnershipParty.objects.get_or_create(
                partnership=p,
                organisation=organisation(key),
                defaults={"role": PartnershipParty.Role.NON_PROFIT},
            )
        for kind, start, end, *decision in spec["periods"]:
            AgreementPeriod.objects.get_or_create(
                partnership=p,
                start=start,
                defaults={"kind": kind, "end": end, "case_number": decision[0] if decision else ""},
            )
        seed_funding(p, spec)
        for year, description, amount in spec["budget"]:
            BudgetLine.objects.get_or_create(
                partnership=p,
                year=year,
                description=description,
                defaults={"category": BudgetLine.Category.OTHER, "amount": Decimal(amount)},
            )
        for name, description in spec.get("work_areas", []):
            WorkArea.objects.get_or_create(partnership=p, name=name, defaults={"description": description})
        for order, (title, target, unit, per_year, *extra) in enumerate(spec["goals"], start=1):
            Goal.objects.get_or_create(
                partnership=p,
                title=title,
                defaults={
                    **(extra[0] if extra else {}),
                    "target_value": Decimal(target) if target is not None else None,
                    "unit": unit,
                    "target_basis": Goal.TargetBasis.YEAR if per_year else Goal.TargetBasis.AGREEMENT,
                    "order": order,
                },
            )
        created.append(p)
    return created


def seed_funding(p: Partnership, spec: dict) -> None:
    """Other funders, the organisation's own contributions and Forum's criteria where a spec names them."""
    for year, funder, activity, amount in spec.get("other_funding", []):
        OtherFunding.objects.get_or_create(
            partnership=p,
            year=year,
            funder=funder,
            defaults={"activity": activity, "amount": Decimal(amount)},
        )
    for year, description, value, hours in spec.get("in_kind", []):
        InKindContribution.objects.get_or_create(
            partnership=p,
            year=year,
            description=description,
            defaults={"estimated_value": Decimal(value) if value else None, "volunteer_hours": hours},
        )
    for criterion, answer, note in spec.get("forum", []):
        ForumCriterionAssessment.objects.get_or_create(
            partnership=p, criterion=criterion, defaults={"answer": answer, "note": note}
        )
