"""Demo data of invoicing (idempotent; fictional people only).

- Skåne Stadsmission 2025, fixed share: Q1–Q3 approved and paid, Q4 submitted and waiting.
- An actual-cost example for a small fictional partnership (ASN-2019-0417): Q1 approved with
  verifications (a payroll reference, a ledger reference, an attached receipt), Q2 a draft.
- What Stadsmission delivers: its 2025 documents (two received, one missing) and one notice of economic
  change (`demo_deliveries`).

The workflow runs through the services as the demo users `ekonomi` and `attestant` (and a second
finance user for the example association). Without demo users no invoices are created: every
invoice step needs a real person to be recorded against.
"""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from iop.demo import DEMO_PASSWORD, STADSMISSION_CASE, city
from iop.models import (
    AgreementPeriod,
    BudgetLine,
    InKindContribution,
    Organisation,
    Partnership,
    PartnershipParty,
    User,
)
from iop.roles import Role

from .demo_deliveries import seed_partner_deliveries
from .demo_esf import seed_malmokraften_budget
from .models import Invoice
from .services import drafts, workflow

EXAMPLE_CASE = "ASN-2019-0417"
EXAMPLE_ORG_NUMBER = "802470-1230"


def _at(day: str, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour)))


def _advance(invoice: Invoice, *, ekonomi: User, attestant: User, steps: dict[str, str]) -> None:
    """Move an invoice through the workflow up to the steps given (each with its date)."""
    invoice.refresh_from_db()
    if invoice.is_editable and "submit" in steps:
        invoice = workflow.invoice_submit(invoice=invoice, by=ekonomi, now=_at(steps["submit"]))
    if invoice.status == Invoice.Status.SUBMITTED and "approve" in steps:
        invoice = workflow.invoice_approve(invoice=invoice, by=attestant, now=_at(steps["approve"], 14))
    if invoice.status == Invoice.Status.APPROVED and "paid" in steps:
        paid_on = dt.date.fromisoformat(steps["paid"])
        workflow.invoice_mark_paid(invoice=invoice, by=attestant, paid_on=paid_on, now=_at(steps["paid"], 16))


def _invoice_for(partnership: Partnership, start: dt.date, by: User, created: str) -> Invoice:
    existing = Invoice.objects.filter(
        partnership=partnership, kind=Invoice.Kind.INVOICE, period_start=start, is_credited=False
    ).first()
    if existing:
        return existing
    invoice = drafts.invoice_create(partnership=partnership, period_start=start, by=by, now=_at(created, 9))
    return drafts.invoice_update_draft(
        invoice=invoice,
        by=by,
        header={"buyer_reference": "ASF Arbetsmarknadsavdelningen 4410"},
        now=_at(created, 9),
    )


@transaction.atomic
def seed_stadsmission_invoices(*, ekonomi: User, attestant: User) -> None:
    partnership = Partnership.objects.filter(case_number=STADSMISSION_CASE).first()
    if partnership is None:
        return
    plan = [
        ("2025-01-01", {"submit": "2025-04-03", "approve": "2025-04-10", "paid": "2025-05-02"}),
        ("2025-04-01", {"submit": "2025-07-03", "approve": "2025-07-10", "paid": "2025-08-01"}),
        ("2025-07-01", {"submit": "2025-10-02", "approve": "2025-10-09", "paid": "2025-11-03"}),
        ("2025-10-01", {"submit": "2026-01-08"}),
    ]
    for start, steps in plan:
        invoice = _invoice_for(partnership, dt.date.fromisoformat(start), ekonomi, steps["submit"])
        _advance(invoice, ekonomi=ekonomi, attestant=attestant, steps=steps)


def example_partnership() -> Partnership:
    """A small fictional partnership invoiced by actual verified costs."""
    org, _ = Organisation.objects.get_or_create(
        org_number=EXAMPLE_ORG_NUMBER,
        defaults={
            "name": "Föreningen Verkstaden i Malmö (exempel)",
            "kind": Organisation.Kind.NON_PROFIT,
            "street_address": "Påhittade gatan 7",
            "postal_code": "214 21",
            "city": "Malmö",
            "plusgiro": "4 77 10-2",
        },
    )
    partnership, _ = Partnership.objects.get_or_create(
        case_number=EXAMPLE_CASE,
        defaults={
            "title": "Arbetsträning i cykelverkstad (exempel på faktiska kostnader)",
            "status": Partnership.Status.ACTIVE,
            "places_at_once": 6,
            "places_per_year": 18,
            "max_months": 4,
            "invoicing_frequency": Partnership.InvoicingFrequency.QUARTERLY,
            "invoicing_method": Partnership.InvoicingMethod.ACTUAL_COST,
            "convening_party": org,
            # Påhittad demouppgift: the example's board decision and its legal force (iop.legal_force).
            "board_decision_date": dt.date(2024, 11, 20),
            "legal_force_date": dt.date(2024, 12, 12),
        },
    )
    PartnershipParty.objects.get_or_create(
        partnership=partnership, organisation=city(), defaults={"role": PartnershipParty.Role.CITY}
    )
    PartnershipParty.objects.get_or_create(
        partnership=partnership, organisation=org, defaults={"role": PartnershipParty.Role.NON_PROFIT}
    )
    AgreementPeriod.objects.get_or_create(
        partnership=partnership,
        kind=AgreementPeriod.Kind.ORIGINAL,
        defaults={"start": dt.date(2025, 1, 1), "end": dt.date(2025, 12, 31)},
    )
    for category, description, fte, amount in [
        (BudgetLine.Category.SALARY, "Handledare (1,0 tjänst)", Decimal("1.00"), Decimal("520000.00")),
        (BudgetLine.Category.WORK_CLOTHES, "Arbetskläder och skyddsskor", None, Decimal("24000.00")),
        (BudgetLine.Category.OTHER, "Material och studiebesök", None, Decimal("36000.00")),
    ]:
        BudgetLine.objects.get_or_create(
            partnership=partnership,
            year=2025,
            category=category,
            description=description,
            defaults={"fte": fte, "amount": amount},
        )
    for item, value in [("Lokal (verkstad)", Decimal("96000.00")), ("Verktyg", Decimal("12000.00"))]:
        InKindContribution.objects.get_or_create(
            partnership=partnership, year=2025, description=item, defaults={"estimated_value": value}
        )
    return partnership


def _receipt_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(
        string=(
            "<html lang='sv'><head><title>Kvitto</title></head><body><h1>Kvitto (exempel)</h1>"
            "<p>Arbetskläder och skyddsskor, 7 412,50 kr, 2025-02-14.</p></body></html>"
        )
    ).write_pdf()


@transaction.atomic
def seed_actual_cost_example(*, finance: User, attestant: User) -> None:
    partnership = example_partnership()
    q1 = Invoice.objects.filter(partnership=partnership, period_start=dt.date(2025, 1, 1)).first()
    if q1 is None:
        q1 = drafts.invoice_create(
            partnership=partnership, period_start=dt.date(2025, 1, 1), by=finance, now=_at("2025-04-04", 9)
        )
        drafts.invoice_update_draft(
            invoice=q1,
            by=finance,
            header={"buyer_reference": "ASF Arbetsmarknadsavdelningen 4410"},
            lines=[
                {
                    "budget_line": partnership.budget_lines.get(category=BudgetLine.Category.SALARY),
                    "description": "Lön handledare januari–mars 2025 inkl. sociala avgifter",
                    "cost_date": dt.date(2025, 3, 25),
                    "amount": Decimal("130000.00"),
                    "vat_rate": Decimal("0.00"),
                    "verification_reference": "Lönelista 2025-01–2025-03 (L-2025-03)",
                },
                {
                    "budget_line": partnership.budget_lines.get(category=BudgetLine.Category.WORK_CLOTHES),
                    "description": "Arbetskläder och skyddsskor till sex deltagare",
                    "cost_date": dt.date(2025, 2, 14),
                    "amount": Decimal("7412.50"),
                    "vat_rate": Decimal("0.00"),
                    "verification_reference": "Kvitto 2025-02-14",
                    "verification_file": SimpleUploadedFile(
                        "kvitto-2025-02-14.pdf", _receipt_pdf(), content_type="application/pdf"
                    ),
                },
                {
                    "budget_line": partnership.budget_lines.get(category=BudgetLine.Category.OTHER),
                    "description": "Reservdelar och material till verkstaden",
                    "cost_date": dt.date(2025, 3, 3),
                    "amount": Decimal("3268.00"),
                    "vat_rate": Decimal("0.00"),
                    "verification_reference": "Verifikation V-2025-0142 i huvudboken",
                },
                {
                    # Påhittad demosiffra: the year's material bought at once, so the quarterly board
                    # report shows a budget deviation (more than 15 % above pro rata).
                    "budget_line": partnership.budget_lines.get(category=BudgetLine.Category.OTHER),
                    "description": "Verktyg och material för hela året, köpta i förväg",
                    "cost_date": dt.date(2025, 3, 20),
                    "amount": Decimal("30000.00"),
                    "vat_rate": Decimal("0.00"),
                    "verification_reference": "Verifikation V-2025-0171 i huvudboken",
                },
            ],
            now=_at("2025-04-04", 9),
        )
    _advance(
        q1, ekonomi=finance, attestant=attestant, steps={"submit": "2025-04-04", "approve": "2025-04-11"}
    )
    if not Invoice.objects.filter(partnership=partnership, period_start=dt.date(2025, 4, 1)).exists():
        q2 = drafts.invoice_create(
            partnership=partnership, period_start=dt.date(2025, 4, 1), by=finance, now=_at("2025-07-02", 9)
        )
        drafts.invoice_update_draft(
            invoice=q2,
            by=finance,
            header={},
            lines=[
                {
                    "budget_line": partnership.budget_lines.get(category=BudgetLine.Category.SALARY),
                    "description": "Lön handledare april–juni 2025 (verifikation saknas ännu)",
                    "cost_date": dt.date(2025, 6, 25),
                    "amount": Decimal("130000.00"),
                    "vat_rate": Decimal("0.00"),
                    "verification_reference": "",
                }
            ],
            now=_at("2025-07-02", 9),
        )


def _finance_user_for_example(*, with_password: bool) -> User:
    org = Organisation.objects.get(org_number=EXAMPLE_ORG_NUMBER)
    user, created = User.objects.get_or_create(
        username="ekonomi2",
        defaults={
            "first_name": "Olle",
            "last_name": "Ekonomsson",
            "organisation": org,
            "email": "ekonomi2@demo.example",
        },
    )
    if created and with_password:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(Group.objects.get_or_create(name=str(Role.EKONOMI))[0])
    user.__dict__.pop("role_names", None)
    return user


def seed(*, demo_users: bool) -> None:
    example_partnership()
    seed_malmokraften_budget()  # seed 003's ESF budget (invoicing.demo_esf)
    ekonomi = User.objects.filter(username="ekonomi").first()
    attestant = User.objects.filter(username="attestant").first()
    if not (demo_users and ekonomi and attestant):
        return
    seed_stadsmission_invoices(ekonomi=ekonomi, attestant=attestant)
    seed_actual_cost_example(finance=_finance_user_for_example(with_password=True), attestant=attestant)
    coordinator = User.objects.filter(username="samordnare").first()
    if coordinator is not None:
        seed_partner_deliveries(partner_user=ekonomi, coordinator=coordinator)
