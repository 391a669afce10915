"""The window of the occupancy page and which placements it lists."""

from django import forms
from django.utils.translation import gettext_lazy as _

from iop import text_limits
from participants.forms.fields import DateInput

ENDING = "avslut"


class OccupancyPeriodForm(text_limits.Form):
    """The window shown on the occupancy page (GET), and the list below it: the placements in the
    window, or only those ending within the coming weeks (`visa=avslut`)."""

    start = forms.DateField(label=_("Från"), required=False, widget=DateInput())
    months = forms.IntegerField(label=_("Antal månader"), required=False, min_value=1, max_value=12)
    visa = forms.ChoiceField(
        label=_("Visa"),
        required=False,
        choices=[("", _("Alla placeringar under perioden")), (ENDING, _("Slutar inom 8 veckor"))],
    )
