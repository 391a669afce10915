"""Forms of the reporting app."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iop.permissions import is_coordinator
from iop.selectors import partnerships_visible_to
from reporting.builders import REPORT_BUILDERS, REPORT_NEEDS
from reporting.models import ReportKind
from reporting.services import normalise_params


class ReportRequestForm(forms.Form):
    """Order a report: kind and the parameters it needs."""

    kind = forms.ChoiceField(label=_("Rapport"))
    partnership: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Partnerskap"), queryset=None, required=False
    )
    year = forms.IntegerField(label=_("År"), required=False, min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Kvartal"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "–"), (1, "1"), (2, "2"), (3, "3"), (4, "4")],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["kind"].choices = [(k, label) for k, label in ReportKind.choices if k in REPORT_BUILDERS]
        self.fields["partnership"].queryset = partnerships_visible_to(user).order_by("case_number")
        self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data
        if "partnership" not in REPORT_NEEDS[kind] and not is_coordinator(self.user):
            self.add_error("kind", _("Rapporter över alla partnerskap beställs av IOP-samordnare."))
            return data
        try:
            data["params"] = normalise_params(kind=kind, params=data)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        return data
