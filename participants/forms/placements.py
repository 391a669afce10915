"""Forms of the participant pages. They validate input; the services enforce the rules."""

import uuid
from typing import TYPE_CHECKING, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iop import text_limits
from iop.models import Partnership, PartnershipParty, StaffMember, User, WorkArea
from iop.roles import Role
from iop.uploads import validate_upload
from participants.models import EndReason, Pause, Referral
from participants.models.choices import EducationLevel, Gender, SupportKind, SwedishLevel

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

NO_HEALTH_IN_FREE_TEXT = _("Skriv inga uppgifter om hälsa i fritext.")
# A consent scan is a signed form: PDF or an image.
CONSENT_SCAN_TYPES = ("pdf", "jpeg", "png")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date(label, *, required: bool = True, help_text: "StrOrPromise" = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), help_text=help_text)


class NoEchoTextInput(forms.TextInput):
    """A text input that never writes the submitted value back into the page (personnummer search)."""

    def format_value(self, value):
        return None


def case_officers() -> QuerySet[User]:
    return User.objects.filter(groups__name=Role.AMS, is_active=True).order_by("first_name", "last_name")


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
    partnership = forms.ModelChoiceField(
        label=_("Partnerskap"), queryset=Partnership.objects.none(), required=False, empty_label=_("Alla")
    )
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    case_officer = forms.ModelChoiceField(
        label=_("Handläggare"), queryset=User.objects.none(), required=False, empty_label=_("Alla")
    )
    work_area = forms.ModelChoiceField(
        label=_("Verksamhet"), queryset=WorkArea.objects.none(), required=False, empty_label=_("Alla")
    )

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships.order_by("case_number")
        self.fields["case_officer"].queryset = case_officers()
        self.fields["work_area"].queryset = (
            WorkArea.objects.filter(partnership__in=partnerships)
            .select_related("partnership")
            .order_by("partnership__case_number", "name")
        )
        self.fields["work_area"].label_from_instance = lambda w: f"{w.name} ({w.partnership.case_number})"

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


CHOOSE = _("– Välj –")
MUST_ANSWER = _("Välj ett alternativ. Vet du inte, välj »Uppgift saknas« eller »Okänd«.")


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
    case_officer = forms.ModelChoiceField(
        label=_("Ansvarig arbetsmarknadssekreterare"), queryset=User.objects.none()
    )
    protected_identity = forms.BooleanField(
        label=_("Skyddade personuppgifter"),
        required=False,
        help_text=_("Namn och personnummer visas då bara för ansvarig handläggare och samordnare."),
    )

    def __init__(self, *args, may_choose_case_officer: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if may_choose_case_officer:
            cast(forms.ModelChoiceField, self.fields["case_officer"]).queryset = case_officers()
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
    given_on = _date(_("Samtycke lämnat"))
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
    withdrawn_on = _date(_("Samtycket återkallat"))


# --- Referral ----------------------------------------------------------------------------------


class ReferralForm(text_limits.Form):
    partnership = forms.ModelChoiceField(label=_("Partnerskap"), queryset=Partnership.objects.none())
    referred_on = _date(_("Anvisningsdatum"))
    reason = forms.CharField(
        label=_("Skäl och mål"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=NO_HEALTH_IN_FREE_TEXT,
    )
    preferred_work_area = forms.ModelChoiceField(
        label=_("Önskad verksamhet"), queryset=WorkArea.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        active = Partnership.objects.filter(status=Partnership.Status.ACTIVE).order_by("case_number")
        self.fields["partnership"].queryset = active
        areas = WorkArea.objects.filter(partnership__in=active)
        chosen = self.data.get(self.add_prefix("partnership")) if self.is_bound else None
        if chosen and str(chosen).isdigit():
            # Only the chosen partnership's work areas are valid answers.
            areas = areas.filter(partnership_id=int(chosen))
        self.fields["preferred_work_area"].queryset = areas.select_related("partnership").order_by(
            "partnership__case_number", "name"
        )
        self.fields["preferred_work_area"].label_from_instance = lambda w: (
            f"{w.name} ({w.partnership.case_number})"
        )
        self.fields["preferred_work_area"].error_messages["invalid_choice"] = _(
            "Verksamheten hör inte till partnerskapet. Välj en av partnerskapets verksamheter."
        )
        self.fields["referred_on"].initial = today

    def clean(self):
        data = super().clean()
        area, partnership = data.get("preferred_work_area"), data.get("partnership")
        if area and partnership and area.partnership_id != partnership.pk:
            self.add_error("preferred_work_area", _("Verksamheten hör inte till partnerskapet."))
        return data


class ReferralStatusForm(text_limits.Form):
    """Confirmation of one status change; asks for what that status needs."""

    on = _date(_("Datum för ändringen"))
    study_visit_on = _date(_("Datum för studiebesöket"), required=False)
    reason = forms.CharField(
        label=_("Skäl"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=NO_HEALTH_IN_FREE_TEXT,
    )

    def __init__(self, *args, status: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.status = status
        self.fields["on"].initial = timezone.localdate()
        if status == Referral.Status.STUDY_VISIT_BOOKED:
            self.fields["study_visit_on"].required = True
        else:
            del self.fields["study_visit_on"]
        if status in Referral.CLOSED_WITH_REASON:
            self.fields["reason"].required = True
        else:
            del self.fields["reason"]


class QueueOverrideForm(text_limits.Form):
    position = forms.IntegerField(
        label=_("Manuell köplats"),
        min_value=1,
        required=False,
        help_text=_("Lägre värde går före. Lämna tomt för att återgå till ordning efter anvisningsdatum."),
    )
    reason = forms.CharField(
        label=_("Skäl till ändrad köordning"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("position") is not None and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Ange skälet till att köordningen ändras."))
        return data


# --- Placement ---------------------------------------------------------------------------------


def _supervisors(partnership) -> QuerySet[User]:
    return (
        User.objects.filter(
            staff_roles__partnership=partnership,
            staff_roles__role=StaffMember.Role.SUPERVISOR,
            staff_roles__active=True,
            is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


def _check_undertaking(form: forms.Form, partnership) -> None:
    """A supervisor must have signed the confidentiality undertaking (tystnadsplikt) for the partnership
    before being assigned: without it the supervisor may not see the participant at all."""
    supervisor = form.cleaned_data.get("supervisor")
    if supervisor is None:
        return
    today = timezone.localdate()
    signed = StaffMember.objects.filter(
        partnership=partnership,
        user=supervisor,
        active=True,
        confidentiality_signed_on__isnull=False,
        confidentiality_signed_on__lte=today,
    ).exists()
    if not signed:
        form.add_error(
            "supervisor",
            _(
                "%(name)s har ingen undertecknad förbindelse om tystnadsplikt för partnerskapet. "
                "Registrera datumet för underskriften under Personal på partnerskapets sida först."
            )
            % {"name": supervisor.get_full_name() or supervisor.username},
        )


class PlacementStartForm(text_limits.Form):
    work_area = forms.ModelChoiceField(label=_("Verksamhet"), queryset=WorkArea.objects.none())
    supervisor = forms.ModelChoiceField(label=_("Handledare"), queryset=User.objects.none())
    start_date = _date(_("Startdatum"))
    planned_end_date = _date(
        _("Planerat slutdatum"),
        required=False,
        help_text=_("Lämna tomt för start + partnerskapets längsta tid."),
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_area"].queryset = partnership.work_areas.order_by("name")
        self.fields["supervisor"].queryset = _supervisors(partnership)
        self.partnership = partnership

    def clean(self):
        data = super().clean()
        _check_undertaking(self, self.partnership)
        return data


class PlacementEditForm(text_limits.Form):
    """Edit where and with whom; `version` detects that someone else saved in between."""

    work_area = forms.ModelChoiceField(
        label=_("Verksamhet"), queryset=WorkArea.objects.none(), required=False
    )
    supervisor = forms.ModelChoiceField(label=_("Handledare"), queryset=User.objects.none(), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_area"].queryset = partnership.work_areas.order_by("name")
        self.fields["supervisor"].queryset = _supervisors(partnership)
        self.partnership = partnership
        self.initial_supervisor_id = (kwargs.get("initial") or {}).get("supervisor")

    def clean(self):
        data = super().clean()
        supervisor = data.get("supervisor")
        # Keeping the supervisor already assigned is not a new assignment (the reminder covers it).
        if supervisor is not None and getattr(supervisor, "pk", None) != _pk(self.initial_supervisor_id):
            _check_undertaking(self, self.partnership)
        return data


def _pk(value):
    return getattr(value, "pk", value)


class PlacementExtendForm(text_limits.Form):
    new_end_date = _date(_("Nytt planerat slutdatum"))
    decided_on = _date(_("Beslutsdatum"))
    approved_by_city_user = forms.ModelChoiceField(
        label=_("Godkänt av staden (användare)"), queryset=User.objects.none(), required=False
    )
    approved_by_city_name = forms.CharField(label=_("… eller namn"), max_length=200, required=False)
    approved_by_partner_user = forms.ModelChoiceField(
        label=_("Godkänt av idéburen part (användare)"), queryset=User.objects.none(), required=False
    )
    approved_by_partner_name = forms.CharField(label=_("… eller namn"), max_length=200, required=False)
    participant_consulted = forms.BooleanField(
        label=_("Deltagaren har varit delaktig i beslutet"), required=False
    )
    reason = forms.CharField(
        label=_("Skäl"), widget=forms.Textarea(attrs={"rows": 3}), help_text=NO_HEALTH_IN_FREE_TEXT
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        parties = partnership.parties.all()
        city_orgs = [p.organisation_id for p in parties if p.role == PartnershipParty.Role.CITY]
        partner_orgs = [p.organisation_id for p in parties if p.role != PartnershipParty.Role.CITY]
        active = User.objects.filter(is_active=True).order_by("first_name", "last_name")
        self.fields["approved_by_city_user"].queryset = active.filter(organisation_id__in=city_orgs)
        self.fields["approved_by_partner_user"].queryset = active.filter(organisation_id__in=partner_orgs)
        self.fields["decided_on"].initial = timezone.localdate()


class PauseForm(text_limits.Form):
    start_date = _date(_("Från"))
    end_date = _date(_("Till"), required=False, help_text=_("Lämna tomt om uppehållet pågår."))
    category = forms.ChoiceField(label=_("Kategori"), choices=Pause.Category.choices)
    note = forms.CharField(
        label=_("Kommentar"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=NO_HEALTH_IN_FREE_TEXT,
    )

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("Uppehållets slut kan inte ligga före dess start."))
        return data


class PauseEndForm(text_limits.Form):
    end_date = _date(_("Sista dag för uppehållet"))


class WorkingTimeStepForm(text_limits.Form):
    from_date = _date(_("Från och med"))
    percent = forms.IntegerField(label=_("Sysselsättningsgrad (% av heltid)"), min_value=1, max_value=100)
    note = forms.CharField(
        label=_("Kommentar"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=NO_HEALTH_IN_FREE_TEXT,
    )


class PlanForm(text_limits.Form):
    agreed_on = _date(_("Överenskommen"))
    goals = forms.CharField(
        label=_("Mål för arbetsträningen"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=NO_HEALTH_IN_FREE_TEXT,
    )


class PlacementEndForm(text_limits.Form):
    end_date = _date(_("Slutdatum"))
    end_reason = forms.ModelChoiceField(label=_("Avslutsorsak"), queryset=EndReason.objects.none())
    note = forms.CharField(
        label=_("Kommentar"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=NO_HEALTH_IN_FREE_TEXT,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_reason"].queryset = EndReason.objects.filter(active=True)
