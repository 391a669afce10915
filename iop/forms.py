"""Forms of the partnership registry."""

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Fel användarnamn eller lösenord. Observera att fälten skiljer på stora och små bokstäver."
        ),
        "inactive": _("Kontot är inaktiverat."),
    }
