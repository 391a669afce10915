"""Forms of the creation wizard for a new agreement (ny överenskommelse): parties, period and capacity,
budget and in-kind contributions, goals. Each step is validated when it is posted; nothing is written to
the database before the last step (iop.services.setup)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from iop import text_limits
from iop.forms import DateInput, formfield
from iop.models import Organisation, Partnership

CONVENER_CHOICES = [
    ("", _("– ingen angiven –")),
    ("city", _("Den kommunala parten")),
    ("partner", _("Den idéburna parten")),
]


class PartiesStepForm(text_limits.ModelForm):
    """Step 1: what the agreement is and who its parties and contact persons are."""

    city = forms.ModelChoiceField(
        label=_("Kommunal part"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.PUBLIC).order_by("name"),
        error_messages={"required": _("Välj den kommunala parten.")},
    )
    partner = forms.ModelChoiceField(
        label=_("Idéburen part"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.NON_PROFIT).order_by("name"),
        error_messages={"required": _("Välj den idéburna parten.")},
    )
    convening = forms.ChoiceField(
        label=_("Sammankallar styrgruppen"), choices=CONVENER_CHOICES, required=False
    )
    city_contact_name = forms.CharField(
        label=_("Kontaktperson hos den kommunala parten"), max_length=200, required=False
    )
    city_contact_title = forms.CharField(label=_("Befattning"), max_length=120, required=False)
    city_contact_email = forms.EmailField(label=_("E-post"), required=False)
    city_contact_phone = forms.CharField(label=_("Telefon"), max_length=40, required=False)
    partner_contact_name = forms.CharField(
        label=_("Kontaktperson hos den idéburna parten"), max_length=200, required=False
    )
    partner_contact_title = forms.CharField(label=_("Befattning"), max_length=120, required=False)
    partner_contact_email = forms.EmailField(label=_("E-post"), required=False)
    partner_contact_phone = forms.CharField(label=_("Telefon"), max_length=40, required=False)

    class Meta:
        model = Partnership
        fields = ["case_number", "title", "area", "target_group", "purpose"]
        formfield_callback = formfield

    def clean(self):
        data = super().clean()
        if data.get("city") and data.get("partner") and data["city"] == data["partner"]:
            self.add_error(
                "partner", _("Den idéburna parten kan inte vara samma organisation som den kommunala.")
            )
        for side in ("city", "partner"):
            named = bool((data.get(f"{side}_contact_name") or "").strip())
            other = any(data.get(f"{side}_contact_{f}") for f in ("title", "email", "phone"))
            if other and not named:
                self.add_error(f"{side}_contact_name", _("Ange kontaktpersonens namn."))
        return data


class PeriodStepForm(text_limits.ModelForm):
    """Step 2: the agreement period, the board's decision, capacity, invoicing and work areas."""

    start = forms.DateField(
        label=_("Avtalsperiod från"),
        widget=DateInput,
        error_messages={"required": _("Ange periodens första dag.")},
    )
    end = forms.DateField(
        label=_("Avtalsperiod till"),
        widget=DateInput,
        error_messages={"required": _("Ange periodens sista dag.")},
    )
    work_areas = forms.CharField(
        label=_("Verksamheter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("En verksamhet per rad. Beskrivning efter kolon, t.ex. ”REMAKE: Sy- och sömnad”."),
    )

    class Meta:
        model = Partnership
        fields = [
            "status",
            "board_decision_date",
            "legal_force_date",
            "extension_months",
            "extension_notice_months",
            "places_at_once",
            "places_per_year",
            "capacity_unit",
            "max_months",
            "reported_only",
            "invoicing_frequency",
            "invoicing_method",
            "steering_meetings_per_year",
        ]
        formfield_callback = formfield

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("Periodens slut kan inte ligga före dess start."))
        if data.get("start") and data.get("end") and (data["end"] - data["start"]).days > 366 * 10:
            self.add_error("end", _("En avtalsperiod kan vara högst tio år."))
        names = [n for n, _d in self.work_area_rows()]
        if len(set(n.lower() for n in names)) != len(names):
            self.add_error("work_areas", _("Samma verksamhet står två gånger."))
        if any(len(n) > 200 for n in names):
            self.add_error("work_areas", _("En verksamhets namn får vara högst 200 tecken."))
        return data

    def work_area_rows(self) -> list[tuple[str, str]]:
        rows = []
        for line in (self.cleaned_data.get("work_areas") or "").splitlines():
            name, _sep, description = line.partition(":")
            if name.strip():
                rows.append((name.strip(), description.strip()))
        return rows
