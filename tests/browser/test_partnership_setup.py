"""Acceptance 4 of issue 14: the coordinator sets up the Stadsmission agreement (seed 000) through the
creation wizard and the table form in at most 8 form submissions, in a real browser (the arrows and "add
row" run in JavaScript, so they cost no submission). The test counts the submissions and checks the
result in the database. Screenshots of the hub at 1280 and 360 px go to IOP_SCREENSHOT_DIR."""

from decimal import Decimal

import pytest

from tests.browser.conftest import login, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

CASE = "ASN-2025-7000"
MAX_SUBMISSIONS = 8
BUDGET = [
    ("salary", "Handledare (3 tjänster)", "3.00", "1641792.19"),
    ("salary", "Studie- och yrkesvägledare", "0.10", "54726.41"),
    ("salary", "Administratör", "0.10", "54726.40"),
    ("work_clothes", "Arbetskläder till deltagare", "", "175392.00"),
]
IN_KIND = ["Lokaler", "El", "Städning", "Licenser", "Tryck", "Material", "Telefoni", "IT", "Overhead"]
WORK_AREAS = [
    "Insamling och produktion: Inlämning av gåvor",
    "REMAKE av Stadsmissionen: Sy- och sömnad",
    "Matmissionen: Livsmedelsbutik",
]


def _add_rows(page, prefix: str, wanted: int) -> None:
    box = page.locator(f"[data-table-formset={prefix}]")
    while box.locator("tbody[data-rows] > tr").count() < wanted:
        box.locator("[data-add-row]").click()


def test_the_stadsmission_agreement_is_set_up_in_at_most_eight_submissions(new_page, demo, audit):
    from iop.models import Organisation, Partnership

    city = Organisation.objects.get(org_number="212000-1124")
    partner = Organisation.objects.get(org_number="846004-8716")
    page = new_page()
    login(page, demo, "samordnare")
    submissions = []
    page.on(
        "request",
        lambda r: submissions.append(r.url) if r.method == "POST" and r.is_navigation_request() else None,
    )

    page.goto(demo + url("iop:partnership_list"))
    page.click("text=Ny överenskommelse")
    page.wait_for_url("**/ny-overenskommelse/parter/")

    # 1. Parties and contact persons.
    page.fill("#id_case_number", CASE)
    page.fill("#id_title", "Arbetsträning hos Skåne Stadsmission 2025")
    page.select_option("#id_city", str(city.pk))
    page.select_option("#id_partner", str(partner.pk))
    page.select_option("#id_convening", "partner")
    page.fill("#id_city_contact_name", "Tommy Malmstedt")
    page.fill("#id_city_contact_phone", "0735-735532")
    page.fill("#id_city_contact_email", "Tommy.Malmstedt@malmo.se")
    page.fill("#id_partner_contact_name", "Johan Lundell")
    page.fill("#id_partner_contact_email", "Johan.lundell@skanestadsmission.se")
    page.click("main button.btn-primary")
    page.wait_for_url("**/period/")

    # 2. Period, capacity and work areas.
    page.select_option("#id_status", "active")
    page.fill("#id_start", "2025-01-01")
    page.fill("#id_end", "2025-12-31")
    page.fill("#id_extension_months", "12")
    page.fill("#id_extension_notice_months", "3")
    page.fill("#id_places_at_once", "24")
    page.fill("#id_places_per_year", "72")
    page.fill("#id_max_months", "4")
    page.fill("#id_steering_meetings_per_year", "4")
    page.fill("#id_work_areas", "\n".join(WORK_AREAS))
    page.click("main button.btn-primary")
    page.wait_for_url("**/budget/")

    # 3. Budget (4 rows) and in-kind contributions (9 rows), rows added without a round trip.
    _add_rows(page, "budget", len(BUDGET))
    for i, (category, description, fte, amount) in enumerate(BUDGET):
        page.select_option(f"#id_budget-{i}-category", category)
        page.fill(f"#id_budget-{i}-description", description)
        page.fill(f"#id_budget-{i}-fte", fte)
        page.fill(f"#id_budget-{i}-amount", amount)
    _add_rows(page, "egen", len(IN_KIND))
    for i, description in enumerate(IN_KIND):
        page.fill(f"#id_egen-{i}-description", description)
    audit.check(page, "Ny överenskommelse budget")
    page.click("main button.btn-primary")
    page.wait_for_url("**/mal/")

    # 4. The five standard goals are filled in; the arrows reorder without a submission.
    assert page.input_value("#id_mal-0-target_value") == "72"
    goals = page.locator("[data-table-formset=mal] tbody[data-rows] > tr")
    goals.nth(4).locator("[data-move=up]").click()
    goals.nth(3).locator("[data-move=down]").click()  # and back: the agreement's order
    assert len(submissions) == 3
    audit.check(page, "Ny överenskommelse mål")
    page.click("main button.btn-primary")
    page.wait_for_url("**/granska/")

    # 5. Review and create.
    page.click("main button.btn-primary")
    page.wait_for_url("**/partnerskap/*/")
    p = Partnership.objects.get(case_number=CASE)

    # 6. The table form: the goal on self-assessment moved first, by arrows, in one save.
    page.goto(demo + url("iop:partnership_tables", p.pk))
    rows = page.locator("[data-table-formset=mal] tbody[data-rows] > tr")
    rows.nth(2).locator("[data-move=up]").click()
    rows = page.locator("[data-table-formset=mal] tbody[data-rows] > tr")
    rows.nth(1).locator("[data-move=up]").click()
    page.click("main form[method=post] button.btn-primary")
    page.wait_for_url(f"**/partnerskap/{p.pk}/#budget")

    assert len(submissions) <= MAX_SUBMISSIONS, submissions
    assert len(submissions) == 6

    p.refresh_from_db()
    assert p.status == "active" and p.places_at_once == 24 and p.places_per_year == 72 and p.max_months == 4
    assert p.convening_party == partner and p.extension_months == 12
    assert p.steering_meetings_per_year == 4
    assert {(pp.organisation_id, pp.role) for pp in p.parties.all()} == {
        (city.pk, "city"),
        (partner.pk, "non_profit"),
    }
    assert sorted(c.name for pp in p.parties.all() for c in pp.contacts.all()) == [
        "Johan Lundell",
        "Tommy Malmstedt",
    ]
    assert [(x.start.isoformat(), x.end.isoformat()) for x in p.periods.all()] == [
        ("2025-01-01", "2025-12-31")
    ]
    assert sorted(w.name for w in p.work_areas.all()) == sorted(w.split(":")[0] for w in WORK_AREAS)
    assert p.budget_lines.filter(year=2025).count() == 4
    assert sum(b.amount for b in p.budget_lines.all()) == Decimal("1926637.00")  # seed 000 §6
    assert sorted(p.in_kind.filter(year=2025).values_list("description", flat=True)) == sorted(IN_KIND)
    assert list(p.goals.values_list("indicator", "order")) == [
        ("self_assessment", 1),
        ("trained", 2),
        ("joint_followups", 3),
        ("intro_exit", 4),
        ("completed_plan", 5),
    ]
    assert p.goals.get(indicator="trained").target_value == 72

    # The hub, for people to look at (1280 and 360 px) and for axe.
    page.goto(demo + url("iop:partnership_detail", p.pk))
    audit.check(page, "Partnerskapets nav oversikt")
    page.goto(demo + url("iop:partnership_documents", p.pk))
    audit.check(page, "Partnerskapets nav dokument")
    audit.assert_clean()
