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
        # One count per age band the goal names (optional; if given, every band, adding up to the value).
        self.age_fields: dict[str, str] = {}
        if goal.unit != Goal.Unit.PERCENT:
            initial = self.instance.by_age or {}
            for i, band in enumerate(goal.age_band_labels):
                name = f"age_{i}"
                self.fields[name] = forms.IntegerField(
                    label=_("%(band)s år") % {"band": band},
                    min_value=0,
                    required=False,
                    initial=initial.get(band),
                )
                self.age_fields[name] = band
            if self.age_fields:
                self.order_fields([*[f for f in self.fields if f != "comment"], "comment"])

    def clean(self):
        data = super().clean()
        if self.age_fields:
            given = {band: data.get(name) for name, band in self.age_fields.items()}
            if all(v is None for v in given.values()):
                data["by_age"] = {}
            elif any(v is None for v in given.values()):
                self.add_error(
                    next(iter(self.age_fields)), _("Ange antal för alla åldersgrupper eller ingen.")
                )
            else:
                data["by_age"] = given
        return data

    def _post_clean(self):
        # by_age is not a form field: the model's own check (it adds up to the value) needs it set.
        if "by_age" in self.cleaned_data:
            self.instance.by_age = self.cleaned_data["by_age"]
        super()._post_clean()

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict") and "by_age" in errors.error_dict:
            errors.error_dict[next(iter(self.age_fields), None) or "__all__"] = errors.error_dict.pop(
                "by_age"
            )
        super()._update_errors(errors)


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
