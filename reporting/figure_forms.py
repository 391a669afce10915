"""Forms of the reported-figure workflow."""

from django import forms
from django.utils.translation import gettext_lazy as _

from iop import text_limits
from iop.models import Goal
from reporting.reported_figures import GENDER_FIELDS, ReportedFigure


class FigureForm(text_limits.ModelForm):
    """A figure for one goal and period: a value (or numerator and denominator for a percent), the split
    by gender when the goal asks for it, and a comment. The model's `clean` checks they fit the goal."""

    class Meta:
        model = ReportedFigure
        fields = ["value", "numerator", "denominator", *GENDER_FIELDS, "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, goal: Goal, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.goal = goal
        if goal.unit == Goal.Unit.PERCENT:
            del self.fields["value"]
        else:
            del self.fields["numerator"], self.fields["denominator"]
            self.fields["value"].label = goal.quantity or goal.unit_label or _("Antal")
        if not goal.by_gender or goal.unit == Goal.Unit.PERCENT:
            for name in GENDER_FIELDS:
                del self.fields[name]


class ReviewForm(text_limits.Form):
    """The coordinator's decision on a submitted figure."""

    decision = forms.ChoiceField(
        label=_("Beslut"), choices=[("approve", _("Godkänn")), ("return", _("Skicka tillbaka"))]
    )
    return_comment = forms.CharField(
        label=_("Kommentar till partnern"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") == "return"
            and "return_comment" not in self.errors  # a too-long comment is not a missing one
            and not (data.get("return_comment") or "").strip()
        ):
            self.add_error("return_comment", _("Skriv vad partnern ska komplettera."))
        return data


class CorrectionForm(text_limits.Form):
    correction_reason = forms.CharField(
        label=_("Skäl till rättelsen"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
