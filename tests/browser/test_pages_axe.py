"""axe-core (WCAG 2.0/2.1 A and AA) finds no violations on the main pages, which also reflow at 320 px.

Pages are reached the way a user reaches them (lists, then the first link to a detail page), so the
test covers more as the apps land: a page whose URL does not exist yet is left out.
"""

import re

import pytest

from tests.browser.conftest import login, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def _open(page, base, audit, name, path):
    if path is None:
        return False
    response = page.goto(base + path)
    assert response is not None and response.ok, f"{name}: {path} answered {response and response.status}"
    audit.check(page, name)
    return True


def _first_link(page, pattern: str) -> str | None:
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")
    return next((h for h in hrefs if re.fullmatch(pattern, h)), None)


def test_public_pages_have_no_wcag_violations(new_page, demo, audit):
    page = new_page()
    base = demo
    _open(page, base, audit, "Logga in", url("login"))
    # The same page with the errors of an empty submission.
    page.click("main button[type=submit]")
    audit.check(page, "Logga in med fel")
    _open(page, base, audit, "Tillgänglighetsredogörelse", url("security:accessibility"))
    audit.assert_clean()


def test_the_coordinators_main_pages_have_no_wcag_violations(new_page, demo, audit):
    page = new_page()
    login(page, demo, "samordnare")
    _open(page, demo, audit, "Startsida", url("home"))
    _open(page, demo, audit, "Partnerskap", url("iop:partnership_list"))
    partnership = _first_link(page, r"/partnerskap/\d+/")
    _open(page, demo, audit, "Partnerskapssida", partnership)
    if partnership:
        pk = int(partnership.strip("/").split("/")[-1])
        _open(page, demo, audit, "Beläggning", url("participants:occupancy", pk))
        _open(page, demo, audit, "Instrumentpanel partnerskap", url("reporting:partnership_dashboard", pk))
    if _open(page, demo, audit, "Deltagare", url("participants:list")):
        _open(page, demo, audit, "Deltagarsida", _first_link(page, r"/deltagare/\d+/"))
        _open(page, demo, audit, "Arbetsträningsplats", _first_link(page, r"/deltagare/plats/\d+/"))
    _open(page, demo, audit, "Översikt alla partnerskap", url("reporting:overview_dashboard"))
    _open(page, demo, audit, "Rapporter", url("reporting:index"))
    if _open(page, demo, audit, "Fakturor", url("invoicing:list")):
        _open(page, demo, audit, "Faktura", _first_link(page, r"/fakturor/\d+/"))
    _open(page, demo, audit, "Säkerhet", url("security:settings"))
    _open(page, demo, audit, "Synpunkter på tillgängligheten", url("security:accessibility_reports"))
    _open(page, demo, audit, "Tillgänglighetsredogörelse inloggad", url("security:accessibility"))
    assert len(audit.pages) >= 7, audit.pages
    audit.assert_clean()
