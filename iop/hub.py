"""The partnership as a hub: one header and a row of tabs, each tab a page of its own.

The tabs are pages of several apps (participants, reporting, invoicing); this base app names them by URL
name only, so it imports none of them. A tab shows only when its reader's roles pass the page's access
declaration (`may_open`), and a partnership followed up only by reported figures (`reported_only`) has no
person-level tabs (Deltagare, Kö, Beläggning).
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from iop.permissions import may_open


@dataclass(frozen=True)
class Tab:
    key: str
    label: object  # lazy translation
    url_names: tuple[str, ...]  # the first one the reader may open is the tab's page
    query: bool = False  # the partnership goes in the query string (?partnership=pk), not the path
    person_level: bool = False  # hidden for partnerships followed up by reported figures only


TABS: tuple[Tab, ...] = (
    Tab("oversikt", _("Översikt"), ("iop:partnership_detail",)),
    Tab("deltagare", _("Deltagare"), ("participants:list",), query=True, person_level=True),
    Tab("ko", _("Kö"), ("participants:queue",), person_level=True),
    Tab("belaggning", _("Beläggning"), ("participants:occupancy",), person_level=True),
    Tab(
        "resultat",
        _("Uppföljning/resultat"),
        (
            "reporting:partnership_dashboard",
            "reporting:figure_list",
            "followup:partnership_progression",
            "iop:risk_list",
        ),
    ),
    Tab("fakturor", _("Fakturor"), ("invoicing:list",), query=True),
    Tab("rapporter", _("Rapporter"), ("reporting:partnership_reports",)),
    Tab("dokument", _("Dokument"), ("iop:partnership_documents",)),
    Tab("historik", _("Historik"), ("iop:partnership_history",)),
)
TAB_KEYS = frozenset(t.key for t in TABS)


@dataclass(frozen=True)
class TabLink:
    key: str
    label: object
    url: str
    current: bool


def tabs_for(user, partnership, current: str) -> list[TabLink]:
    """The tabs this reader may open for this partnership, in order. No database queries."""
    links = []
    for tab in TABS:
        if tab.person_level and partnership.reported_only:
            continue
        for name in tab.url_names:
            try:
                url = (
                    f"{reverse(name)}?{urlencode({'partnership': partnership.pk})}"
                    if tab.query
                    else reverse(name, args=[partnership.pk])
                )
            except NoReverseMatch:
                continue
            if may_open(user, url):
                links.append(TabLink(tab.key, tab.label, url, tab.key == current))
                break
    return links


# The pages under Uppföljning/resultat, as a second row of links on those pages.
RESULT_PAGES: tuple[tuple[str, object], ...] = (
    ("reporting:partnership_dashboard", _("Lägesbild")),
    ("reporting:figure_list", _("Rapporterade siffror")),
    ("followup:partnership_progression", _("Stegförflyttning")),
    ("iop:risk_list", _("Risker")),
)


# The pages under Dokument: the agreement's amendments and what the partner delivers (invoicing).
DOCUMENT_PAGES: tuple[tuple[str, object], ...] = (
    ("iop:partnership_documents", _("Ändringar")),
    ("invoicing:partner_deliveries", _("Från parten")),
)
# A tab with pages of its own: its key → (the pages, the label of their row of links).
SUBPAGES: dict[str, tuple[tuple[tuple[str, object], ...], object]] = {
    "resultat": (RESULT_PAGES, _("Uppföljning och resultat")),
    "dokument": (DOCUMENT_PAGES, _("Dokument")),
}


def result_pages_for(user, partnership, current_path: str, pages=RESULT_PAGES) -> list[TabLink]:
    links = []
    for name, label in pages:
        try:
            url = reverse(name, args=[partnership.pk])
        except NoReverseMatch:
            continue
        if may_open(user, url):
            links.append(TabLink(name, label, url, url == current_path))
    return links
