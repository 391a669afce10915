"""Forms of the quarterly board report: the progress text, a deviation by hand, a measure, a measure done."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iop import text_limits
from reporting.deviations import PartnershipDeviations


class ProgressForm(text_limits.Form):
    """The progress text (lägesutveckling) of a partnership's quarter (a few HTML tags, sanitised)."""

    MAX_LENGTH = 10000

    text = forms.CharField(
        label=_("Lägesutveckling"),
        required=False,
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Hur arbetet gått under kvartalet: verksamheten, deltagarna, samverkan och det som behöver "
            "förändras. Tillåtna taggar: p, strong, em, ul, ol, li, br, h3."
        ),
    )


class ManualDeviationForm(text_limits.Form):
    """A deviation recorded by hand for one of the quarter's partnerships."""

    partnership = forms.TypedChoiceField(label=_("Partnerskap"), coerce=int)
    text = forms.CharField(label=_("Avvikelse"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, state: list[PartnershipDeviations], **kwargs):
        super().__init__(*args, **kwargs)
        self.by_pk = {s.partnership.pk: s.partnership for s in state}
        cast(forms.ChoiceField, self.fields["partnership"]).choices = [
            (s.partnership.pk, f"{s.partnership.case_number} {s.partnership.title}") for s in state
        ]


class MeasureForm(text_limits.Form):
    """A measure for one of the quarter's deviations: what, who owns it and by when."""

    deviation = forms.ChoiceField(label=_("Avvikelse"))
    text = forms.CharField(label=_("Åtgärd"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.CharField(label=_("Ansvarig"), max_length=200)
    due_on = forms.DateField(label=_("Klar senast"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, state: list[PartnershipDeviations], **kwargs):
        super().__init__(*args, **kwargs)
        # "partnership id:deviation code" → (partnership, the deviation's text)
        self.targets = {
            f"{s.partnership.pk}:{d['deviation'].code}": (s.partnership, d["deviation"].text)
            for s in state
            for d in s.deviations
        }
        cast(forms.ChoiceField, self.fields["deviation"]).choices = [
            (key, f"{p.case_number}: {text[:90]}") for key, (p, text) in self.targets.items()
        ]


class MeasureDoneForm(text_limits.Form):
    done_on = forms.DateField(label=_("Klar den"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_done_on(self):
        day = self.cleaned_data["done_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Datumet kan inte ligga i framtiden."))
        return day
