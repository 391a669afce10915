"""Forms of the occupancy page, the spreadsheet import and the access-log review (loggkontroll)."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from iop import text_limits
from iop.selectors import partnerships_visible_to
from participants.models import AccessLog, AccessLogReview

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OccupancyPeriodForm(text_limits.Form):
    """The window shown on the occupancy page (GET)."""

    start = forms.DateField(label=_("Från"), required=False, widget=DATE_INPUT)
    months = forms.IntegerField(label=_("Antal månader"), required=False, min_value=1, max_value=12)


class ImportUploadForm(text_limits.Form):
    """Upload of a participant spreadsheet (.xlsx or .csv)."""

    file = forms.FileField(
        label=_("Fil (.xlsx eller .csv)"),
        help_text=_("Kolumnerna beskrivs i mallen. Inget importeras om någon rad har fel."),
    )
    partnership: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Partnerskap (om kolumnen saknas)"), queryset=None, required=False
    )
    dry_run = forms.BooleanField(label=_("Kontrollera bara (importera inte)"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships_visible_to(user).order_by("case_number")

    def clean_file(self):
        from participants.imports import check_upload

        upload = self.cleaned_data["file"]
        check_upload(upload, max_bytes=settings.UPLOAD_MAX_BYTES)
        return upload


class AccessLogFilterForm(text_limits.Form):
    """Filters of the access-log list. The participant is chosen by id (never by personnummer)."""

    participant = forms.IntegerField(label=_("Deltagare (id)"), required=False, min_value=1)
    user: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Användare"), queryset=None, required=False)
    action = forms.ChoiceField(
        label=_("Åtgärd"), required=False, choices=[("", _("Alla"))] + list(AccessLog.Action.choices)
    )
    date_from = forms.DateField(label=_("Från"), required=False, widget=DATE_INPUT)
    date_to = forms.DateField(label=_("Till"), required=False, widget=DATE_INPUT)

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
        widgets = {"period_start": DATE_INPUT, "period_end": DATE_INPUT}
        labels = {"reviewed_participant_ref": _("Granskad deltagare (id)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewed_user"].queryset = get_user_model().objects.order_by("username")
        self.fields["reviewed_user"].required = False
