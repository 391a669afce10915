"""Forms of the security pages and the accessibility feedback form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from iop import text_limits
from iop.models import AccessibilityReport, SecurityPolicy


class TokenForm(text_limits.Form):
    """A six-digit code from the user's authenticator app."""

    otp_token = forms.RegexField(
        label=_("Engångskod"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        help_text=_("Sex siffror från din autentiseringsapp."),
        error_messages={
            "required": _("Skriv koden från din autentiseringsapp."),
            "invalid": _("Koden består av sex siffror, till exempel 123456."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_otp_token(self) -> str:
        return self.cleaned_data["otp_token"].strip()


class SecurityPolicyForm(text_limits.ModelForm):
    class Meta:
        model = SecurityPolicy
        fields = ["require_two_factor"]


class AccessibilityReportForm(text_limits.ModelForm):
    class Meta:
        model = AccessibilityReport
        fields = ["page", "description", "contact"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        error_messages = {"description": {"required": _("Beskriv problemet du stötte på.")}}


class TwoFactorResetForm(text_limits.Form):
    """The coordinator removes a user's authenticator app (lost or replaced phone)."""

    username = forms.CharField(
        label=_("Användarnamn"),
        max_length=150,
        error_messages={"required": _("Ange användarnamnet.")},
    )

    def clean_username(self) -> str:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        username = self.cleaned_data["username"].strip()
        if not TOTPDevice.objects.filter(user__username=username).exists():
            raise forms.ValidationError(_("Den användaren har ingen registrerad autentiseringsapp."))
        return username
