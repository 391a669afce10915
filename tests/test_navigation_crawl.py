"""Every page a role may open is reachable from its start page: a breadth-first crawl with the
test client follows same-site links (and notes form actions and htmx targets) from "/" as each role in
the access-test world, and fails on a URL pattern the role may use that no page links to.

Exceptions are listed with their reason. Pages are fetched at most `PER_NAME` times per URL name (the
crawl is about which kinds of page are reachable, not about every object), downloads are noted but not
fetched.
"""

import re
from collections import deque
from html.parser import HTMLParser

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404

from iop.permissions import view_roles
from tests.access.world import ACTORS

PER_NAME = 6
MAX_PAGES = 250

# URL names no link leads to, on purpose. Each with the reason.
EXCEPTIONS: dict[str, str] = {
    "healthz": "machine health check for load balancers, not a page for people",
    "login": "where anonymous users are sent; a logged-in user has no reason to go there",
    "password_change_done": "reached by redirect after changing the password",
    "security:two_factor_verify": "reached by redirect at login when two-factor is on",
    "followup:talk_fields_hx": "htmx fragment of the talk form, requested by the form itself",
    "followup:notification_bell_hx": "htmx fragment of the bell, requested by every page",
    "reporting:job_status_hx": "htmx fragment polled while a report is made",
    "reporting:figure_review": "a link on the reported-figures list beside a submitted figure of the year "
    "shown (the list opens on this year; the world's submitted figure is from 2025)",
    "reporting:figure_correct": "a button on the reported-figures list beside an approved figure (none in the world)",
    "security:session_extend": "POST made by the session-timeout warning's button (static JS), not a page",
    "reporting:download": "a generated report's file, linked once a report has been ordered",
    "iop:amendment_document": "an amendment's signed document, linked when an amendment has one (none in the world)",
    "participants:consent_document": "a consent's scanned document, linked when one is uploaded (none in the world)",
    "followup:exit_followup": "3 and 6 months after an exit; linked from the reminder and the placement once due",
    "participants:referral_status": "status change of a referral: a form button on the participant page "
    "(only for referrals in a state where the change applies)",
    "reporting:deviation_measures": "linked from the quarterly report's deviations once a report is made",
    "reporting:progress_edit": "linked from the deviations page and the progress reminder of a quarter",
    "reporting:quarterly_preview": "linked from the deviations page of a quarter",
    "reporting:deviation_add": "POST of the form on the deviations page",
    "reporting:measure_add": "POST of the form on the deviations page",
    "reporting:measure_done": "a button per open measure on the deviations page",
    "security:lockout_reset": "a button on the security page for a locked-out account (none in the world)",
    "security:two_factor_reset": "a button on the security page per user with two-factor (none in the world)",
    "participants:queue_reorder": "a form on the queue page for coordinators, per queued referral",
    "invoicing:verification": "a line's verification file, linked on the invoice page when uploaded",
    "followup:notification_done": "a button per open reminder on the reminders page (none for most roles in the world)",
    "bare": "the benchmark's baseline: a logged-in view with one query, not a page for people",
    "participants:case_officer_lookup": "JSON suggestions requested by the case-officer filter's script",
    "iop:party_user_lookup": "JSON suggestions requested by the steering-member and action-point user fields' script",
    "participants:approver_lookup": "JSON suggestions requested by the extension form's approver fields' script",
    "participants:access_log_users": "JSON suggestions requested by the access log's user filter's script",
    "reporting:export_job": "an export's job page: reached by redirect when an export is ordered",
    "reporting:export_job_status_hx": "htmx fragment polled on an export's job page",
    "reporting:export_download": "an export's file, linked on its job page once the job is done",
    "iop:partnership_wizard_step": "the creation wizard's steps: reached by redirect from its start "
    "(iop:partnership_wizard, the 'Ny överenskommelse' button), then by its own Nästa/Tillbaka",
}

# Pages a role's access declaration admits but whose selector shows that role nothing to link to.
ROLE_EXCEPTIONS: dict[str, dict[str, str]] = {
    actor: {
        "participants:detail": "declared for every role, but this role sees no person (aggregates only)",
        "participants:placement_detail": "declared for every role, but this role sees no person (aggregates only)",
    }
    for actor in ("styrgrupp", "ekonomi", "attestant")
}
# A programme's team staff see their programme's pages only: the world's partnership has them as no party,
# and a participant outside their team's enrolments is not theirs to see.
_OUTSIDE_THE_PROGRAMME = (
    "declared for every role, but the programme's team staff are party to no partnership of the world"
)
for _actor in ("processledare", "teammedlem"):
    ROLE_EXCEPTIONS[_actor] = {
        name: _OUTSIDE_THE_PROGRAMME
        for name in (
            "iop:partnership_detail",
            "iop:partnership_documents",
            "participants:detail",
            "participants:placement_detail",
            "reporting:partnership_results_hx",
        )
    }


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "form" and a.get("action"):
            self.targets.append(a["action"])
        if tag in ("button", "input") and a.get("formaction"):  # a button that submits its form elsewhere
            self.targets.append(a["formaction"])
        for attr in ("hx-get", "hx-post"):
            if a.get(attr):
                self.targets.append(a[attr])


def _patterns(patterns=None, ns=""):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                continue
            yield from _patterns(p.url_patterns, ns + (p.namespace + ":" if p.namespace else ""))
        elif isinstance(p, URLPattern) and p.name:
            yield ns + p.name, p.callback


def _allowed_names(role: str) -> set[str]:
    names = set()
    for name, callback in _patterns():
        roles = view_roles(callback)
        if roles is not None and role in roles:
            names.add(name)
        elif getattr(callback, "access_authenticated", False) or getattr(callback, "access_public", False):
            names.add(name)
    return names


def _name_of(url: str) -> str | None:
    try:
        match = resolve(url.split("?", 1)[0].split("#", 1)[0])
    except Resolver404:
        return None
    return match.view_name


def _is_download(url: str) -> bool:
    return bool(
        re.search(r"\.(xlsx|csv|pdf|xml|json)(\?|$)|/ladda-ned/|/export|/dokument/|/fil/|verifikation", url)
    )


def crawl(client) -> set[str]:
    """URL names linked (or targeted by a form or htmx) from pages reachable from the start page."""
    seen_urls: set[str] = set()
    fetched_per_name: dict[str, int] = {}
    reached: set[str] = {"home"}
    queue = deque(["/"])
    while queue and len(seen_urls) < MAX_PAGES:
        url = queue.popleft()
        if url in seen_urls:
            continue
        seen_urls.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        for target in parser.targets:
            if target.startswith("/") and (name := _name_of(target)):
                reached.add(name)
        for href in parser.links:
            if not href.startswith("/") or href.startswith("//") or href.startswith("/static/"):
                continue
            name = _name_of(href)
            if name is None or name.startswith("admin:"):
                continue
            reached.add(name)
            page = href.split("#", 1)[0]
            if _is_download(page) or page in seen_urls or name == "logout":
                continue
            if fetched_per_name.get(name, 0) >= PER_NAME:
                continue
            fetched_per_name[name] = fetched_per_name.get(name, 0) + 1
            queue.append(page)
    return reached


@pytest.mark.parametrize("actor", [a for a, role in ACTORS.items() if role is not None])
def test_every_page_of_the_role_is_linked_from_somewhere(client, world, actor):
    role = str(ACTORS[actor])
    client.force_login(world.users[actor])
    # A page that writes the access log first, so the coordinator's log has rows (and their links).
    client.get(reverse("participants:detail", kwargs={"pk": world.participant.pk}))
    reached = crawl(client)
    missing = sorted(_allowed_names(role) - reached - set(EXCEPTIONS) - set(ROLE_EXCEPTIONS.get(actor, {})))
    assert not missing, f"{actor}: reachable only by typing the URL: {missing}"


def test_the_exceptions_name_real_url_patterns():
    names = {name for name, _ in _patterns()}
    assert set(EXCEPTIONS) <= names, set(EXCEPTIONS) - names
