"""The access-log list's filters and the record of an access-log review (loggkontroll)."""

import datetime as dt
from typing import cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from iop import text_limits
from iop.dates import add_months
from iop.pagination import decode_cursor
from iop.user_lookup import UserLookupField
from participants.forms.fields import DateInput
from participants.models import AccessLog, AccessLogReview


def log_lookup_users():
    """Whom the access-log filter may name: every user (the log is read by coordinators only)."""
    return get_user_model().objects.all()


class AccessLogFilterForm(text_limits.Form):
    """Filters of the access-log list. The participant is chosen by id (never by personnummer)."""

    participant = forms.IntegerField(label=_("Deltagare (id)"), required=False, min_value=1)
    user = UserLookupField(label=_("Användare"), url_name="participants:access_log_users", required=False)
    action = forms.ChoiceField(
        label=_("Åtgärd"), required=False, choices=[("", _("Alla"))] + list(AccessLog.Action.choices)
    )
    date_from = forms.DateField(label=_("Från"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Till"), required=False, widget=DateInput())
    # Keyset pagination (iop.pagination): the position of the last row seen, set by the page's links.
    efter = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    fore = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = log_lookup_users()

    def clean_efter(self):
        return decode_cursor(self.cleaned_data["efter"]) if self.cleaned_data["efter"] else None

    def clean_fore(self):
        return decode_cursor(self.cleaned_data["fore"]) if self.cleaned_data["fore"] else None

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("Slutdatum kan inte ligga före startdatum."))
        return data


class AccessLogExportForm(AccessLogFilterForm):
    """An export of the access log: the list's filters, a required period (one month unless chosen) and
    the format. The export runs as a job; the period keeps every export bounded."""

    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("csv", "CSV"), ("xlsx", "Excel")],
        initial="csv",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("date_from", "date_to"):
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = _("Ange ett datum: exporten gäller en period.")

    @staticmethod
    def default_period(today: dt.date) -> dict[str, dt.date]:
        """The period an export starts with: the month up to today."""
        return {"date_from": add_months(today, -1) + dt.timedelta(days=1), "date_to": today}


class AccessLogReviewForm(text_limits.ModelForm):
    """Recording a review of the access log (loggkontroll)."""

    reviewed_user = UserLookupField(
        label=_("Granskad användare"), url_name="participants:access_log_users", required=False
    )

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
        cast(UserLookupField, self.fields["reviewed_user"]).queryset = log_lookup_users()
