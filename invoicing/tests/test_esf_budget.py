"""The ESF budget's arithmetic with known answers (flat-rate indirect costs, shares, drift), the demo's
shares against seed 003 (47,00 % / 53,00 %), and the model's rules."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from invoicing.demo_esf import seed_malmokraften_budget
from invoicing.models import CostType, EsfBudgetLine, EsfFinancier, FundingForm, ProjectPhase
from invoicing.selectors.esf_budget import (
    Shares,
    esf_budget_summary,
    flat_rate_amount,
    phase_cost_matrix,
    share_drift_warning,
    shares_from_actuals,
    summarise,
)
from programmes import demo as programmes_demo
from tests.factories import PartnershipFactory

D = Decimal
ESF = EsfFinancier(pk=1, name="ESF", is_esf=True)
FINSAM = EsfFinancier(pk=2, name="FINSAM", cfar_number="45661352")
FK = EsfFinancier(pk=3, name="Försäkringskassan", cfar_number="49505746")
A, G = ProjectPhase.ANALYSIS_PLANNING, ProjectPhase.IMPLEMENTATION


def line(phase, cost_type, financier, form, amount):
    return EsfBudgetLine(
        phase=phase, cost_type=cost_type, financier=financier, funding_form=form, amount=D(amount)
    )


def test_flat_rate_is_a_percentage_of_personnel_costs_rounded_half_up_to_the_ore():
    assert flat_rate_amount(D("100000.03"), D("15")) == D("15000.00")  # 15 000,0045
    assert flat_rate_amount(D("33.37"), D("15")) == D("5.01")  # 5,0055
    assert flat_rate_amount(D("2680912"), D("0")) == D("0.00")  # seed 003: 0 kr indirect costs


def test_indirect_costs_per_phase_and_financier_and_the_shares_to_the_ore():
    lines = [
        line(A, CostType.PERSONNEL, ESF, FundingForm.CASH, "100000.03"),
        line(A, CostType.PERSONNEL, ESF, FundingForm.CASH, "0.03"),  # same group: 100 000,06 × 15 %
        line(G, CostType.PERSONNEL, FINSAM, FundingForm.CASH, "33.37"),
        line(G, CostType.TRAVEL, ESF, FundingForm.CASH, "1000.00"),  # no indirect costs on travel
        line(G, CostType.PARTICIPANT_ALLOWANCE, FK, FundingForm.IN_KIND, "50000.00"),
    ]
    summary = summarise(lines, [ESF, FINSAM, FK], D("15"))
    assert summary.cells[(A, CostType.INDIRECT)] == D("15000.01")  # 15 000,009
    assert summary.cells[(G, CostType.INDIRECT)] == D("5.01")
    assert summary.by_cost_type[CostType.INDIRECT] == D("15005.02")
    assert summary.by_phase == {A: D("115000.07"), G: D("51038.38")}
    assert summary.total == D("166038.45")
    by_name = {f.financier.name: f for f in summary.by_financier}
    assert by_name["ESF"].cash == D("116000.07")
    assert by_name["FINSAM"].cash == D("38.38")
    assert by_name["Försäkringskassan"].in_kind == D("50000.00")
    shares = summary.shares
    assert (shares.esf, shares.co_financing) == (D("116000.07"), D("50038.38"))
    assert shares.esf_percent == D("69.86")  # 69,8631… %
    assert shares.co_financing_percent == D("30.14")
    columns, rows = phase_cost_matrix(summary)
    assert columns[0] == "Personal" and len(rows) == 2 and rows[0].total == D("115000.07")


def test_shares_from_actual_amounts_and_the_drift_warning():
    approved = Shares(esf=D("47"), co_financing=D("53"))
    within = shares_from_actuals({ESF: D("4800.00"), FINSAM: D("5200.00")})  # 48,00 %: exactly 1 point
    assert within.esf_percent == D("48.00") and share_drift_warning(approved, within) is None
    drifted = shares_from_actuals({ESF: D("4800.01"), FINSAM: D("3000.00"), FK: D("2199.99")})
    assert drifted.esf_percent == D("48.00")  # 48,0001 %, shown rounded, compared unrounded
    warning = share_drift_warning(approved, drifted)
    assert warning is not None and "avviker" in warning and "48,00 %" in warning and "47,00 %" in warning
    assert share_drift_warning(approved, drifted, margin_points=D("2")) is None
    assert share_drift_warning(approved, Shares(esf=D("0"), co_financing=D("0"))) is None


@pytest.mark.django_db
def test_the_demo_is_seed_003s_budget_47_and_53_percent_and_is_idempotent():
    programmes_demo.seed(demo_users=False)
    partnership = seed_malmokraften_budget()
    seed_malmokraften_budget()
    summary = esf_budget_summary(partnership)
    assert summary.total == D("91673700.00")  # "Summa total finansiering"
    assert summary.by_phase == {A: D("2680912.00"), G: D("72976822.00") + D("16015966.00")}
    assert summary.by_cost_type == {
        CostType.PERSONNEL: D("75657734.00"),  # "Kostnader socialfonden"
        CostType.PARTICIPANT_ALLOWANCE: D("16015966.00"),  # "Deltagarersättning"
    }
    assert summary.shares.esf == D("43087734.00")  # "ESF-stöd"
    assert summary.shares.co_financing == D("48585966.00")  # "Summa offentlig och privat medfinansiering"
    assert summary.cash_co_financing == D("32570000.00")  # "Avgår kontant medfinansiering"
    assert (summary.shares.esf_percent, summary.shares.co_financing_percent) == (D("47.00"), D("53.00"))
    cfar = {f.financier.name: f.financier.cfar_number for f in summary.by_financier}
    assert cfar["Arbetsförmedlingen"] == "60733748" and cfar["Malmö stad"] == "58212580"
    assert all(f.financier.party_id for f in summary.by_financier if not f.financier.is_esf)
    assert EsfBudgetLine.objects.filter(partnership=partnership).count() == 7


@pytest.mark.django_db
def test_the_models_rules_give_swedish_messages_at_their_fields():
    partnership = PartnershipFactory()
    esf = EsfFinancier.objects.create(partnership=partnership, name="ESF", is_esf=True)
    with pytest.raises(ValidationError) as exc:
        EsfFinancier(partnership=partnership, name="FK", cfar_number="123").full_clean()
    assert exc.value.message_dict["cfar_number"] == ["CFAR-numret ska vara åtta siffror."]
    bad = EsfBudgetLine(
        partnership=partnership,
        phase=G,
        cost_type=CostType.PARTICIPANT_ALLOWANCE,
        financier=esf,
        funding_form=FundingForm.CASH,
        amount=D("-1"),
    )
    with pytest.raises(ValidationError) as exc:
        bad.full_clean()
    errors = exc.value.message_dict
    assert "Deltagarersättning är medfinansiering" in errors["financier"][0]
    assert "i annat än pengar" in errors["funding_form"][0]
    assert "amount" in errors
    bad.cost_type = CostType.INDIRECT
    with pytest.raises(ValidationError) as exc:
        bad.full_clean()
    assert "schablonen" in exc.value.message_dict["cost_type"][0]
