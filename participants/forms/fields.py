"""Widgets, field helpers and help texts shared by the participants app's forms."""

from typing import TYPE_CHECKING

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from iop.models import User
from iop.roles import Role

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

NO_HEALTH_IN_FREE_TEXT = _("Skriv inga uppgifter om hälsa i fritext.")
# A consent scan is a signed form: PDF or an image.
CONSENT_SCAN_TYPES = ("pdf", "jpeg", "png")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label, *, required: bool = True, help_text: "StrOrPromise" = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), help_text=help_text)


class NoEchoTextInput(forms.TextInput):
    """A text input that never writes the submitted value back into the page (personnummer search)."""

    def format_value(self, value):
        return None


def case_officers() -> QuerySet[User]:
    return User.objects.filter(groups__name=Role.AMS, is_active=True).order_by("first_name", "last_name")


CHOOSE = _("– Välj –")
MUST_ANSWER = _("Välj ett alternativ. Vet du inte, välj »Uppgift saknas« eller »Okänd«.")
