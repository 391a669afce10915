"""Login security: lockout backend, absolute session lifetime, the optional two-factor step.

- Login throttling is django-axes (settings `AXES_*`); `LoginThrottlingBackend` is its lockout check.
- Sessions end after 30 minutes idle (Django's `SESSION_COOKIE_AGE`) and, whatever the activity,
  `SESSION_MAX_AGE_SECONDS` after login (`SessionLifetimeMiddleware`).
- Two-factor (tvåfaktorsautentisering) with TOTP apps (django-otp) is required when the coordinator
  has switched it on in the `SecurityPolicy` and the user holds a role that sees personal data.
  Whether a session needs the step is decided once, at login, and kept in the session: the policy
  is read at login and not on every request (no extra query per page).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q, Sum
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from iop.roles import Role

LOGIN_AT_SESSION_KEY = "iop_login_at"
TOUCHED_AT_SESSION_KEY = "iop_touched_at"
TWO_FACTOR_SESSION_KEY = "iop_2fa"
# Values of TWO_FACTOR_SESSION_KEY.
TWO_FACTOR_OFF, TWO_FACTOR_SETUP, TWO_FACTOR_VERIFY = "off", "setup", "verify"

# Roles that see personal data about participants.
PERSONAL_DATA_ROLES = frozenset({Role.AMS, Role.HANDLEDARE, Role.SAMORDNARE})

_EXEMPT_ATTR = "two_factor_exempt"


class LoginThrottlingBackend(AxesStandaloneBackend):
    """django-axes' lockout check, skipped for authentication without a request, plus a lockout of
    the address.

    Every login from the network (our login page, the admin's) passes the request; only code does
    not (the test client's `client.login()`, a shell), and axes cannot count attempts without one.

    Axes locks a username + address after `AXES_FAILURE_LIMIT` failures, so on its own one address
    could try four passwords against every username each cool-off period. An address with
    `AXES_ADDRESS_FAILURE_LIMIT` failures within the cool-off, whatever the usernames, is locked too.
    That limit is higher than the per-username one because an office behind one NAT address shares
    it: five colleagues' typos must not lock them all out.
    """

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        super().authenticate(request, *args, **kwargs)
        address = getattr(request, "axes_ip_address", None) or client_ip(request)
        if address_failures(address) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            from axes.exceptions import AxesBackendPermissionDenied

            # As axes does for its own lockout: the middleware answers with the lockout page, and a
            # failure during the lockout is not recorded (it would prolong it).
            request.axes_locked_out = True  # type: ignore[attr-defined]
            raise AxesBackendPermissionDenied("too many failed logins from this address")
        return None


def address_failures(ip_address: str | None) -> int:
    """Failed logins from one address within the cool-off period, summed over all usernames."""
    from axes.models import AccessAttempt

    if not ip_address:
        return 0
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    total = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return total or 0


def client_ip(request: HttpRequest) -> str | None:
    """The client's address for lockout: REMOTE_ADDR, or X-Forwarded-For behind trusted proxies."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")


# Browser features the product never uses, switched off for every page and file it serves (also for
# content an attacker might get into a page): camera, microphone, location, payment, USB and the like.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "web-share",
        "xr-spatial-tracking",
    )
)


class PermissionsPolicyMiddleware:
    """Add the `Permissions-Policy` header to every response (placed before WhiteNoise, so static
    files get it too)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class PasswordWithoutUsernameValidator:
    """Refuse a password that contains the username, forwards or backwards (`ams2ams2ams2` for user
    `ams2`): Django's similarity validator compares the whole strings, and a repeated username is
    only half similar to it. Usernames shorter than three characters are not checked."""

    def validate(self, password: str, user: Any = None) -> None:
        from django.core.exceptions import ValidationError

        username = (user.get_username() if user is not None else "") or ""
        username = username.casefold()
        if len(username) < 3:
            return
        folded = password.casefold()
        if username in folded or username[::-1] in folded:
            raise ValidationError(
                _("Lösenordet får inte innehålla ditt användarnamn."), code="password_contains_username"
            )

    def get_help_text(self) -> str:
        return str(_("Lösenordet får inte innehålla ditt användarnamn."))


def two_factor_exempt(view: Callable) -> Callable:
    """Mark a view as usable before the two-factor step (the step's own pages, logout)."""
    setattr(view, _EXEMPT_ATTR, True)
    return view


def is_verified(user: Any) -> bool:
    """Whether this session passed the second factor (set by django-otp's OTPMiddleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def two_factor_state(user: Any) -> str:
    """Whether the user must set up or verify a second factor at this login (one or two queries)."""
    from django_otp import user_has_device

    from iop.models import SecurityPolicy

    if not (user.role_names & PERSONAL_DATA_ROLES):
        return TWO_FACTOR_OFF
    if not SecurityPolicy.current().require_two_factor:
        return TWO_FACTOR_OFF
    return TWO_FACTOR_VERIFY if user_has_device(user, confirmed=True) else TWO_FACTOR_SETUP


@receiver(user_logged_in, dispatch_uid="iop_security_login")
def _remember_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    request.session[LOGIN_AT_SESSION_KEY] = timezone.now().timestamp()
    request.session[TWO_FACTOR_SESSION_KEY] = two_factor_state(user)


def session_seconds_left(request: HttpRequest) -> int:
    """How long the session lasts without further activity from now: the idle limit, or less when the
    absolute limit after login comes first. (The stored expiry may be up to a minute later, see
    SESSION_TOUCH_SECONDS; this is the promise the timeout warning can keep.)"""
    seconds = settings.SESSION_IDLE_SECONDS
    login_at = request.session.get(LOGIN_AT_SESSION_KEY)
    if login_at is not None:
        left = settings.SESSION_MAX_AGE_SECONDS - (timezone.now().timestamp() - float(login_at))
        seconds = min(seconds, int(left))
    return max(seconds, 0)


def session_extend(request: HttpRequest) -> int:
    """Push the session's idle expiry forward now (saved with a new expiry); the seconds it now lasts."""
    request.session[TOUCHED_AT_SESSION_KEY] = timezone.now().timestamp()
    return session_seconds_left(request)


class SessionLifetimeMiddleware:
    """Log out a session `SESSION_MAX_AGE_SECONDS` after login, however active it has been; keep an
    active session alive by saving it (a new expiry) at most every `SESSION_TOUCH_SECONDS`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = timezone.now().timestamp()
            login_at = request.session.get(LOGIN_AT_SESSION_KEY)
            if login_at is None:
                # A session from before this middleware: count from now.
                request.session[LOGIN_AT_SESSION_KEY] = now
            elif now - float(login_at) > settings.SESSION_MAX_AGE_SECONDS:
                logout(request)
                hours = settings.SESSION_MAX_AGE_SECONDS // 3600
                messages.info(
                    request,
                    _(
                        "Du har loggats ut eftersom du har varit inloggad i mer än %(hours)s timmar. "
                        "Logga in igen för att fortsätta."
                    )
                    % {"hours": hours},
                )
            else:
                touched_at = request.session.get(TOUCHED_AT_SESSION_KEY)
                if touched_at is None or now - float(touched_at) >= settings.SESSION_TOUCH_SECONDS:
                    request.session[TOUCHED_AT_SESSION_KEY] = now  # modified: saved with a new expiry
        return self.get_response(request)


class TwoFactorMiddleware:
    """Send users who must use a second factor to set it up or verify it before any other page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable, view_args: Any, view_kwargs: Any):
        if getattr(view_func, _EXEMPT_ATTR, False) or getattr(view_func, "access_public", False):
            return None
        if not request.user.is_authenticated:
            return None
        state = request.session.get(TWO_FACTOR_SESSION_KEY)
        if state is None:
            state = request.session[TWO_FACTOR_SESSION_KEY] = two_factor_state(request.user)
        if state == TWO_FACTOR_OFF or is_verified(request.user):
            return None
        target = "security:two_factor_setup" if state == TWO_FACTOR_SETUP else "security:two_factor_verify"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


def security_policy_update(*, require_two_factor: bool, by: Any) -> Any:
    """Change the security policy (säkerhetsinställningar); applies to logins from now on."""
    from iop.models import SecurityPolicy

    with transaction.atomic():
        policy = SecurityPolicy.current(for_update=True)
        policy.require_two_factor = require_two_factor
        policy.updated_by = by
        policy.full_clean()
        policy.save()
    return policy


def two_factor_device_create(*, user: Any, key: str) -> Any:
    """Register the user's confirmed authenticator app (TOTP device)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        device = TOTPDevice(user=user, name=str(_("Autentiseringsapp")), key=key, confirmed=True)
        device.full_clean()
        device.save()
    return device


def two_factor_reset(*, username: str) -> int:
    """Remove a user's authenticator apps (lost phone); they set up a new one at next login."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        deleted, _rows = TOTPDevice.objects.filter(user__username=username).delete()
    return deleted


def current_lockouts() -> list[Any]:
    """Login attempts that are locked out right now (for the coordinator's reset list)."""
    from axes.models import AccessAttempt

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    recent = AccessAttempt.objects.filter(attempt_time__gte=since)
    locked_addresses = (
        recent.values("ip_address")
        .annotate(total=Sum("failures_since_start"))
        .filter(total__gte=settings.AXES_ADDRESS_FAILURE_LIMIT)
        .values("ip_address")
    )
    return list(
        recent.filter(
            Q(failures_since_start__gte=settings.AXES_FAILURE_LIMIT) | Q(ip_address__in=locked_addresses)
        ).order_by("-attempt_time")[:200]
    )


def lockout_reset(*, attempt_id: int) -> bool:
    """Lift a lockout (the coordinator unlocks an account). Returns False if there was none.

    When the attempt's address is locked as a whole (`AXES_ADDRESS_FAILURE_LIMIT`), all attempts from
    that address are removed, or the address would stay locked."""
    from axes.models import AccessAttempt

    with transaction.atomic():
        attempt = AccessAttempt.objects.filter(pk=attempt_id).first()
        if attempt is None:
            return False
        if address_failures(attempt.ip_address) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            AccessAttempt.objects.filter(ip_address=attempt.ip_address).delete()
        else:
            attempt.delete()
    return True


def cooloff_minutes() -> int:
    cooloff: dt.timedelta = settings.AXES_COOLOFF_TIME
    return int(cooloff.total_seconds() // 60)


def rate_limit_exceeded(*, scope: str, key: str, limit: int, window_seconds: int) -> tuple[bool, int]:
    """Count one event for `key` (a client address) in the current fixed window of `scope`.

    Returns (whether this event is over the limit, seconds until the window ends). Kept in the cache
    (`CACHE_URL`: Redis in production, shared by all workers; per process with the default locmem).
    """
    now = time.time()
    window = int(now // window_seconds)
    cache_key = f"iop:rate:{scope}:{key}:{window}"
    cache.add(cache_key, 0, timeout=window_seconds + 60)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the key expired between add and incr
        cache.set(cache_key, 1, timeout=window_seconds + 60)
        count = 1
    return count > limit, int((window + 1) * window_seconds - now) + 1


def accessibility_report_create(*, page: str, description: str, contact: str) -> Any:
    """Store a reported accessibility problem (synpunkt på tillgängligheten)."""
    from iop.models import AccessibilityReport

    with transaction.atomic():
        report = AccessibilityReport(page=page, description=description, contact=contact)
        report.full_clean()
        report.save()
    return report


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """The page shown instead of the login form while a login is locked out (HTTP 429)."""
    from django.shortcuts import render

    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": cooloff_minutes()}
    return render(request, "iop/security_lockout.html", context, status=429)
