"""The partnership hub (tabs), the creation wizard, the table forms and the staff picker."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from iop.models import BudgetLine, Goal, InKindContribution, Partnership
from iop.models import User as UserModel

pytestmark = pytest.mark.django_db


def _tabs(html: str) -> str:
    start = html.index('class="hub-tabs"')
    return html[start : html.index("</nav>", start)]


def test_the_coordinator_sees_every_tab_and_the_current_one_is_marked(coordinator_client, world):
    html = coordinator_client.get(
        reverse("iop:partnership_detail", args=[world.partnership.pk])
    ).content.decode()
    tabs = _tabs(html)
    for label in (
        "Översikt",
        "Deltagare",
        "Kö",
        "Beläggning",
        "Uppföljning/resultat",
        "Fakturor",
        "Rapporter",
    ):
        assert label in tabs
    assert "Dokument" in tabs and "Historik" in tabs
    assert (
        f'href="{reverse("iop:partnership_detail", args=[world.partnership.pk])}" aria-current="page"' in tabs
    )


def test_a_reported_only_partnership_has_no_person_level_tabs(coordinator_client, world):
    Partnership.objects.filter(pk=world.partnership.pk).update(reported_only=True)
    html = coordinator_client.get(
        reverse("iop:partnership_detail", args=[world.partnership.pk])
    ).content.decode()
    tabs = _tabs(html)
    assert "Deltagare" not in tabs and ">Kö<" not in tabs and "Beläggning" not in tabs
    assert "Fakturor" in tabs


def test_tabs_are_only_those_the_role_may_open(client, world):
    client.force_login(world.users["ams"])
    html = client.get(reverse("iop:partnership_detail", args=[world.partnership.pk])).content.decode()
    tabs = _tabs(html)
    assert "Deltagare" in tabs and "Dokument" in tabs
    assert "Historik" not in tabs and "Fakturor" not in tabs and "Rapporter" not in tabs


@pytest.mark.parametrize(
    "name,query,current",
    [
        ("participants:queue", False, "Kö"),
        ("participants:occupancy", False, "Beläggning"),
        ("participants:list", True, "Deltagare"),
        ("invoicing:list", True, "Fakturor"),
        ("reporting:partnership_reports", False, "Rapporter"),
        ("iop:partnership_documents", False, "Dokument"),
        ("iop:partnership_history", False, "Historik"),
        ("reporting:figure_list", False, "Uppföljning/resultat"),
    ],
)
def test_each_tab_page_shows_the_hub_with_itself_current(coordinator_client, world, name, query, current):
    pk = world.partnership.pk
    url = f"{reverse(name)}?partnership={pk}" if query else reverse(name, args=[pk])
    response = coordinator_client.get(url)
    assert response.status_code == 200
    tabs = _tabs(response.content.decode())
    assert f'aria-current="page">{current}<' in tabs


def test_the_documents_and_reports_tabs_use_a_constant_number_of_queries(
    coordinator_client, world, django_assert_max_num_queries
):
    pk = world.partnership.pk
    coordinator_client.get(reverse("iop:partnership_documents", args=[pk]))  # warm the session
    with django_assert_max_num_queries(12):
        assert coordinator_client.get(reverse("iop:partnership_documents", args=[pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert coordinator_client.get(reverse("reporting:partnership_reports", args=[pk])).status_code == 200


# --- The creation wizard ---------------------------------------------------------------------


def _step(name: str) -> str:
    return reverse("iop:partnership_wizard_step", args=[name])


def _parties(world, **changes) -> dict:
    data = {
        "case_number": "ASN-2025-0777",
        "title": "Arbetsträning hos Testmissionen",
        "area": "labour_market",
        "city": world.city.pk,
        "partner": world.partner.pk,
        "convening": "partner",
        "partner_contact_name": "Johan Lundell",
        "city_contact_name": "Tommy Malmstedt",
    }
    data.update(changes)
    return data


def _period(**changes) -> dict:
    data = {
        "status": "active",
        "start": "2025-01-01",
        "end": "2025-12-31",
        "extension_months": "12",
        "extension_notice_months": "3",
        "places_at_once": "24",
        "places_per_year": "72",
        "capacity_unit": "places",
        "max_months": "4",
        "invoicing_frequency": "quarterly",
        "invoicing_method": "fixed_share",
        "work_areas": "Insamling och produktion\nREMAKE av Stadsmissionen: Sy- och sömnad\nMatmissionen",
    }
    data.update(changes)
    return data


def _rows(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for i, row in enumerate(rows):
        for k, v in row.items():
            data[f"{prefix}-{i}-{k}"] = v
    return data


def _budget() -> dict:
    return {
        **_rows(
            "budget",
            [
                {"category": "salary", "description": "Handledare", "fte": "3", "amount": "1641792.19"},
                {"category": "work_clothes", "description": "Arbetskläder", "fte": "", "amount": "175392"},
            ],
        ),
        **_rows("egen", [{"description": "Lokaler"}, {"description": "El"}]),
    }


def _goals(client) -> dict:
    """The goal step's rows as the page offers them (the five standard indicators)."""
    form = client.get(_step("mal")).context["goals"]
    data = {"mal-TOTAL_FORMS": str(len(form.forms)), "mal-INITIAL_FORMS": "0"}
    assert len(form.forms) == 5
    for f in form.forms:
        for name in f.fields:
            value = f[name].value()
            if value not in (None, False):
                data[f"{f.prefix}-{name}"] = value
    return data


def test_the_wizard_creates_the_agreement_in_five_submissions(coordinator_client, world):
    c = coordinator_client
    assert c.get(reverse("iop:partnership_wizard")).status_code == 302
    assert c.post(_step("parter"), _parties(world)).status_code == 302
    assert c.post(_step("period"), _period()).status_code == 302
    assert c.post(_step("budget"), _budget()).status_code == 302
    goals = _goals(c)
    assert goals["mal-0-target_value"] == "72"
    assert c.post(_step("mal"), goals).status_code == 302
    assert Partnership.objects.filter(case_number="ASN-2025-0777").count() == 0  # nothing before the review
    response = c.post(_step("granska"))
    p = Partnership.objects.get(case_number="ASN-2025-0777")
    assert response.status_code == 302 and response["Location"] == reverse(
        "iop:partnership_detail", args=[p.pk]
    )
    assert p.status == "active" and p.places_at_once == 24 and p.convening_party == world.partner
    assert [(x.start, x.end) for x in p.periods.all()] == [(dt.date(2025, 1, 1), dt.date(2025, 12, 31))]
    assert p.parties.count() == 2 and sorted(c.name for pp in p.parties.all() for c in pp.contacts.all()) == [
        "Johan Lundell",
        "Tommy Malmstedt",
    ]
    assert sorted(w.name for w in p.work_areas.all()) == [
        "Insamling och produktion",
        "Matmissionen",
        "REMAKE av Stadsmissionen",
    ]
    assert sum(b.amount for b in p.budget_lines.filter(year=2025)) == Decimal("1817184.19")
    assert p.in_kind.filter(year=2025).count() == 2
    assert [g.order for g in p.goals.all()] == [1, 2, 3, 4, 5]
    assert p.goals.get(indicator="trained").target_value == 72


def test_the_wizard_refuses_bad_input_at_the_field_and_saves_nothing(coordinator_client, world):
    c = coordinator_client
    c.get(reverse("iop:partnership_wizard"))
    response = c.post(_step("parter"), _parties(world, partner=world.city.pk, case_number="fel"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "case_number" in errors and "partner" in errors
    c.post(_step("parter"), _parties(world))
    response = c.post(_step("period"), _period(end="2024-12-31"))
    assert response.status_code == 400
    assert response.context["form"].errors["end"] == ["Periodens slut kan inte ligga före dess start."]
    c.post(_step("period"), _period())
    bad = _budget() | {"budget-0-amount": "-5", "budget-1-description": ""}
    response = c.post(_step("budget"), bad)
    assert response.status_code == 400
    assert response.context["budget"].forms[0].errors["amount"]
    assert not Partnership.objects.filter(case_number="ASN-2025-0777").exists()


def test_the_wizard_cannot_skip_steps(coordinator_client):
    coordinator_client.get(reverse("iop:partnership_wizard"))
    response = coordinator_client.get(_step("budget"))
    assert response.status_code == 302 and response["Location"] == _step("parter")
    assert coordinator_client.get(_step("okant")).status_code == 404


def test_the_wizard_refuses_other_roles(client, world):
    client.force_login(world.users["ams"])
    assert client.post(_step("parter"), _parties(world)).status_code == 403


# --- The table form ------------------------------------------------------------------------------


def _table_data(p) -> dict:
    budget = list(BudgetLine.objects.filter(partnership=p, year=2025).order_by("category", "pk"))
    in_kind = list(InKindContribution.objects.filter(partnership=p, year=2025).order_by("pk"))
    goals = list(Goal.objects.filter(partnership=p))
    data = {"ar": "2025"}
    data |= _rows(
        "budget",
        [
            {
                "id": b.pk,
                "category": b.category,
                "description": b.description,
                "fte": b.fte or "",
                "amount": b.amount,
            }
            for b in budget
        ],
        initial=len(budget),
    )
    data |= _rows("egen", [{"id": i.pk, "description": i.description} for i in in_kind], initial=len(in_kind))
    data |= _rows(
        "mal",
        [
            {
                "id": g.pk,
                "indicator": g.indicator,
                "title": g.title,
                "unit": g.unit,
                "target_basis": g.target_basis,
                "ORDER": n,
            }
            for n, g in enumerate(goals, start=1)
        ],
        initial=len(goals),
    )
    return data


def _index(data: dict, value: str, field: str = "title", prefix: str = "mal") -> int:
    return next(
        int(k.split("-")[1])
        for k, v in data.items()
        if k.startswith(f"{prefix}-") and k.endswith(f"-{field}") and v == value
    )


@pytest.fixture
def tabled(world):
    p = world.partnership
    BudgetLine.objects.create(
        partnership=p, year=2025, category="other", description="Material", amount=Decimal("10")
    )
    Goal.objects.create(partnership=p, title="Första", order=1)
    Goal.objects.create(partnership=p, title="Andra", order=2)
    return p


def test_the_table_form_saves_rows_and_goal_order(coordinator_client, tabled):
    data = _table_data(tabled)
    first, second = _index(data, "Första"), _index(data, "Andra")
    data |= {
        f"mal-{first}-ORDER": data[f"mal-{second}-ORDER"],
        f"mal-{second}-ORDER": data[f"mal-{first}-ORDER"],
    }
    data |= {"egen-TOTAL_FORMS": "1", "egen-0-description": "Lokaler"}
    line = _index(data, "Material", "description", "budget")
    data[f"budget-{line}-amount"] = "20"
    response = coordinator_client.post(reverse("iop:partnership_tables", args=[tabled.pk]), data)
    assert response.status_code == 302
    titles = [g.title for g in Goal.objects.filter(partnership=tabled)]
    assert titles.index("Andra") < titles.index("Första")
    assert [g.order for g in Goal.objects.filter(partnership=tabled)] == list(range(1, len(titles) + 1))
    assert BudgetLine.objects.get(partnership=tabled, description="Material").amount == Decimal("20")
    assert list(
        InKindContribution.objects.filter(partnership=tabled, year=2025).values_list("description", flat=True)
    ) == ["Lokaler"]


def test_an_arrow_without_javascript_moves_the_row_and_saves_nothing(coordinator_client, tabled):
    data = _table_data(tabled)
    data["flytta"] = f"mal-{_index(data, 'Andra')}:up"
    response = coordinator_client.post(reverse("iop:partnership_tables", args=[tabled.pk]), data)
    assert response.status_code == 200
    shown = [f["title"].value() for f in response.context["goals"].rows()]
    assert shown.index("Andra") < shown.index("Första")
    titles = [g.title for g in Goal.objects.filter(partnership=tabled)]
    assert titles.index("Första") < titles.index("Andra")


def test_a_bad_row_saves_nothing_and_is_shown_at_the_field(coordinator_client, tabled):
    data = _table_data(tabled)
    count = Goal.objects.filter(partnership=tabled).count()
    bad, gone = _index(data, "Första"), _index(data, "Andra")
    line = _index(data, "Material", "description", "budget")
    data |= {f"budget-{line}-amount": "20", f"mal-{bad}-title": "", f"mal-{gone}-DELETE": "on"}
    response = coordinator_client.post(reverse("iop:partnership_tables", args=[tabled.pk]), data)
    assert response.status_code == 400
    assert response.context["goals"].forms[bad].errors["title"]
    assert BudgetLine.objects.get(partnership=tabled, description="Material").amount == Decimal("10")
    assert Goal.objects.filter(partnership=tabled).count() == count


def test_the_table_form_refuses_other_roles(client, tabled, world):
    client.force_login(world.users["ekonomi"])
    assert (
        client.post(reverse("iop:partnership_tables", args=[tabled.pk]), _table_data(tabled)).status_code
        == 403
    )


# --- Staff picker and "budget saknas" ----------------------------------------------------------


def test_the_staff_picker_offers_only_people_of_the_non_profit_party(coordinator_client, world):
    response = coordinator_client.get(reverse("iop:staff_create", args=[world.partnership.pk]))
    offered = set(response.context["form"].fields["user"].queryset)
    assert world.users["handledare"] in offered
    assert world.users["samordnare"] not in offered and world.users["ams"] not in offered
    city_user = world.users["ams"]
    response = coordinator_client.post(
        reverse("iop:staff_create", args=[world.partnership.pk]), {"user": city_user.pk, "role": "supervisor"}
    )
    assert response.status_code == 400 and "user" in response.context["form"].errors
    assert not UserModel.objects.filter(pk=city_user.pk, staff_roles__isnull=False).exists()


def test_an_ended_period_without_budget_offers_no_invoice_but_says_budget_saknas(client, world):
    world.partnership.budget_lines.all().delete()
    Partnership.objects.filter(pk=world.partnership.pk).update(status="active")
    client.force_login(world.users["ekonomi"])
    html = client.get(reverse("invoicing:list")).content.decode()
    assert "budget saknas" in html
    assert "skapa faktura" not in html


def _queries_of(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_table_form_and_the_wizard_steps_use_a_constant_number_of_queries(coordinator_client, tabled):
    url = reverse("iop:partnership_tables", args=[tabled.pk])
    few = _queries_of(coordinator_client, url)
    for i in range(15):
        Goal.objects.create(partnership=tabled, title=f"Mål {i}")
        BudgetLine.objects.create(
            partnership=tabled, year=2025, category="other", description=f"R {i}", amount=1
        )
        InKindContribution.objects.create(partnership=tabled, year=2025, description=f"I {i}")
    assert _queries_of(coordinator_client, url) == few
    assert few <= 14
    coordinator_client.get(reverse("iop:partnership_wizard"))
    assert _queries_of(coordinator_client, _step("parter")) <= 8


def test_the_setup_service_saves_nothing_when_a_later_row_is_refused(world):
    from iop.models import PartnershipParty
    from iop.services.partnerships import PartySpec
    from iop.services.setup import SetupError, partnership_setup

    with pytest.raises(SetupError) as caught:
        partnership_setup(
            partnership=Partnership(case_number="ASN-2025-0888", title="Ny"),
            parties=[
                PartySpec(organisation=world.city, role=PartnershipParty.Role.CITY),
                PartySpec(organisation=world.partner, role=PartnershipParty.Role.NON_PROFIT),
            ],
            contacts=[],
            start=dt.date(2025, 1, 1),
            end=dt.date(2025, 12, 31),
            work_areas=[("REMAKE", "")],
            budget_lines=[BudgetLine(category="other", description="Material", amount=Decimal("10"))],
            in_kind=[],
            goals=[Goal(title="Andel", unit="percent", target_value=Decimal("150"))],
        )
    assert caught.value.part == "goals"
    assert not Partnership.objects.filter(case_number="ASN-2025-0888").exists()
    assert not BudgetLine.objects.filter(
        description="Material", partnership__case_number="ASN-2025-0888"
    ).exists()


def test_the_invoice_create_page_names_the_years_without_budget(client, world):
    world.partnership.budget_lines.all().delete()
    Partnership.objects.filter(pk=world.partnership.pk).update(status="active")
    client.force_login(world.users["ekonomi"])
    response = client.get(reverse("invoicing:create"))
    assert response.status_code == 200
    assert [(p.pk, year) for p, year in response.context["without_budget"]] == [(world.partnership.pk, 2025)]
    assert response.context["form"].fields["period"].choices[1:] == []
