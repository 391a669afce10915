"""The overview of all partnerships as the 2019 overview report: introduction first, partnerships grouped
social area / labour market / ended the year before, every case number, each funder's share, Forum's
criteria; and the coordinator's page for the year's introduction."""

from decimal import Decimal

import pytest
from django.urls import reverse

from iop import demo as iop_demo
from iop.models import Partnership
from iop.roles import Role
from reporting import demo as reporting_demo
from reporting.models import OverviewIntroduction
from reporting.overview import case_numbers, funding_by_year, make_overview_pdf, overview_context
from reporting.overview_introduction import DEFAULT_INTRODUCTION
from reporting.tests.test_pdf import pdf_text
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    iop_demo.seed(demo_users=False)
    reporting_demo.seed(demo_users=False)


def test_the_2019_overview_is_grouped_as_the_2019_report(seeded):
    context = overview_context(year=2019)
    groups = {g.key: sorted(e.partnership.case_number for e in g.entries) for g in context.groups}
    assert groups == {
        "social": ["ASN-2017-5149", "ASN-2018-572"],
        "labour_market": ["ASN-2017-8596", "ASN-2018-4383", "ASN-2018-4475", "ASN-2018-5351"],
        "ended": ["ASN-2017-349", "ASN-2017-8595", "GYVF-2017-295", "GYVF-2017-296"],
    }
    assert [g.key for g in context.groups] == ["social", "labour_market", "ended"]


def test_the_2019_overview_pdf_shows_introduction_funders_case_numbers_and_forum_criteria(seeded):
    _reader, text = pdf_text(make_overview_pdf(overview_context(year=2019)))
    text = " ".join(text.split())
    # The introduction comes first, before the summary and the partnerships.
    assert (
        text.index("Inledning") < text.index("Sammanfattning") < text.index("Pågående partnerskap inom det")
    )
    assert "Rättsläge" in text and "kommunallagen (2017:725)" in text
    assert "Pågående partnerskap inom det sociala området" in text
    assert "Pågående partnerskap inom arbetsmarknadsområdet" in text
    assert "Avslutade partnerskap under 2018" in text
    # The extended treatment centre: the original agreement's and the extension's decisions.
    assert "ASN-2017-348" in text and "ASN-2018-4475" in text
    # The children's activity: the city, Region Skåne and the Red Cross in equal shares.
    assert "Region Skåne" in text and "33,3 %" in text
    assert "Svenska Röda Korsets egen finansiering" in text
    assert "900 volontärtimmar" in text
    assert "Båda parter bidrar med finansiering" in text and "Uppfyllt" in text
    assert "Förvaltningen bedömer att Y-allas väg till arbete fyller en viktig funktion" in text


def test_funders_shares_add_up_per_year(seeded):
    p = Partnership.objects.prefetch_related(
        "parties__organisation", "budget_lines", "other_funding", "in_kind"
    ).get(case_number="ASN-2018-572")
    year = next(y for y in funding_by_year(p, until=2019) if y.year == 2019)
    assert year.total == Decimal("1200000.00")
    assert sorted(s.share for s in year.shares) == [Decimal("33.3")] * 3
    assert max(y.year for y in funding_by_year(p, until=2018)) == 2018


def test_case_numbers_follow_the_periods_then_the_agreement(seeded):
    carpe = Partnership.objects.prefetch_related("periods").get(case_number="GYVF-2017-295")
    assert case_numbers(carpe) == ["GYVF-2015-3382", "GYVF-2017-295"]
    karriar = Partnership.objects.prefetch_related("periods").get(case_number="ASN-2017-8596")
    assert case_numbers(karriar) == ["ASN-2017-8596"]


# --- The introduction page --------------------------------------------------------------------------


def _url(year=2019):
    return reverse("reporting:overview_introduction", kwargs={"year": year})


@pytest.fixture
def coordinator():
    return UserFactory(username="samordnare-inledning", roles=[Role.SAMORDNARE])


def test_the_coordinator_sees_the_default_introduction_and_saves_the_years_own(client, coordinator):
    client.force_login(coordinator)
    page = client.get(_url())
    assert page.status_code == 200
    assert page.context["form"].initial["text"] == DEFAULT_INTRODUCTION
    response = client.post(_url(), {"text": "Nämnden är part i sju partnerskap.\n\nRättsläget är oklart."})
    assert response.status_code == 302
    saved = OverviewIntroduction.objects.get(year=2019)
    assert (saved.text, saved.updated_by) == (
        "Nämnden är part i sju partnerskap.\n\nRättsläget är oklart.",
        coordinator,
    )
    assert overview_context(year=2019).introduction == saved.text
    assert overview_context(year=2020).introduction == DEFAULT_INTRODUCTION


def test_an_empty_introduction_is_refused_and_nothing_saved(client, coordinator):
    client.force_login(coordinator)
    response = client.post(_url(), {"text": "   "})
    assert response.status_code == 400
    assert "text" in response.context["form"].errors
    assert not OverviewIntroduction.objects.exists()


def test_a_year_out_of_range_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(_url(1999)).status_code == 404


def test_only_the_coordinator_writes_the_introduction(client):
    assert client.get(_url()).status_code == 302  # anonymous: to the login page
    client.force_login(UserFactory(username="styrgrupp-inledning", roles=[Role.STYRGRUPP]))
    assert client.post(_url(), {"text": "Ny inledning"}).status_code == 403
    assert not OverviewIntroduction.objects.exists()


def test_the_service_refuses_an_impossible_year():
    from django.core.exceptions import ValidationError

    from reporting.overview_introduction import overview_introduction_save

    with pytest.raises(ValidationError):
        overview_introduction_save(year=1990, text="Text", by=None)
    assert not OverviewIntroduction.objects.exists()
