"""What axe cannot judge: keyboard-only use, visible focus, form errors that are announced and say what
to do, and layout at 320 px."""

import re

import pytest

from tests.browser.conftest import NARROWEST, horizontal_overflow, login, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {tag: el.tagName, href: el.getAttribute('href'), name: el.getAttribute('name'),
          text: (el.innerText || '').trim(), outline: style.outlineStyle, outlineWidth: style.outlineWidth,
          shadow: style.boxShadow};
}"""


def _focus_is_visible(focused) -> bool:
    outline = focused["outline"] != "none" and focused["outlineWidth"] not in ("0px", "")
    return outline or focused["shadow"] not in ("none", "")


def _tab_to(page, matches, max_tabs: int = 80):
    """Press Tab until the focused element satisfies `matches`; every stop must show visible focus."""
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        assert _focus_is_visible(focused), f"focus is not visible on {focused}"
        if matches(focused):
            return focused
    raise AssertionError(f"no element matching after {max_tabs} Tab presses")


def test_a_keyboard_user_logs_in_and_opens_a_record_with_tab_and_enter_only(new_page, demo):
    page = new_page()
    page.goto(f"{demo}/logga-in/")
    # The login page puts focus in the user name field.
    assert page.evaluate(FOCUSED)["name"] == "username"
    page.keyboard.type("ams")
    _tab_to(page, lambda f: f["name"] == "password")
    page.keyboard.type("demo")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda u: "/logga-in/" not in u)

    # On every page the first Tab reaches the skip link.
    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUSED)
    assert skip["href"] == "#main" and _focus_is_visible(skip), skip

    # The case officer's records: participants once that app has landed, else the partnerships.
    if url("participants:list"):
        list_path, detail = url("participants:list"), r"/deltagare/\d+/"
    else:
        list_path, detail = url("iop:partnership_list"), r"/partnerskap/\d+/"
    _tab_to(page, lambda f: f["href"] == list_path)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(list_path) + "$"))
    # The skip link moves focus past the menu into the main content.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    _tab_to(page, lambda f: bool(f["href"] and re.fullmatch(detail, f["href"])))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(detail + "$"))
    assert page.locator("h1").is_visible()


def test_a_login_form_with_errors_moves_focus_to_the_field_and_says_what_to_do(new_page, demo):
    page = new_page()
    page.goto(f"{demo}/logga-in/")
    page.fill("input[name=password]", "demo")
    page.click("main button[type=submit]")
    page.wait_for_load_state()

    field = page.locator("input[name=username]")
    assert field.get_attribute("aria-invalid") == "true"
    assert "is-invalid" in field.get_attribute("class")
    message_id = field.get_attribute("aria-describedby")
    message = page.locator(f"#{message_id}")
    assert "invalid-feedback" in message.get_attribute("class")
    assert message.is_visible()
    assert "fyllas i" in message.inner_text()  # the fix: fill the field in
    assert page.evaluate("document.activeElement.name") == "username"

    # A wrong password: a summary the screen reader announces (role=alert), focus stays in the form.
    page.fill("input[name=username]", "ams")
    page.fill("input[name=password]", "fel-losenord")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    alert = page.locator("main form [role=alert]")
    assert alert.is_visible()
    assert "lösenord" in alert.inner_text()


def test_an_invalid_report_order_is_marked_at_the_field(new_page, demo):
    if url("reporting:index") is None:
        print("The reporting pages have not landed.")  # noqa: T201
        pytest.skip("reporting pages missing")
    page = new_page()
    login(page, demo, "samordnare")
    page.goto(demo + url("reporting:index"))
    page.select_option("select[name=kind]", "partnership_summary")
    page.select_option("select[name=partnership]", "")
    page.click("form.report-request button[type=submit]")
    page.wait_for_load_state()
    invalid = page.locator("main [aria-invalid=true]")
    assert invalid.count() >= 1
    first = invalid.first
    described = page.locator(f"#{first.get_attribute('aria-describedby')}")
    assert described.inner_text().strip()
    assert page.evaluate("document.activeElement.getAttribute('aria-invalid')") == "true"


def test_the_start_page_and_the_menu_work_at_320_px(new_page, demo):
    page = new_page({"width": NARROWEST, "height": 700})
    login(page, demo, "samordnare")
    assert horizontal_overflow(page) is None
    # The collapsed menu opens with the keyboard and its links fit the width.
    toggler = page.locator("button.navbar-toggler")
    assert toggler.get_attribute("aria-expanded") == "false"
    toggler.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#mainnav.show")
    assert toggler.get_attribute("aria-expanded") == "true"
    for link in page.locator("#mainnav .nav-link").all():
        box = link.bounding_box()
        assert box is not None and box["x"] + box["width"] <= NARROWEST
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROWEST
