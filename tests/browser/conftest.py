"""Fixtures of the browser tests: one chromium for the whole package, the demo data, logging in, axe.

The tests drive Debian's chromium through Playwright against pytest-django's `live_server`. They are
marked `browser` and skip, with the reason printed, when /usr/bin/chromium is missing.
"""

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import NoReverseMatch, reverse

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# WCAG 2.0 and 2.1, levels A and AA: what Swedish law (DOS-lagen) requires of public web services.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOT_DIR = Path(os.environ.get("IOP_SCREENSHOT_DIR", "/tmp/a11y"))  # noqa: S108 - test artefacts
DEMO_PASSWORD = "demo"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
NARROWEST = 320  # WCAG 1.4.10 Reflow: 320 CSS px without horizontal scrolling


def route_exists(name: str) -> bool:
    """Whether a named URL exists (whatever arguments it takes)."""
    try:
        reverse(name)
    except NoReverseMatch as exc:
        return "pattern(s) tried" in str(exc)
    return True


def url(name: str, *args) -> str | None:
    """The path of a named URL, or None while the app that owns it has not landed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


@pytest.fixture(scope="package")
def browser():
    """One headless chromium for all browser tests (package scope: closed before other apps' tests,
    which may start their own Playwright)."""
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests.")  # noqa: T201
        pytest.skip(f"{CHROMIUM} is missing")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make meanwhile
    # are still synchronous and safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(scope="package")
def demo_files(tmp_path_factory):
    """One folder for the package's uploaded and generated files: the demo data is seeded once for every
    test of the package, so its files (verifications, the partner's documents) must outlive a test."""
    return tmp_path_factory.mktemp("demo-files")


@pytest.fixture(autouse=True)
def _demo_media_root(_media_root, settings, demo_files):
    """Every browser test reads and writes files where the demo data put them (after the root's
    per-test folder, which it replaces)."""
    settings.MEDIA_ROOT = demo_files


def _reset_sequences() -> None:
    """Point every table's id sequence past its largest id again.

    `flush` restarts the sequences (PostgreSQL) and the restore writes rows with their saved ids, so without
    this the next row a later test creates (a group, a periodic task) would be given an id already taken.
    """
    from django.apps import apps
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.fixture(scope="package")
def demo_db(django_db_setup, django_db_blocker, demo_files):
    """The demo data of every app (`seed_demo --demo-users`), committed once for the whole package.

    Seeding a year of demo data takes long, and a per-test flush (what `transactional_db` does) would
    also delete the reference rows that data migrations made. So the database is saved before seeding
    and restored after the package's last test; the tests share the data and leave each other alone.
    Tests still carry `django_db` (plain): it makes pytest-django create the test database, and what a
    test writes through the shared in-memory SQLite connection is rolled back after it.
    """
    name = str(connection.settings_dict["NAME"])
    if not (name.startswith("test_") or "memory" in name):
        raise RuntimeError("refusing to seed and flush a database that is not a test database")
    with django_db_blocker.unblock():
        saved = connection.creation.serialize_db_to_string()
        with override_settings(MEDIA_ROOT=demo_files):
            call_command("seed_demo", demo_users=True, verbosity=0)
        try:
            yield
        finally:
            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(saved)
            _reset_sequences()


@pytest.fixture(scope="package")
def current(demo_db, django_db_blocker):
    """A partnership running today with an ongoing placement for the demo supervisor (`handledare`) and
    case officer (`ams`), and a consenting participant of `ams` not yet referred: the demo year is 2025,
    so on a later day no demo placement is still running. Committed like the demo data."""
    import datetime as dt
    from types import SimpleNamespace

    from django.utils import timezone

    from iop.dates import add_months
    from iop.demo import stadsmission
    from iop.models import Organisation, PartnershipParty, User
    from participants.tests.factories import ConsentFactory, ParticipantFactory, PlacementFactory
    from tests.factories import (
        BudgetLineFactory,
        PartnershipFactory,
        PartyFactory,
        PeriodFactory,
        StaffFactory,
        WorkAreaFactory,
    )

    with django_db_blocker.unblock():
        today = timezone.localdate()
        partner = stadsmission()
        the_city = Organisation.objects.get(org_number="212000-1124")
        supervisor = User.objects.get(username="handledare")
        officer = User.objects.get(username="ams")
        partnership = PartnershipFactory(
            title="Arbetsträning (webbläsartest)", places_at_once=24, max_months=4
        )
        PartyFactory(partnership=partnership, organisation=the_city, role=PartnershipParty.Role.CITY)
        PartyFactory(partnership=partnership, organisation=partner, role=PartnershipParty.Role.NON_PROFIT)
        PeriodFactory(partnership=partnership, start=dt.date(today.year - 1, 1, 1), end=add_months(today, 12))
        for year in (today.year - 1, today.year):  # a budget makes the periods invoiceable
            BudgetLineFactory(partnership=partnership, year=year)
        work_area = WorkAreaFactory(partnership=partnership, name="REMAKE")
        StaffFactory(
            partnership=partnership, user=supervisor, confidentiality_signed_on=today - dt.timedelta(days=90)
        )
        participant = ParticipantFactory(case_officer=officer)
        ConsentFactory(participant=participant, partnership=partnership, organisation=partner)
        start = today - dt.timedelta(days=30)
        placement = PlacementFactory(
            participant=participant,
            partnership=partnership,
            work_area=work_area,
            supervisor=supervisor,
            start_date=start,
            planned_end_date=add_months(start, 4),
        )
        waiting = ParticipantFactory(case_officer=officer)
        ConsentFactory(participant=waiting, partnership=partnership, organisation=partner)
        return SimpleNamespace(partnership=partnership, placement=placement, waiting=waiting)


@pytest.fixture(scope="package")
def demo(demo_db):
    """The base URL of a live server (pytest-django's LiveServer) serving the demo data.

    Not the `live_server` fixture itself: a test that uses it is wrapped in `transactional_db`, whose
    flush would delete the shared demo data after the first test.
    """
    from django.conf import settings
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer(os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS", "localhost"))
    allowed = settings.ALLOWED_HOSTS
    if server.thread.host not in allowed:
        settings.ALLOWED_HOSTS = [*allowed, server.thread.host]
    yield server.url
    settings.ALLOWED_HOSTS = allowed
    server.stop()


@pytest.fixture
def new_page(browser):
    """`new_page(viewport)`: a fresh page (own cookies) in Swedish; closed after the test."""
    contexts = []

    def make(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport, locale="sv-SE", accept_downloads=True)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def login(page, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the real login form."""
    page.goto(f"{base}/logga-in/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda u: "/logga-in/" not in u)


_axe = None


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the current page, one readable line each."""
    global _axe
    if _axe is None:
        from axe_playwright_python.sync_playwright import Axe

        _axe = Axe()
    results = _axe.run(
        page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    )
    lines = []
    for v in results.response["violations"]:
        targets = ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} element(s)): {v['help']} — {targets}")
    return lines


def horizontal_overflow(page, width: int = NARROWEST) -> int | None:
    """The document's scroll width at `width` px if it scrolls sideways there, else None."""
    before = page.viewport_size
    page.set_viewport_size({"width": width, "height": 800})
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(before)
    return scroll_width if scroll_width > width else None


def screenshot(page, name: str) -> None:
    """Full-page screenshots at desktop and phone width into SCREENSHOT_DIR (for people to look at)."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")
    before = page.viewport_size
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SCREENSHOT_DIR / f"{slug}_{viewport['width']}.png"), full_page=True)
    page.set_viewport_size(before)


@dataclass
class Audit:
    """Collects accessibility problems over a journey so one failure lists them all."""

    problems: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)

    def check(self, page, name: str) -> None:
        """axe (WCAG 2.1 AA), reflow at 320 px, and screenshots at 1280 and 360 px."""
        page.wait_for_load_state("load")
        self.pages.append(name)
        self.problems += [f"{name} ({page.url}): {line}" for line in axe_violations(page)]
        overflow = horizontal_overflow(page)
        if overflow:
            self.problems.append(f"{name} ({page.url}): scrolls sideways at 320 px (scrollWidth {overflow})")
        screenshot(page, name)

    def assert_clean(self) -> None:
        assert not self.problems, "\n".join(self.problems)


@pytest.fixture
def audit():
    return Audit()
