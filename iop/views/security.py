"""Security pages (two-factor set-up and verification, the coordinator's security settings and
lockouts) and the accessibility statement (tillgänglighetsredogörelse) with its feedback form."""

import base64
import binascii
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import default_key

from iop.http import AuthenticatedHttpRequest
from iop.models import AccessibilityReport, SecurityPolicy
from iop.permissions import COORDINATOR, allow, authenticated, public
from iop.security import (
    accessibility_report_create,
    client_ip,
    cooloff_minutes,
    current_lockouts,
    is_verified,
    lockout_reset,
    rate_limit_exceeded,
    security_policy_update,
    session_extend,
    two_factor_device_create,
    two_factor_exempt,
    two_factor_reset,
)
from iop.security_forms import AccessibilityReportForm, SecurityPolicyForm, TokenForm, TwoFactorResetForm

_SETUP_KEY_SESSION = "iop_2fa_setup_key"
STATEMENT_DATE = "2026-12-07"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return "/"


def _otpauth_uri(user, key_hex: str) -> tuple[str, str]:
    secret = base64.b32encode(binascii.unhexlify(key_hex)).decode().rstrip("=")
    issuer = settings.OTP_TOTP_ISSUER
    label = quote(f"{issuer}:{user.get_username()}")
    query = urlencode({"secret": secret, "issuer": issuer, "digits": 6, "period": 30})
    return secret, f"otpauth://totp/{label}?{query}"


@authenticated
@two_factor_exempt
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Register an authenticator app: show the secret, confirm with a first code."""
    if is_verified(request.user):
        return render(request, "iop/security_2fa_setup.html", {"done": True})
    if user_has_device(request.user, confirmed=True):
        return redirect(f"{reverse('security:two_factor_verify')}?{urlencode({'next': _next_url(request)})}")
    key = request.session.get(_SETUP_KEY_SESSION)
    if not key:
        key = request.session[_SETUP_KEY_SESSION] = default_key()
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            totp = TOTP(binascii.unhexlify(key))
            if totp.verify(int(form.cleaned_data["otp_token"]), tolerance=1):
                device = two_factor_device_create(user=request.user, key=key)
                otp_login(request, device)
                del request.session[_SETUP_KEY_SESSION]
                messages.success(request, _("Tvåfaktorsinloggning är nu aktiverad för ditt konto."))
                return HttpResponseRedirect(_next_url(request))
            form.add_error(
                "otp_token", _("Koden stämmer inte. Kontrollera att klockan i telefonen går rätt.")
            )
        status = 400
    secret, uri = _otpauth_uri(request.user, key)
    qr_svg = segno.make(uri, error="m").svg_data_uri(scale=4)
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    context = {"form": form, "secret_grouped": grouped, "uri": uri, "qr": qr_svg, "next": _next_url(request)}
    return render(request, "iop/security_2fa_setup.html", context, status=status)


@authenticated
@two_factor_exempt
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Second step of login: a code from the user's registered authenticator app."""
    if is_verified(request.user):
        return HttpResponseRedirect(_next_url(request))
    if not user_has_device(request.user, confirmed=True):
        return redirect(f"{reverse('security:two_factor_setup')}?{urlencode({'next': _next_url(request)})}")
    form = TokenForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            device = match_token(request.user, form.cleaned_data["otp_token"])
            if device is not None:
                otp_login(request, device)
                return HttpResponseRedirect(_next_url(request))
            form.add_error(
                "otp_token", _("Koden stämmer inte eller har gått ut. Vänta på en ny kod och försök igen.")
            )
        return render(
            request, "iop/security_2fa_verify.html", {"form": form, "next": _next_url(request)}, status=400
        )
    return render(request, "iop/security_2fa_verify.html", {"form": form, "next": _next_url(request)})


@allow(COORDINATOR)
@require_http_methods(["GET", "POST"])
def security_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The coordinator's page: require two-factor, see and lift lockouts."""
    form = SecurityPolicyForm(request.POST or None, instance=SecurityPolicy.current())
    status = 200
    if request.method == "POST":
        if form.is_valid():
            security_policy_update(
                require_two_factor=form.cleaned_data["require_two_factor"], by=request.user
            )
            messages.success(request, _("Säkerhetsinställningarna är sparade."))
            return redirect("security:settings")
        status = 400
    context = {
        "form": form,
        "reset_form": TwoFactorResetForm(),
        "lockouts": current_lockouts(),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": cooloff_minutes(),
    }
    return render(request, "iop/security_settings.html", context, status=status)


@allow(COORDINATOR)
@require_POST
def security_lockout_reset(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if lockout_reset(attempt_id=pk):
        messages.success(request, _("Spärren är hävd. Användaren kan logga in igen."))
    else:
        messages.info(request, _("Spärren fanns inte längre."))
    return redirect("security:settings")


@allow(COORDINATOR)
@require_POST
def security_two_factor_reset(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TwoFactorResetForm(request.POST)
    if form.is_valid():
        two_factor_reset(username=form.cleaned_data["username"])
        messages.success(
            request, _("Autentiseringsappen är borttagen. Användaren registrerar en ny vid nästa inloggning.")
        )
        return redirect("security:settings")
    context = {
        "form": SecurityPolicyForm(instance=SecurityPolicy.current()),
        "reset_form": form,
        "lockouts": current_lockouts(),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": cooloff_minutes(),
    }
    return render(request, "iop/security_settings.html", context, status=400)


@authenticated
@require_POST
def session_extend_view(request: AuthenticatedHttpRequest) -> JsonResponse:
    """ "Förläng sessionen", the button of the timeout warning: the session lasts the idle limit again
    (never beyond the absolute limit after login). Answers how many seconds it now lasts."""
    return JsonResponse({"seconds": session_extend(request)})


@public
@require_http_methods(["GET", "POST"])
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """Tillgänglighetsredogörelse, with a form to report a problem (public, no login)."""
    form = AccessibilityReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        # Public form without login: a limit per address keeps it from being used to fill the table.
        limited, retry_after = rate_limit_exceeded(
            scope="accessibility_report",
            key=client_ip(request) or "-",
            limit=settings.ACCESSIBILITY_REPORT_LIMIT,
            window_seconds=settings.ACCESSIBILITY_REPORT_WINDOW_SECONDS,
        )
        if limited:
            form.is_valid()  # shows what was written, unchanged
            form.add_error(
                None,
                _(
                    "Du har skickat många synpunkter på kort tid. Vänta en stund och försök igen, "
                    "eller skicka dem med e-post till iop@malmo.example."
                ),
            )
            context = {"form": form, "statement_date": STATEMENT_DATE}
            response = render(request, "iop/accessibility_statement.html", context, status=429)
            response["Retry-After"] = str(retry_after)
            return response
        if form.is_valid():
            accessibility_report_create(**form.cleaned_data)
            messages.success(request, _("Tack! Vi har tagit emot dina synpunkter."))
            return redirect("security:accessibility")
        status = 400
    context = {"form": form, "statement_date": STATEMENT_DATE}
    return render(request, "iop/accessibility_statement.html", context, status=status)


@allow(COORDINATOR)
def accessibility_reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    reports = AccessibilityReport.objects.order_by("-created_at")[:200]
    return render(request, "iop/accessibility_reports.html", {"reports": reports})
