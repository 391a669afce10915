"""Forms of the followup app: short, kind-specific, usable on a phone."""

from django import forms
from django.utils.translation import gettext_lazy as _

from followup.models import ExitFollowUp, SelfAssessmentInstrument, SelfAssessmentItem, Talk
from followup.models.talk import COMMON_FIELDS, EXIT_FIELDS, SUPERVISION_FIELDS
from iop import text_limits

BASE_TALK_FIELDS = list(COMMON_FIELDS)


def kind_fields(kind: str) -> list[str]:
    if kind == Talk.Kind.SUPERVISION_TALK:
        return list(SUPERVISION_FIELDS)
    if kind == Talk.Kind.EXIT_MEETING:
        return list(EXIT_FIELDS)
    return []


def default_presence(kind: str, *, by_supervisor: bool, by_case_officer: bool) -> dict[str, bool]:
    """Sensible defaults so the common case needs no taps: a supervision talk is participant +
    supervisor; meetings with the case officer have all three."""
    three = kind in (
        Talk.Kind.START_MEETING,
        Talk.Kind.FOLLOWUP_MEETING,
        Talk.Kind.EXIT_MEETING,
        Talk.Kind.STUDY_VISIT,
    )
    return {
        "participant_present": True,
        "supervisor_present": three or kind == Talk.Kind.SUPERVISION_TALK or by_supervisor,
        "case_officer_present": three or by_case_officer,
    }


class TalkForm(text_limits.ModelForm):
    """The talk form; `kind` decides which of the kind-specific fields are present."""

    held_at = forms.DateTimeField(
        label=_("Datum och tid"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    next_meeting_on = forms.DateField(
        label=_("Nästa möte"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = Talk
        fields = BASE_TALK_FIELDS + list(SUPERVISION_FIELDS) + list(EXIT_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 2}) for name in (*SUPERVISION_FIELDS, *EXIT_FIELDS)
        } | {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, kind: str, fields_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        keep = set(BASE_TALK_FIELDS) | set(kind_fields(kind))
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.fields["kind"].widget.attrs.update({"class": "form-select"})
        if fields_url:
            # htmx: changing the kind swaps only the kind-specific fields, no full page round trip.
            self.fields["kind"].widget.attrs.update(
                {"hx-get": fields_url, "hx-target": "#kind-fields", "hx-trigger": "change"}
            )

    def kind_specific(self):
        return [self[name] for name in self.fields if name in SUPERVISION_FIELDS or name in EXIT_FIELDS]

    def presence(self):
        return [self[name] for name in ("participant_present", "supervisor_present", "case_officer_present")]

    def clean(self):
        cleaned = super().clean()
        if (
            not any(
                cleaned.get(n) for n in ("participant_present", "supervisor_present", "case_officer_present")
            )
            and not (cleaned.get("others") or "").strip()
        ):
            self.add_error("participant_present", _("Ange vilka som deltog."))
        return cleaned


class SelfAssessmentForm(text_limits.Form):
    """One row per item with radio buttons on the instrument's scale (default 1–10)."""

    assessed_on = forms.DateField(
        label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, instrument: SelfAssessmentInstrument, items: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        choices = [(v, str(v)) for v in range(instrument.scale_min, instrument.scale_max + 1)]
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.TypedChoiceField(
                label=item.wording,
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Välj ett värde."),
                    "invalid_choice": _("Välj ett värde på skalan."),
                },
            )

    def item_fields(self):
        return [self[f"item_{item.pk}"] for item in self.items]

    def values(self) -> dict[int, int]:
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.items}


class ExitFollowUpForm(text_limits.ModelForm):
    followed_up_on = forms.DateField(
        label=_("Datum för uppföljningen"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    class Meta:
        model = ExitFollowUp
        fields = ["situation", "support_kind", "followed_up_on", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class DigestSettingsForm(text_limits.Form):
    email_digest = forms.BooleanField(
        label=_("Skicka en daglig sammanfattning av mina påminnelser per e-post"), required=False
    )


class InstrumentForm(text_limits.ModelForm):
    class Meta:
        model = SelfAssessmentInstrument
        fields = ["name", "scale_min", "scale_max"]


class InstrumentItemForm(text_limits.ModelForm):
    class Meta:
        model = SelfAssessmentItem
        fields = ["order", "code", "wording"]
        widgets = {"order": forms.NumberInput(attrs={"class": "fu-order"})}


InstrumentItemFormSet = forms.modelformset_factory(
    SelfAssessmentItem, form=InstrumentItemForm, extra=2, can_delete=True
)
