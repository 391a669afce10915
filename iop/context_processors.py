"""Template context shared by every page: the navigation for the user's roles, the session timeout."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from iop.permissions import roles_of
from iop.roles import Role
from iop.security import session_seconds_left

# (label, url name, roles that see it). Entries whose URL does not exist yet are skipped.
NAV_ITEMS = [
    ("Start", "home", None),
    ("Partnerskap", "iop:partnership_list", None),
    ("Mina deltagare", "followup:my_participants", {Role.HANDLEDARE}),
    ("Deltagare", "participants:list", {Role.AMS, Role.HANDLEDARE, Role.SAMORDNARE}),
    ("Program", "programmes:index", {Role.PROCESSLEDARE, Role.TEAMMEDLEM, Role.SAMORDNARE}),
    ("Rapporter", "reporting:index", {Role.STYRGRUPP, Role.SAMORDNARE, Role.HANDLEDARE, Role.EKONOMI}),
    ("Fakturor", "invoicing:list", {Role.EKONOMI, Role.ATTESTANT, Role.SAMORDNARE}),
    ("Åtkomstlogg", "participants:access_log", {Role.SAMORDNARE}),
]


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    roles = roles_of(user)
    items = []
    for label, name, allowed in NAV_ITEMS:
        if allowed is not None and not (roles & {str(r) for r in allowed}):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"label": _(label), "url": url, "active": request.path.startswith(url) and url != "/"})
    if not roles:
        items = []
    return {"nav_items": items, "user_roles": sorted(roles)}


def session_timeout(request: HttpRequest) -> dict:
    """What the timeout warning (static/js/session-timeout.js) needs on a logged-in user's page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "session_seconds": session_seconds_left(request),
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
        "session_max_hours": settings.SESSION_MAX_AGE_SECONDS // 3600,
    }
