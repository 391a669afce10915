"""Time limits (WCAG 2.2.1): a warning before the idle limit whose button extends the session, and
drafts of long forms that survive a reload or an expired session.

The idle limit is made short for these tests (a few seconds) through the settings the server reads on
every request; the page gets them from the template context.
"""

import pytest
from django.contrib.sessions.models import Session

from tests.browser.conftest import DESKTOP, PHONE, login, screenshot, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

IDLE = 8  # seconds without a request before the session ends (in these tests)
WARN = 4  # the warning opens this long before


@pytest.fixture
def short_sessions(settings):
    settings.SESSION_IDLE_SECONDS = IDLE
    settings.SESSION_COOKIE_AGE = IDLE
    settings.SESSION_WARNING_SECONDS = WARN


def _session_expiry(page):
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    return Session.objects.get(session_key=key).expire_date


def test_the_warning_opens_before_the_idle_limit_and_its_button_extends_the_session(
    new_page, demo, short_sessions
):
    page = new_page(PHONE)
    login(page, demo, "samordnare")
    page.goto(demo + url("iop:partnership_list"))
    loaded = page.evaluate("Date.now()")
    warning = page.locator("#session-timeout")
    assert warning.is_hidden()

    warning.wait_for(state="visible", timeout=(IDLE + 2) * 1000)
    opened_after = (page.evaluate("Date.now()") - loaded) / 1000
    assert IDLE - WARN - 1 <= opened_after < IDLE, opened_after
    assert warning.get_attribute("role") == "alertdialog"
    button = page.get_by_role("button", name="Förläng sessionen")
    assert button.is_visible()
    # Focus moves to the button, so a keyboard user extends with one key press.
    assert page.evaluate("document.activeElement.dataset.extend !== undefined")
    screenshot(page, "Sessionsvarning")

    before = _session_expiry(page)
    page.keyboard.press("Enter")
    warning.wait_for(state="hidden")
    assert _session_expiry(page) > before
    assert page.evaluate("document.getElementById('session-timeout').dataset.extended") == "1"

    # Past the original limit the user is still logged in: the session was extended.
    page.wait_for_timeout(max(0, (IDLE + 1 - (page.evaluate("Date.now()") - loaded) / 1000)) * 1000)
    response = page.goto(demo + url("iop:partnership_list"))
    assert response.ok and "/logga-in/" not in page.url


def test_without_extending_the_session_ends_and_a_typed_talk_survives_as_a_draft(
    new_page, demo, current, short_sessions
):
    form_path = url("followup:talk_create", current.placement.pk, "supervision_talk")
    page = new_page(DESKTOP)
    login(page, demo, "handledare")
    page.goto(demo + form_path)
    notes = "Deltagaren har provat kassan och vill fortsätta med det."
    page.fill("textarea[name=notes]", notes)

    # Nothing more happens: the warning comes, then says the session has ended.
    page.get_by_role("link", name="Logga in igen").wait_for(state="visible", timeout=(IDLE + 3) * 1000)
    assert page.locator("#session-timeout").get_attribute("aria-labelledby") == "session-timeout-expired"
    screenshot(page, "Sessionen har gått ut")
    page.get_by_role("link", name="Logga in igen").click()
    page.wait_for_url(lambda u: "/logga-in/" in u)

    # Logging in again leads back to the form, with the text restored from this tab's draft.
    page.fill("input[name=username]", "handledare")
    page.fill("input[name=password]", "demo")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda u: u.endswith(form_path))
    assert page.input_value("textarea[name=notes]") == notes
    assert page.locator(".draft-notice").is_visible()
    screenshot(page, "Samtal med återställt utkast")

    # "Släng utkastet" removes it.
    page.get_by_role("button", name="Släng utkastet").click()
    page.wait_for_load_state()
    assert page.input_value("textarea[name=notes]") == ""
    assert page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('iop-draft')).length") == 0


def test_a_saved_talk_leaves_no_draft_and_logging_out_removes_drafts(new_page, demo, current):
    form_path = url("followup:talk_create", current.placement.pk, "supervision_talk")
    page = new_page(DESKTOP)
    login(page, demo, "handledare")
    page.goto(demo + form_path)
    page.fill("textarea[name=notes]", "Sparas strax.")
    drafts = "Object.keys(sessionStorage).filter(k => k.startsWith('iop-draft:')).length"
    assert page.evaluate(drafts) == 1
    page.click("[data-testid=save-talk]")
    page.wait_for_url(lambda u: not u.endswith(form_path))
    assert page.evaluate(drafts) == 0

    page.goto(demo + form_path)
    page.fill("textarea[name=notes]", "Ett utkast som inte ska finnas kvar efter utloggning.")
    assert page.evaluate(drafts) == 1
    page.locator("nav .dropdown-toggle").last.click()
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(lambda u: "/logga-in/" in u)
    assert page.evaluate(drafts) == 0
