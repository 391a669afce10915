"""axe-core (WCAG 2.0/2.1 A and AA) on every page each role reaches, at 1280 and at 360 px.

A crawl, as the access matrix walks URLs: per role, start at the start page and the menu, follow every
link on each page (same site, GET), and audit one page of each kind: a kind is the URL's name plus its
non-numeric arguments (`followup:assessment` for `start`/`participant` is another kind than for
`slut`/`supervisor`), so 300 participant links cost one page load, not 300. Each audited page gets axe
at 1280 px, then at 360 px (same load, viewport changed), and must not scroll sideways at 360 px.

Every link a page shows is also requested once per kind: a link that answers 403, 404 or 405 is a dead
end for that role (WCAG 2.4.4 in spirit; the issue's "no button or link a role cannot use").

The data holds the rarer states on top of the demo: denied access-log rows, overdue invoices (the demo
year's), the warnings of a running partnership (`current`), and empty lists (searches without a hit).
One browser and one live server for the whole package; about 2–3 minutes here.
"""

import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from tests.browser.conftest import DESKTOP, PHONE, axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ROLES = ["samordnare", "ams", "handledare", "styrgrupp", "ekonomi", "attestant"]
# Not pages: leaving the product, or answers that are files.
SKIP_PREFIXES = ("/static/", "/admin/", "/logga-ut/")
# Rarer states, next to the pages the links lead to: empty lists and the access log's denied rows.
# (Requested for every role; a role that may not see them is simply refused.)
EXTRA_PAGES = [
    "/deltagare/?q=ingen-finns-med-detta-namn",
    "/partnerskap/?q=ingen-finns-med-detta-namn",
    "/deltagare/atkomstlogg/?date_from=2001-01-01&date_to=2001-01-02",
    "/deltagare/atkomstlogg/?action=denied",
]
MAX_KINDS_PER_ROLE = 90
DEAD_END = {403, 404, 405}


@pytest.fixture(scope="package")
def rare_states(current, django_db_blocker):
    """Denied rows in the access log (a refused look at a participant) and a placement over time."""
    from iop.models import User
    from participants.access_log import log_denied

    with django_db_blocker.unblock():
        for who in ("handledare", "ams"):
            log_denied(
                request_or_user=User.objects.get(username=who),
                participant=current.waiting.pk,
                detail="HTTP 404",
                path=f"/deltagare/{current.waiting.pk}/",
            )
    return current


def _kind(path: str) -> str | None:
    """The page kind of a path: URL name plus non-numeric arguments; None for non-product URLs."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    extra = [f"{k}={v}" for k, v in sorted(match.kwargs.items()) if not isinstance(v, int)]
    return " ".join([match.view_name, *extra])


def _links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue  # another site, mailto:, an anchor on the page
        if parts.path.startswith(SKIP_PREFIXES):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _crawl(page, base: str, role: str) -> tuple[list[str], list[str]]:
    """Audit every page kind the role reaches; returns (audited page kinds, problems)."""
    problems: list[str] = []
    audited: list[str] = []
    seen_kinds: set[str] = set()
    queue = deque(["/", *EXTRA_PAGES])
    seeds = set(EXTRA_PAGES)
    referrer: dict[str, str] = {}
    while queue and len(audited) < MAX_KINDS_PER_ROLE:
        path = queue.popleft()
        kind = _kind(urlsplit(path).path)
        if kind is None:
            if path not in seeds:
                problems.append(f"{role}: link to a missing page {path} (on {referrer.get(path)})")
            continue
        key = kind + (f" ?{urlsplit(path).query}" if path in seeds else "")
        if key in seen_kinds:
            continue
        seen_kinds.add(key)
        # Request first: files are not pages, and a refused link is a dead end.
        response = page.request.get(base + path, max_redirects=0)
        status = response.status
        if status in DEAD_END:
            if path not in seeds:
                problems.append(f"{role}: {path} answers {status} (linked from {referrer.get(path)})")
            continue
        if status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        if response.headers.get("hx-request") or "<html" not in response.text()[:300].lower():
            continue  # an htmx fragment reached by a plain link is not a page
        page.set_viewport_size(DESKTOP)
        page.goto(base + path)
        page.wait_for_load_state("load")
        audited.append(key)
        problems += [f"{role} 1280 {path}: {line}" for line in axe_violations(page)]
        page.set_viewport_size(PHONE)
        problems += [f"{role} 360 {path}: {line}" for line in axe_violations(page)]
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            problems.append(f"{role} 360 {path}: scrolls sideways (scrollWidth {width})")
        for link in _links(page):
            if link not in referrer:
                referrer[link] = path
                queue.append(link)
    return audited, problems


@pytest.mark.parametrize("role", ROLES)
def test_every_page_the_role_reaches_has_no_wcag_violations_at_1280_and_360_px(
    new_page, demo, rare_states, role
):
    page = new_page(DESKTOP)
    login(page, demo, role)
    audited, problems = _crawl(page, demo, role)
    print(f"{role}: {len(audited)} page kinds audited: {', '.join(audited)}")  # noqa: T201
    assert len(audited) >= 3, audited
    assert not problems, "\n".join(problems)


def test_the_crawl_reaches_the_rare_states(new_page, demo, rare_states):
    """The data the crawl sees includes denied rows and overdue invoices (else the test proves little)."""
    page = new_page(DESKTOP)
    login(page, demo, "samordnare")
    page.goto(demo + "/deltagare/atkomstlogg/?action=denied")
    assert page.locator("tr.table-warning a").count() >= 1
    page.goto(demo + "/fakturor/")
    assert page.get_by_text(re.compile("förfallen")).count() >= 1
