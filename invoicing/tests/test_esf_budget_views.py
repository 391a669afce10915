"""The ESF budget page and its forms through the pages: who reads, who edits, bad input refused in Swedish
with 400 and nothing saved, history kept, query counts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from invoicing.models import (
    CostType,
    EsfBudgetLine,
    EsfBudgetSettings,
    EsfFinancier,
    FundingForm,
    ProjectPhase,
)
from iop.roles import Role
from tests.factories import PartnershipFactory, UserFactory

from .factories import setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def s():
    s = setup()
    s.esf = EsfFinancier.objects.create(partnership=s.partnership, name="ESF", is_esf=True)
    s.finsam = EsfFinancier.objects.create(partnership=s.partnership, name="FINSAM", cfar_number="45661352")
    for financier, amount in ((s.esf, "47000.00"), (s.finsam, "53000.00")):
        EsfBudgetLine.objects.create(
            partnership=s.partnership,
            phase=ProjectPhase.IMPLEMENTATION,
            cost_type=CostType.PERSONNEL,
            financier=financier,
            funding_form=FundingForm.CASH,
            amount=Decimal(amount),
        )
    return s


def url(name, s, *args):
    return reverse(f"invoicing:{name}", args=[s.partnership.pk, *args])


def line_data(s, **extra):
    data = {
        "phase": ProjectPhase.ANALYSIS_PLANNING,
        "cost_type": CostType.PERSONNEL,
        "financier": s.esf.pk,
        "funding_form": FundingForm.CASH,
        "amount": "1 000,50",
        "description": "Projektledare",
    }
    data.update(extra)
    return data


def test_the_page_shows_phase_by_cost_type_financiers_and_shares_in_fixed_queries(
    client, s, django_assert_max_num_queries
):
    client.force_login(s.samordnare)
    with django_assert_max_num_queries(12):
        response = client.get(url("esf_budget", s))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Genomförandefas" in text and "45661352" in text
    assert "47,00" in text and "53,00" in text
    assert url("esf_budget_line_create", s) in text
    # More lines and financiers cost no more queries.
    for n in range(5):
        financier = EsfFinancier.objects.create(partnership=s.partnership, name=f"Part {n}")
        EsfBudgetLine.objects.create(
            partnership=s.partnership,
            phase=ProjectPhase.CLOSING,
            cost_type=CostType.TRAVEL,
            financier=financier,
            funding_form=FundingForm.IN_KIND,
            amount=Decimal("10"),
        )
    with django_assert_max_num_queries(12):
        assert client.get(url("esf_budget", s)).status_code == 200


def test_economy_reads_without_edit_links_and_may_not_edit(client, s):
    client.force_login(s.ekonomi)
    response = client.get(url("esf_budget", s))
    assert response.status_code == 200
    assert url("esf_budget_line_create", s) not in response.content.decode()
    assert client.post(url("esf_budget_line_create", s), line_data(s)).status_code == 403
    assert client.post(url("esf_flat_rate", s), {"flat_rate_percent": "15"}).status_code == 403
    assert EsfBudgetLine.objects.count() == 2 and not EsfBudgetSettings.objects.exists()


def test_a_coordinator_adds_and_changes_a_line_with_history(client, s):
    client.force_login(s.samordnare)
    response = client.post(url("esf_budget_line_create", s), line_data(s))
    assert response.status_code == 302
    line = EsfBudgetLine.objects.get(description="Projektledare")
    assert line.amount == Decimal("1000.50")
    response = client.post(url("esf_budget_line_edit", s, line.pk), line_data(s, amount="2000"))
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.amount == Decimal("2000.00") and line.history.count() == 2


@pytest.mark.parametrize(
    "extra, field, message",
    [
        ({"amount": "-5"}, "amount", "negativt"),
        ({"amount": "abc"}, "amount", "Fyll i ett tal"),
        ({"funding_form": FundingForm.IN_KIND}, "funding_form", "ESF-stödet betalas kontant."),
        (
            {"cost_type": CostType.PARTICIPANT_ALLOWANCE, "funding_form": FundingForm.IN_KIND},
            "financier",
            "Deltagarersättning är medfinansiering",
        ),
        ({"cost_type": CostType.INDIRECT}, "cost_type", "Välj ett giltigt alternativ"),
    ],
)
def test_bad_line_input_is_refused_at_its_field_with_400_and_nothing_saved(client, s, extra, field, message):
    client.force_login(s.samordnare)
    response = client.post(url("esf_budget_line_create", s), line_data(s, **extra))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert message in " ".join(errors[field]), errors
    assert EsfBudgetLine.objects.count() == 2


def test_another_programmes_financier_is_refused(client, s):
    other = EsfFinancier.objects.create(partnership=PartnershipFactory(), name="Annan", is_esf=True)
    client.force_login(s.samordnare)
    response = client.post(url("esf_budget_line_create", s), line_data(s, financier=other.pk))
    assert response.status_code == 400 and "financier" in response.context["form"].errors
    assert EsfBudgetLine.objects.count() == 2


def test_financier_and_flat_rate_forms(client, s):
    client.force_login(s.samordnare)
    bad = client.post(url("esf_financier_create", s), {"name": "Försäkringskassan", "cfar_number": "4950"})
    assert bad.status_code == 400
    assert bad.context["form"].errors["cfar_number"] == ["CFAR-numret ska vara åtta siffror."]
    second_esf = client.post(url("esf_financier_create", s), {"name": "ESF igen", "is_esf": "on"})
    assert second_esf.status_code == 400 and "ESF-stödet" in str(second_esf.context["form"].errors)
    ok = client.post(url("esf_financier_create", s), {"name": "Försäkringskassan", "cfar_number": "49505746"})
    assert ok.status_code == 302
    assert client.post(url("esf_flat_rate", s), {"flat_rate_percent": "16"}).status_code == 400
    assert not EsfBudgetSettings.objects.exists()
    assert client.post(url("esf_flat_rate", s), {"flat_rate_percent": "15"}).status_code == 302
    page = client.get(url("esf_budget", s)).content.decode()
    assert "15\xa0000,00" in page  # indirect costs: 15 % of the 100 000 kr personnel costs
    assert "54\xa0050,00" in page  # the ESF: 47 000 kr + 15 % of it


def test_roles_without_the_budget_and_other_partnerships_are_refused(client, s):
    ams = UserFactory(organisation=s.city, roles=[Role.AMS])
    client.force_login(ams)
    assert client.get(url("esf_budget", s)).status_code == 403
    stranger = UserFactory(organisation=s.partner, roles=[Role.EKONOMI])
    other = PartnershipFactory()
    client.force_login(stranger)
    assert client.get(reverse("invoicing:esf_budget", args=[other.pk])).status_code == 404
    client.force_login(s.samordnare)
    foreign = EsfBudgetLine.objects.create(
        partnership=other,
        phase=ProjectPhase.CLOSING,
        cost_type=CostType.TRAVEL,
        financier=EsfFinancier.objects.create(partnership=other, name="X"),
        funding_form=FundingForm.CASH,
        amount=Decimal("1"),
    )
    assert client.get(url("esf_budget_line_edit", s, foreign.pk)).status_code == 404
