"""Demo: MALMÖKRAFTEN 2.0's ESF budget from seed 003's "Budgetöversikt" and "Lista över medfinansiärer".

From the seed: the costs per project phase (Analys- och planeringsfas: Personal 2 680 912 kr;
Genomförandefas: Personal 72 976 822 kr; every other cost type and the indirect costs 0 kr, so a flat rate of
0 %), the ESF grant 43 087 734 kr, the public cash from the project owner (Arbetsförmedlingen, egeninsats)
7 570 000 kr, the public cash contributed to the project 25 000 000 kr, the publicly financed participant
allowances 16 015 966 kr, the four co-financiers with their CFAR numbers; ESF 47,00 %, co-financing 53,00 %.

INVENTED (the seed does not give them): how the 25 000 000 kr is split between FINSAM, Malmö stad and
Försäkringskassan (10 000 000 / 9 000 000 / 6 000 000); that the analysis and planning phase is financed by the
ESF grant alone and all cash co-financing falls in the implementation phase; that the participant allowances
are budgeted in the implementation phase and under Försäkringskassan (which pays activity support).
"""

from decimal import Decimal

from invoicing.models import CostType, EsfBudgetLine, EsfFinancier, FundingForm, ProjectPhase
from iop.models import Partnership
from programmes.demo import CASE_NUMBER
from programmes.models import ProgrammeParty

ESF_NAME = "Europeiska socialfonden (ESF-stöd)"
# name → (organisation number of the programme party, CFAR number), seed 003's list of co-financiers.
CO_FINANCIERS = {
    "Malmö stad": ("212000-1124", "58212580"),
    "Samordningsförbundet FINSAM i Malmö": ("222000-2295", "45661352"),
    "Arbetsförmedlingen": ("202100-2114", "60733748"),
    "Försäkringskassan": ("202100-5521", "49505746"),
}
A, G = ProjectPhase.ANALYSIS_PLANNING, ProjectPhase.IMPLEMENTATION
P, ALLOWANCE = CostType.PERSONNEL, CostType.PARTICIPANT_ALLOWANCE
CASH, IN_KIND = FundingForm.CASH, FundingForm.IN_KIND
# (phase, cost type, financier, form, amount, description); see the module docstring for what is invented.
LINES = (
    (A, P, ESF_NAME, CASH, "2680912", "Seed 003: personal, analys- och planeringsfas (finansiär påhittad)"),
    (G, P, ESF_NAME, CASH, "40406822", "ESF-stöd 43 087 734 kr minus analysfasen (fördelning påhittad)"),
    (G, P, "Arbetsförmedlingen", CASH, "7570000", "Seed 003: egeninsats från projektägaren"),
    (G, P, "Samordningsförbundet FINSAM i Malmö", CASH, "10000000", "Del av 25 000 000 kr (påhittad)"),
    (G, P, "Malmö stad", CASH, "9000000", "Del av 25 000 000 kr (påhittad)"),
    (G, P, "Försäkringskassan", CASH, "6000000", "Del av 25 000 000 kr (påhittad)"),
    (
        G,
        ALLOWANCE,
        "Försäkringskassan",
        IN_KIND,
        "16015966",
        "Seed 003: deltagarersättning (finansiär påhittad)",
    ),
)


def seed_malmokraften_budget() -> Partnership | None:
    """Idempotent: financiers by name, the lines only when the programme has none."""
    partnership = Partnership.objects.filter(case_number=CASE_NUMBER).first()
    if partnership is None:
        return None
    financiers = {
        ESF_NAME: EsfFinancier.objects.get_or_create(partnership=partnership, name=ESF_NAME, is_esf=True)[0]
    }
    for name, (org_number, cfar) in CO_FINANCIERS.items():
        party = ProgrammeParty.objects.filter(
            partnership=partnership, organisation__org_number=org_number
        ).first()
        financiers[name] = EsfFinancier.objects.get_or_create(
            partnership=partnership, name=name, defaults={"cfar_number": cfar, "party": party}
        )[0]
    if not EsfBudgetLine.objects.filter(partnership=partnership).exists():
        EsfBudgetLine.objects.bulk_create(
            EsfBudgetLine(
                partnership=partnership,
                phase=phase,
                cost_type=cost_type,
                financier=financiers[financier],
                funding_form=form,
                amount=Decimal(amount),
                description=description,
            )
            for phase, cost_type, financier, form, amount, description in LINES
        )
    return partnership
