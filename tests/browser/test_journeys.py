"""Each role's main journey in a real browser, with axe-core, reflow and screenshots on every page.

A journey goes as far as the pages exist: steps whose URLs have not landed yet are left out, and a
journey whose first page is missing is skipped with the reason printed.
"""

import re

import pytest

from tests.browser.conftest import PHONE, login, route_exists, url
from tests.browser.pdf_checks import pdf_accessibility_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def _needs(*names: str) -> None:
    missing = [name for name in names if not route_exists(name)]
    if missing:
        print(f"Pages not in this build yet: {', '.join(missing)}")  # noqa: T201
        pytest.skip(f"pages missing: {missing}")


def _first_link(page, pattern: str) -> str:
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")
    found = next((h for h in hrefs if re.fullmatch(pattern, h)), None)
    assert found, f"no link matching {pattern} on {page.url}"
    return found


def test_a_supervisor_logs_a_supervision_talk_at_phone_width(new_page, demo, current, audit):
    """(b) The followup app's own browser test covers the checklist; this one adds axe, reflow and the
    error state of the talk form at 360 px."""
    _needs("followup:my_participants")
    page = new_page(PHONE)
    login(page, demo, "handledare")
    page.goto(demo + url("followup:my_participants"))
    audit.check(page, "Mina deltagare (handledare)")
    page.click(f"[data-testid=participant-{current.placement.pk}]")
    page.wait_for_selector("[data-testid=checklist]")
    audit.check(page, "Deltagarens plats (handledare)")
    page.click("[data-testid=kind-supervision_talk]")
    page.wait_for_selector("[data-testid=save-talk]")
    audit.check(page, "Nytt handledningssamtal")

    # Saving without a time: the field is marked, its message is tied to it, focus goes there.
    page.fill("input[name=held_at]", "")
    page.click("[data-testid=save-talk]")
    page.wait_for_load_state()
    field = page.locator("input[name=held_at]")
    assert field.get_attribute("aria-invalid") == "true"
    assert page.locator(f"#{field.get_attribute('aria-describedby').split()[0]}").inner_text().strip()
    assert page.evaluate("document.activeElement.name") == "held_at"
    audit.check(page, "Nytt handledningssamtal med fel")
    audit.assert_clean()


def test_a_coordinator_sees_a_dashboard_and_downloads_a_report(
    new_page, demo, audit, settings, real_celery_worker, django_capture_on_commit_callbacks
):
    """(c) Dashboard of the reference partnership, then a report ordered, produced and downloaded."""
    _needs("reporting:index")
    if real_celery_worker is not None:
        import config.settings_test

        # The worker process writes under the test settings' MEDIA_ROOT, not this test's tmp folder.
        settings.MEDIA_ROOT = config.settings_test.MEDIA_ROOT
    page = new_page()
    login(page, demo, "samordnare")
    page.goto(demo + url("iop:partnership_list"))
    partnership = _first_link(page, r"/partnerskap/\d+/")
    pk = int(partnership.strip("/").split("/")[-1])
    if url("reporting:partnership_dashboard", pk):
        page.goto(demo + url("reporting:partnership_dashboard", pk))
        assert page.locator("main table").count() >= 1
        audit.check(page, "Instrumentpanel (samordnare)")

    page.goto(demo + url("reporting:index"))
    audit.check(page, "Rapporter (samordnare)")
    page.select_option("select[name=kind]", "partnership_summary")
    page.select_option("select[name=partnership]", str(pk))
    page.fill("input[name=year]", "2025")
    # On SQLite the live server shares the test's connection, so the dispatch waits for this test's
    # transaction: run the on-commit callbacks (eager Celery) when the order is placed.
    with django_capture_on_commit_callbacks(execute=True):
        page.click("form.report-request button[type=submit]")
        page.wait_for_load_state()
    link = page.locator("main a[href*='/rapporter/fil/']").first
    page.reload()
    link.wait_for(timeout=90_000 if real_celery_worker else 15_000)
    audit.check(page, "Rapporter med färdig rapport")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        content = handle.read()
    assert pdf_accessibility_problems(content) == []
    audit.assert_clean()


def _submit(page, form_selector: str = "main form.pt-form") -> None:
    page.click(f"{form_selector} button[type=submit]")
    page.wait_for_load_state()


def test_a_case_officer_refers_and_places_a_participant(new_page, demo, current, audit):
    """(a) Referral to a running partnership, accepted, then the work training starts."""
    _needs("participants:list", "participants:referral_create", "participants:placement_start")
    page = new_page()
    login(page, demo, "ams")
    page.goto(demo + url("participants:list"))
    audit.check(page, "Deltagare (handläggare)")
    page.goto(demo + url("participants:detail", current.waiting.pk))
    audit.check(page, "Deltagarsida (handläggare)")

    page.click(f"main a[href='{url('participants:referral_create', current.waiting.pk)}']")
    page.wait_for_load_state()
    audit.check(page, "Ny anvisning")
    # Without a partnership: the error is at the field and focus goes there.
    _submit(page)
    assert page.evaluate("document.activeElement.name") == "partnership"
    audit.check(page, "Ny anvisning med fel")
    page.select_option("select[name=partnership]", str(current.partnership.pk))
    _submit(page)
    assert page.url.endswith(url("participants:detail", current.waiting.pk))

    page.click("main a[href*='/status/accepted/']")
    page.wait_for_load_state()
    audit.check(page, "Anta anvisning")
    _submit(page)
    page.click("main a[href*='/starta/']")
    page.wait_for_load_state()
    audit.check(page, "Starta arbetsträning")
    page.select_option("select[name=work_area]", index=1)
    page.select_option("select[name=supervisor]", index=1)
    _submit(page)
    placement = _first_link(page, r"/deltagare/plats/\d+/") if "/plats/" not in page.url else None
    if placement:
        page.goto(demo + placement)
    assert re.search(r"/deltagare/plats/\d+/$", page.url), page.url
    audit.check(page, "Arbetsträningsplats (handläggare)")
    audit.assert_clean()


def test_a_finance_user_drafts_and_submits_an_invoice_and_the_attestant_approves(
    new_page, demo, current, audit
):
    """(d) The non-profit's finance user drafts and submits; the city's attestant approves."""
    _needs("invoicing:list", "invoicing:create", "invoicing:submit", "invoicing:approve")
    page = new_page()
    login(page, demo, "ekonomi")
    page.goto(demo + url("invoicing:list"))
    audit.check(page, "Fakturor (ekonomi)")
    page.goto(demo + url("invoicing:create"))
    audit.check(page, "Ny faktura")
    options = page.eval_on_selector_all("select[name=period] option", "els => els.map(e => e.value)")
    # The running partnership's first payment period (it has ended and has a budget).
    period = next(value for value in options if value.startswith(f"{current.partnership.pk}|"))
    page.select_option("select[name=period]", period)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/fakturor/\d+/andra/$"))
    invoice_pk = int(page.url.rstrip("/").split("/")[-2])
    audit.check(page, "Ändra fakturautkast")
    page.click("main form button[type=submit]:has-text('Spara')")
    page.wait_for_load_state()
    page.goto(demo + url("invoicing:detail", invoice_pk))
    audit.check(page, "Faktura (utkast)")
    page.goto(demo + url("invoicing:submit", invoice_pk))
    audit.check(page, "Skicka in faktura")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(rf"/fakturor/{invoice_pk}/$"))

    page = new_page()
    login(page, demo, "attestant")
    page.goto(demo + url("invoicing:detail", invoice_pk))
    audit.check(page, "Faktura (attestant)")
    page.click(f"main a[href='{url('invoicing:approve', invoice_pk)}']")
    page.wait_for_load_state()
    audit.check(page, "Attestera faktura")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(rf"/fakturor/{invoice_pk}/$"))
    from invoicing.models import Invoice

    assert Invoice.objects.get(pk=invoice_pk).status == Invoice.Status.APPROVED
    audit.assert_clean()
