"""Forms of the reporting app."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from iop import text_limits
from iop.periods import (
    fixed_window,
    half_window,
    month_window,
    quarter_window,
    year_window,
)
from iop.permissions import is_coordinator
from iop.selectors import partnerships_visible_to
from reporting.builders import REPORT_BUILDERS, REPORT_NEEDS
from reporting.models import ReportKind
from reporting.services import normalise_params


def _year_field() -> forms.IntegerField:
    return forms.IntegerField(label=_("År"), required=False, min_value=2000, max_value=2100)


def _quarter_field(*, none: Any) -> forms.TypedChoiceField:
    """A quarter 1–4 of the year, or none (`none` is its label, a plain or a lazily translated string)."""
    return forms.TypedChoiceField(
        label=_("Kvartal"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", none), (1, "1"), (2, "2"), (3, "3"), (4, "4")],
    )


class ReportRequestForm(text_limits.Form):
    """Order a report: kind and the parameters it needs."""

    kind = forms.ChoiceField(label=_("Rapport"))
    partnership: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Partnerskap"), queryset=None, required=False
    )
    year = _year_field()
    quarter = _quarter_field(none="–")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["kind"].choices = [(k, label) for k, label in ReportKind.choices if k in REPORT_BUILDERS]
        self.fields["partnership"].queryset = partnerships_visible_to(user).order_by("case_number")
        # The last complete year: the current one has no final figures yet.
        self.fields["year"].initial = timezone.localdate().year - 1
        self.fields["kind"].widget.attrs["data-report-kind"] = ""
        self.needs = {kind: sorted(REPORT_NEEDS[kind]) for kind, _label in self.fields["kind"].choices}

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


class PeriodFilterForm(text_limits.Form):
    """The dashboards' period (GET): an agreement year, or a half-year, quarter or month of it; with
    `free_periods` (coordinators) also a custom period. Everyone else gets only the reporting calendar's
    fixed periods (`iop.periods`): a free window could be moved a day at a time to difference
    one person out of two published tables."""

    year = _year_field()
    quarter = _quarter_field(none=_("Hela året"))
    half = forms.TypedChoiceField(
        label=_("Halvår"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "–"), (1, "1"), (2, "2")],
    )
    month = forms.TypedChoiceField(
        label=_("Månad"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "–"), *MONTHS.items()],
    )
    start = forms.DateField(
        label=_("Egen period från"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(label=_("till"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    MAX_DAYS = 3 * 366
    FREE_PARAMS = ("start", "end", "fran", "till")

    def __init__(self, *args, default_year: int, free_periods: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_year = default_year
        self.free_periods = free_periods
        self.fields["year"].widget.attrs["placeholder"] = str(default_year)
        if not free_periods:
            del self.fields["start"]
            del self.fields["end"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if not self.free_periods and any(self.data.get(name) for name in self.FREE_PARAMS):
            raise ValidationError(
                _(
                    "En egen period kan bara väljas av IOP-samordnare. Välj ett år, ett halvår, ett kvartal "
                    "eller en månad."
                )
            )
        start, end = data.get("start"), data.get("end")
        if start or end:
            if not (start and end):
                raise ValidationError(_("Ange både start- och slutdatum för en egen period."))
            if end < start:
                self.add_error("end", _("Slutdatum kan inte ligga före startdatum."))
                return data
            if (end - start).days >= self.MAX_DAYS:
                self.add_error("end", _("En period kan vara högst tre år."))
                return data
            data["period"] = (start, end)
            data["window"] = fixed_window(start, end)
            return data
        year = data.get("year") or self.default_year
        parts = [name for name in ("quarter", "half", "month") if data.get(name)]
        if len(parts) > 1:
            raise ValidationError(_("Välj kvartal, halvår eller månad, inte flera av dem."))
        data["year"] = year
        if data.get("quarter"):
            window = quarter_window(year, data["quarter"])
        elif data.get("half"):
            window = half_window(year, data["half"])
        elif data.get("month"):
            window = month_window(year, data["month"])
        else:
            window = year_window(year)
        data["window"] = window
        data["period"] = (window.start, window.end)
        return data


class NarrativeForm(text_limits.Form):
    """The annual report's narrative sections (a few HTML tags allowed, sanitised when saved)."""

    MAX_LENGTH = 20000  # longer than other free text: a page or two of the annual report

    activity = forms.CharField(
        label=_("Verksamhetsbeskrivning"),
        required=False,
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    analysis = forms.CharField(
        label=_("Analys"), required=False, max_length=MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 8})
    )
    assessment = forms.CharField(
        label=_("Förvaltningens bedömning"),
        required=False,
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, editable: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        for name, f in self.fields.items():
            f.help_text = _("Tillåtna taggar: p, strong, em, ul, ol, li, br, h3.")
            if name not in editable:
                f.disabled = True


class OverviewIntroductionForm(text_limits.Form):
    """The introduction of a year's overview of all partnerships (plain text, paragraphs by blank lines)."""

    MAX_LENGTH = 20000

    text = forms.CharField(
        label=_("Inledning"),
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=_("Rättsläget, vad ett IOP är och Forums kriterier. Stycken skiljs åt med en tom rad."),
        error_messages={"required": _("Skriv inledningen.")},
    )
