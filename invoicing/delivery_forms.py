"""Forms of what the partner delivers: a yearly document, the due day, a notice of economic change and
its acknowledgement. Files are checked by the service (iop.uploads), so a bad file is shown at its field."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from iop import text_limits
from iop.forms import formfield
from iop.models import Amendment, Partnership

from .models import EconomicChangeNotice, PartnerDocumentDeadline, PartnerDocumentKind


class PartnerDocumentUploadForm(text_limits.Form):
    kind = forms.ModelChoiceField(
        label=_("Handling"), queryset=PartnerDocumentKind.objects.all(), empty_label=None
    )
    year = forms.TypedChoiceField(label=_("Räkenskapsår"), coerce=int)
    file = forms.FileField(label=_("Fil (PDF eller Word)"))

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = [
            (y, str(y)) for y in sorted(years, reverse=True)
        ]
        self.fields["file"].widget.attrs["accept"] = (
            "application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )


class PartnerDocumentDeadlineForm(text_limits.ModelForm):
    class Meta:
        model = PartnerDocumentDeadline
        fields = ["due_month", "due_day"]


class EconomicChangeNoticeForm(text_limits.ModelForm):
    formfield_callback = formfield

    class Meta:
        model = EconomicChangeNotice
        fields = ["description", "amount", "effective_from"]


class EconomicChangeAcknowledgeForm(text_limits.Form):
    comment = forms.CharField(
        label=_("Kommentar"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    amendment = forms.ModelChoiceField(
        label=_("Ledde till ändring"), queryset=Amendment.objects.none(), required=False
    )

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["amendment"]).queryset = Amendment.objects.filter(
            partnership=partnership
        )
