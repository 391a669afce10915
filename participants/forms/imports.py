"""The upload of the participant spreadsheet import."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from iop import text_limits
from iop.selectors import partnerships_visible_to


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
