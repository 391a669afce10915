"""The access-log list's filters and the record of an access-log review (loggkontroll)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from iop import text_limits
from participants.forms.fields import DateInput
from participants.models import AccessLog, AccessLogReview


class AccessLogFilterForm(text_limits.Form):
    """Filters of the access-log list. The participant is chosen by id (never by personnummer)."""

    participant = forms.IntegerField(label=_("Deltagare (id)"), required=False, min_value=1)
    user: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Användare"), queryset=None, required=False)
    action = forms.ChoiceField(
        label=_("Åtgärd"), required=False, choices=[("", _("Alla"))] + list(AccessLog.Action.choices)
    )
    date_from = forms.DateField(label=_("Från"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Till"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.order_by("username")

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("Slutdatum kan inte ligga före startdatum."))
        return data


class AccessLogReviewForm(text_limits.ModelForm):
    """Recording a review of the access log (loggkontroll)."""

    class Meta:
        model = AccessLogReview
        fields = [
            "period_start",
            "period_end",
            "reviewed_user",
            "reviewed_participant_ref",
            "sample",
            "finding",
            "deviations_found",
        ]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}
        labels = {"reviewed_participant_ref": _("Granskad deltagare (id)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewed_user"].queryset = get_user_model().objects.order_by("username")
        self.fields["reviewed_user"].required = False
