"""Forms of the participant pages: the list's filters and personnummer search, the participant's
registered data, and consents."""

import uuid
from typing import TYPE_CHECKING, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from iop import text_limits
from iop.models import Partnership, PartnershipParty, WorkArea
from iop.uploads import validate_upload
from iop.user_lookup import UserLookupField
from iop.widgets import QuickModelChoiceField
from participants.models.choices import EducationLevel, Gender, SupportKind, SwedishLevel

if TYPE_CHECKING:
    pass
from participants.forms.fields import (
    CHOOSE,
    CONSENT_SCAN_TYPES,
    MUST_ANSWER,
    NoEchoTextInput,
    case_officers,
    date_field,
)

# --- Participant list -----------------------------------------------------------------------


class ParticipantFilterForm(text_limits.Form):
    """GET filters of the participant list. Never a personnummer (it would end up in the URL)."""

    STATUS_CHOICES = [
        ("", _("Alla")),
        ("referred", _("Anvisad")),
        ("queued", _("I kö")),
        ("placed", _("Placerad")),
        ("ended", _("Avslutad")),
    ]

    q = forms.CharField(label=_("Namn eller pseudonym"), required=False, max_length=100)
    # Every visible partnership and work area is an option: they are rendered without a
    # template per option.
    partnership = QuickModelChoiceField(
        label=_("Partnerskap"),
        queryset=Partnership.objects.none(),
        required=False,
        empty_label=_("Alla"),
        label_fields=("case_number", "title"),
        label_of=lambda case_number, title: f"{case_number} {title}",  # as Partnership.__str__
    )
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    case_officer = UserLookupField(
        label=_("Handläggare"), url_name="participants:case_officer_lookup", required=False
    )
    work_area = QuickModelChoiceField(
        label=_("Verksamhet"),
        queryset=WorkArea.objects.none(),
        required=False,
        empty_label=_("Alla"),
        label_fields=("name", "partnership__case_number"),
        label_of=lambda name, case_number: f"{name} ({case_number})",
    )

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships.order_by("case_number")
        self.fields["case_officer"].queryset = case_officers()
        self.fields["work_area"].queryset = WorkArea.objects.filter(partnership__in=partnerships).order_by(
            "partnership__case_number", "name"
        )

    def clean_q(self) -> str:
        q = self.cleaned_data["q"].strip()
        if sum(ch.isdigit() for ch in q) >= 6:
            # A personnummer typed into the GET field would be kept in URLs, logs and browser history.
            raise ValidationError(_("Sök personnummer i fältet Personnummer nedan, inte här."))
        return q


class PnrSearchForm(text_limits.Form):
    """Personnummer search: sent with POST so the number never appears in a URL."""

    pnr = forms.CharField(
        label=_("Personnummer"),
        max_length=20,
        # Not marked required: a search box with a required asterisk reads as a form to fill in.
        # An empty search still gets a message at the field (clean_pnr).
        required=False,
        widget=NoEchoTextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        help_text=_("ÅÅMMDD-NNNN eller ÅÅÅÅMMDDNNNN, med eller utan bindestreck."),
    )

    def clean_pnr(self) -> str:
        pnr = self.cleaned_data["pnr"].strip()
        if not pnr:
            raise ValidationError(_("Skriv personnumret du söker."))
        return pnr


# --- Participant ---------------------------------------------------------------------------


class ParticipantForm(text_limits.Form):
    personal_identity_number = forms.CharField(
        label=_("Personnummer eller samordningsnummer"),
        max_length=20,
        help_text=_("ÅÅMMDD-NNNN, ÅÅÅÅMMDD-NNNN eller ÅÅÅÅMMDDNNNN; + för 100 år eller äldre."),
    )
    first_name = forms.CharField(label=_("Förnamn"), max_length=100)
    last_name = forms.CharField(label=_("Efternamn"), max_length=100)
    # Statistics fields start empty and must be answered: a preselected value was silently kept by
    # hurried users and skewed the figures the board sees. "Uppgift saknas" is an explicit answer.
    gender = forms.ChoiceField(
        label=_("Kön (för statistik)"),
        choices=[("", CHOOSE), *Gender.choices],
        error_messages={"required": MUST_ANSWER},
    )
    education_level = forms.ChoiceField(
        label=_("Utbildningsnivå"),
        choices=[("", CHOOSE), *EducationLevel.choices],
        error_messages={"required": MUST_ANSWER},
    )
    support_kind = forms.ChoiceField(
        label=_("Försörjning"),
        choices=[("", CHOOSE), *SupportKind.choices],
        error_messages={"required": MUST_ANSWER},
    )
    interpreter_needed = forms.BooleanField(label=_("Behöver tolk"), required=False)
    swedish_level = forms.ChoiceField(
        label=_("Svenskkunskaper"), choices=[("", _("Ej angivet")), *SwedishLevel.choices], required=False
    )
    # Typed with suggestions, not a dropdown of every case officer in the city (iop.user_lookup).
    case_officer = UserLookupField(
        label=_("Ansvarig arbetsmarknadssekreterare"), url_name="participants:case_officer_lookup"
    )
    protected_identity = forms.BooleanField(
        label=_("Skyddade personuppgifter"),
        required=False,
        help_text=_("Namn och personnummer visas då bara för ansvarig handläggare och samordnare."),
    )

    def __init__(self, *args, may_choose_case_officer: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if may_choose_case_officer:
            cast(UserLookupField, self.fields["case_officer"]).queryset = case_officers()
        else:
            # A case officer registers their own participants; only a coordinator reassigns them.
            del self.fields["case_officer"]


# --- Consent ---------------------------------------------------------------------------------


class ConsentForm(text_limits.Form):
    party = forms.ModelChoiceField(
        label=_("Uppgifter får delas med"),
        queryset=PartnershipParty.objects.none(),
        help_text=_("Partnerskap och organisation som samtycket gäller."),
    )
    given_on = date_field(_("Samtycke lämnat"))
    documentation_note = forms.CharField(
        label=_("Hur samtycket dokumenterats"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Till exempel: skriftligt vid möte. Skriv inga uppgifter om hälsa."),
    )
    document = forms.FileField(
        label=_("Inskannat samtycke (PDF, JPEG eller PNG)"),
        required=False,
        help_text=_("Frivilligt om dokumentationen beskrivs ovan."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = (
            PartnershipParty.objects.exclude(role=PartnershipParty.Role.CITY)
            .filter(partnership__status=Partnership.Status.ACTIVE)
            .select_related("partnership", "organisation")
            .order_by("partnership__case_number", "organisation__name")
        )
        self.fields["party"].label_from_instance = lambda p: (
            f"{p.partnership.case_number} {p.partnership.title} – {p.organisation.name}"
        )

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document:
            kind = validate_upload(document, allowed=CONSENT_SCAN_TYPES)
            # The stored name must not carry what the uploader typed (often the participant's name).
            document.name = f"{uuid.uuid4().hex}.{'jpg' if kind == 'jpeg' else kind}"
        return document

    def clean(self):
        data = super().clean()
        if not (data.get("documentation_note") or "").strip() and not data.get("document"):
            self.add_error(
                "documentation_note", _("Beskriv hur samtycket dokumenterats eller bifoga det inskannade.")
            )
        return data


class ConsentWithdrawForm(text_limits.Form):
    withdrawn_on = date_field(_("Samtycket återkallat"))
