"""Each role's start page is its to-do list on the demo data: every section is there, the
items link to where the work is done, axe finds nothing, and screenshots at 1280 and 360 px are taken
(IOP_SCREENSHOT_DIR) for people to look at."""

import pytest

from tests.browser.conftest import login, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

SECTIONS = {
    "handledare": ["my_participants", "talks_due"],
    "ams": ["referrals", "extensions", "followups_due"],
    "attestant": ["to_approve"],
    "ekonomi": ["to_draft"],
    "samordnare": ["deadlines", "access_review"],
    "styrgrupp": ["dashboards"],
}


@pytest.mark.parametrize("username", list(SECTIONS))
def test_the_start_page_is_the_roles_to_do_list(new_page, demo, audit, username):
    page = new_page()
    login(page, demo, username)
    response = page.goto(demo + url("home"))
    assert response is not None and response.ok
    shown = page.eval_on_selector_all("[data-todo]", "els => els.map(e => e.dataset.todo)")
    assert shown == SECTIONS[username]
    assert "iop-samordnare" not in page.inner_text("main")
    audit.check(page, f"Startsida {username}")
    audit.assert_clean()
