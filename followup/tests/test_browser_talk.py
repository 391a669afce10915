"""Acceptance 1 in a real browser at 360 px: a supervisor logs a supervision talk with the seven points,
a case officer and the supervisor log joint follow-ups, and the checklist updates."""

import datetime as dt
import os
from pathlib import Path

import pytest

from followup.models import Talk

CHROMIUM = "/usr/bin/chromium"
SCREENSHOT_DIR = Path("/tmp")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page():
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests.")  # noqa: T201
        pytest.skip(f"{CHROMIUM} is missing")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="sv-SE")
        yield context.new_page()
        browser.close()


def _login(page, base, username):
    page.goto(f"{base}/logga-in/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "test-password-123")
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/logga-in/" not in url)


def _logout(page):
    page.context.clear_cookies()


def _check_text(page, key):
    return page.inner_text(f"[data-testid=checklist] [data-testid=check-{key}]")


def test_supervisor_logs_a_supervision_talk_and_joint_followups_update_the_checklist(
    django_db_setup, live_server, page, fu
):
    placement = fu.placement(start=fu.today - dt.timedelta(days=40))
    base = live_server.url

    # Supervisor: my participants → participant → "Handledningssamtal" → seven points → save.
    _login(page, base, fu.supervisor.username)
    page.goto(f"{base}/uppfoljning/")
    page.click(f"[data-testid=participant-{placement.pk}]")  # tap 1
    page.click("[data-testid=kind-supervision_talk]")  # tap 2
    points = {
        "development_goals": "Komma i tid tre dagar i veckan.",
        "work_ability_and_hours": "Arbetar 50 %, orkar bra.",
        "work_environment": "Trivs, lugnare plats i sorteringen.",
        "what_works": "Noggrann i sorteringen.",
        "challenges": "Svårt att be om hjälp.",
        "goals_next_period": "Pröva 60 %.",
        "action_plan": "Avstämning varje morgon i två veckor.",
    }
    for name, text in points.items():
        page.fill(f"textarea[name={name}]", text)
    page.screenshot(path=str(SCREENSHOT_DIR / "followup_supervision_form_360.png"), full_page=True)
    page.click("[data-testid=save-talk]")  # tap 3
    page.wait_for_selector("[data-testid=checklist]")
    talk = Talk.objects.get(kind=Talk.Kind.SUPERVISION_TALK)
    assert {name: getattr(talk, name) for name in points} == points
    assert talk.created_by == fu.supervisor
    assert _check_text(page, "joint") == "(0 av 2)"

    # The supervisor logs a joint follow-up (both present by default for a follow-up meeting).
    page.click("[data-testid=kind-followup_meeting]")
    page.click("[data-testid=save-talk]")
    page.wait_for_selector("[data-testid=checklist]")
    assert _check_text(page, "joint") == "(1 av 2)"

    # The case officer logs the second joint follow-up; the checklist shows the indicator as met.
    _logout(page)
    _login(page, base, fu.ams.username)
    page.goto(f"{base}/uppfoljning/")
    page.click(f"[data-testid=participant-{placement.pk}]")
    page.click("[data-testid=kind-followup_meeting]")
    assert page.is_checked("input[name=supervisor_present]")
    assert page.is_checked("input[name=case_officer_present]")
    page.fill("textarea[name=notes]", "Gemensam uppföljning, utökning till 60 % beslutad.")
    page.click("[data-testid=save-talk]")
    page.wait_for_selector("[data-testid=checklist]")
    assert _check_text(page, "joint") == "(2 av 2)"
    page.screenshot(path=str(SCREENSHOT_DIR / "followup_placement_360.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert Talk.objects.joint_followups().filter(placement=placement).count() == 2
    page.goto(f"{base}/uppfoljning/")
    page.screenshot(path=str(SCREENSHOT_DIR / "followup_my_participants_360.png"), full_page=True)
    # No horizontal scrolling at 360 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
