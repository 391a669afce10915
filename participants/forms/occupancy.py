"""The window of the occupancy page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from iop import text_limits
from participants.forms.fields import DateInput


class OccupancyPeriodForm(text_limits.Form):
    """The window shown on the occupancy page (GET)."""

    start = forms.DateField(label=_("Från"), required=False, widget=DateInput())
    months = forms.IntegerField(label=_("Antal månader"), required=False, min_value=1, max_value=12)
