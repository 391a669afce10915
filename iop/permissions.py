"""Who may use which view: the one place where access rules are declared and enforced.

Every view declares its roles with `@allow(...)` (or `@public` for the login page). The
`AccessPolicyMiddleware` denies by default: a view without a declaration answers 403 to everyone,
anonymous users are sent to the login page, and a user without one of the view's roles gets 403.
Object-level scoping (which partnership, which participant) is done by selectors on top of this.
Superusers get no extra rights in the product's pages; they use Django's admin.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from iop.roles import ALL_ROLES, Role

ANY_ROLE = ALL_ROLES
COORDINATOR = frozenset({Role.SAMORDNARE})
# Staff of a multi-agency programme's teams: they see the enrolments of their own team(s) only.
PROGRAMME_STAFF = frozenset({Role.PROCESSLEDARE, Role.TEAMMEDLEM})
# Who may enrol, change team or process leader and move a participant to the next phase.
PROGRAMME_WRITERS = frozenset({Role.PROCESSLEDARE, Role.SAMORDNARE})
# Who may register a participant's activities and their follow-up talks: every member of the team as well.
PROGRAMME_TEAM_WRITERS = PROGRAMME_WRITERS | PROGRAMME_STAFF
# Who may export personal data about participants into a file that leaves the product (the access log's
# export, the SCB/ESF participant export): the IOP coordinator only. Every such export is access-logged.
PERSONAL_DATA_EXPORTERS = COORDINATOR

_PUBLIC_ATTR = "access_public"
_ROLES_ATTR = "access_roles"
_AUTHENTICATED_ATTR = "access_authenticated"
# Django's own apps that carry their own checks.
_SELF_GUARDED_NAMESPACES = {"admin"}


def allow(*roles: str | Iterable[str]) -> Callable:
    """Declare the roles that may use a view. Accepts role names or sets of them."""
    allowed: set[str] = set()
    for role in roles:
        if isinstance(role, str):
            allowed.add(str(role))
        else:
            allowed.update(str(r) for r in role)
    unknown = allowed - ALL_ROLES
    if unknown:
        raise ValueError(f"Unknown roles: {sorted(unknown)}")

    def decorator(view: Callable) -> Callable:
        setattr(view, _ROLES_ATTR, frozenset(allowed))
        return view

    return decorator


def authenticated(view: Callable) -> Callable:
    """Mark a view as usable by every logged-in user, with or without a role (logout, password)."""
    setattr(view, _AUTHENTICATED_ATTR, True)
    return view


def public(view: Callable) -> Callable:
    """Mark a view as reachable without login (login page, health check)."""
    setattr(view, _PUBLIC_ATTR, True)
    return view


def roles_of(user: Any) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    return user.role_names


def has_role(user: Any, *roles: str) -> bool:
    return bool(roles_of(user) & {str(r) for r in roles})


def is_coordinator(user: Any) -> bool:
    return has_role(user, Role.SAMORDNARE)


def view_roles(view: Callable) -> frozenset[str] | None:
    return getattr(view, _ROLES_ATTR, None)


def may_open(user: Any, url: str) -> bool:
    """Whether the user's roles pass the access declaration of the view behind `url` (for links: a page
    offers a link only to a page its reader may open; objects are still scoped by the target page)."""
    from django.urls import Resolver404, resolve

    try:
        func = resolve(url.split("?", 1)[0]).func
    except Resolver404:
        return False
    if getattr(func, _PUBLIC_ATTR, False):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(func, _AUTHENTICATED_ATTR, False):
        return True
    return bool(roles_of(user) & (view_roles(func) or frozenset()))


class AccessPolicyMiddleware:
    """Enforce the declared access rule of every view; deny by default."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable, view_args: Any, view_kwargs: Any):
        if getattr(view_func, _PUBLIC_ATTR, False):
            return None
        if request.path.startswith(settings.STATIC_URL):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        match = request.resolver_match
        if match is not None and set(match.namespaces) & _SELF_GUARDED_NAMESPACES:
            return None
        if getattr(view_func, _AUTHENTICATED_ATTR, False):
            return None
        allowed = view_roles(view_func)
        if not allowed or not (roles_of(request.user) & allowed):
            raise PermissionDenied
        return None
