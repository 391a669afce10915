"""Forms of the programme pages. Services validate the rules; the forms check the input's shape."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from iop.models import User
from iop.text_limits import Form
from participants.forms.fields import NoEchoTextInput, date_field
from participants.models import Situation, SupportKind
from participants.personnummer import normalise

from .models import (
    COMBINABLE_SUPPORT,
    Activity,
    EnrolmentExit,
    EsfCategory,
    Participation,
    ParticipationTalk,
    PhaseTalk,
    ProgrammeParty,
    ProgrammeStatus,
    Team,
)
from .models.esf import MAX_MONTHS_AT_AF

UNKNOWN_PARTICIPANT = _(
    "Ingen deltagare med det personnumret finns i registret. Registrera deltagaren först."
)


class LeaderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


def members_of(teams: QuerySet[Team]) -> QuerySet[User]:
    return (
        User.objects.filter(team_memberships__team__in=teams, is_active=True)
        .distinct()
        .order_by("first_name", "last_name")
    )


class EnrolForm(Form):
    personal_identity_number = forms.CharField(
        label=_("Deltagarens personnummer"),
        max_length=20,
        widget=NoEchoTextInput(attrs={"autocomplete": "off"}),
        help_text=_("ÅÅÅÅMMDD-NNNN. Deltagaren ska redan finnas i deltagarregistret."),
    )
    process_leader = LeaderChoiceField(label=_("Processledare"), queryset=User.objects.none())
    start_date = date_field(_("Inskriven från"))

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process_leader"].queryset = members_of(Team.objects.filter(pk=team.pk))

    def clean_personal_identity_number(self) -> str:
        return normalise(self.cleaned_data["personal_identity_number"])


class ReassignForm(Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none())
    process_leader = LeaderChoiceField(
        label=_("Processledare"),
        queryset=User.objects.none(),
        help_text=_("Processledaren ska vara medlem i det valda teamet."),
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["process_leader"].queryset = members_of(teams)


class _TalkForm(Form):
    """The date and notes of a talk that opens or closes a phase or an activity; the subclass adds `purpose`."""

    field_order = ["participation", "purpose", "held_on", "notes"]
    held_on = date_field(_("Datum"))
    notes = forms.CharField(
        label=_("Anteckningar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skriv inga diagnoser eller känsliga hälsouppgifter här."),
    )


class PhaseTalkForm(_TalkForm):
    purpose = forms.ChoiceField(label=_("Samtalet"), choices=PhaseTalk.Purpose.choices)


class PhaseAdvanceForm(Form):
    on = date_field(_("Datum för fasbytet"))


class ParticipationStartForm(Form):
    activity = forms.ModelChoiceField(label=_("Aktivitet"), queryset=Activity.objects.none())
    start_date = date_field(_("Från"))
    hours = forms.IntegerField(label=_("Timmar per vecka"), required=False, min_value=1, max_value=60)

    def __init__(self, *args, enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = Activity.objects.filter(
            partnership=enrolment.partnership_id
        ).order_by("name")


class _OngoingParticipationForm(Form):
    participation = forms.ModelChoiceField(label=_("Aktivitet"), queryset=Participation.objects.none())

    def __init__(self, *args, enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participation"].queryset = (
            Participation.objects.filter(enrolment=enrolment, end_date__isnull=True)
            .select_related("activity")
            .order_by("start_date", "pk")
        )


class ParticipationTalkForm(_OngoingParticipationForm, _TalkForm):
    purpose = forms.ChoiceField(label=_("Samtalet"), choices=ParticipationTalk.Purpose.choices)


class ParticipationEndForm(_OngoingParticipationForm):
    end_date = date_field(_("Till"))


class ExitForm(Form):
    on = date_field(_("Utskriven"))
    outcome = forms.ChoiceField(label=_("Utfall"), choices=EnrolmentExit.Outcome.choices)
    decision_date = date_field(
        _("Beslutsdatum"), required=False, help_text=_("Krävs när arbetet eller studierna är beslutade.")
    )
    starts_on = date_field(
        _("Startdatum"),
        required=False,
        help_text=_("Krävs när arbetet eller studierna är beslutade: inom 90 dagar efter utskrivningen."),
    )
    receiving_officer = forms.CharField(
        label=_("Mottagande handläggare"),
        required=False,
        max_length=200,
        help_text=_("Den som tar över deltagarens planering, med organisation."),
    )
    handover_note = forms.CharField(
        label=_("Överlämning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Planeringen som den mottagande handläggaren tar över. Inga känsliga hälsouppgifter."),
    )


class SituationForm(Form):
    moment = forms.ChoiceField(label=_("Tidpunkt"), choices=Situation.Moment.choices)
    recorded_on = date_field(_("Datum"), help_text=_("Uppföljningen görs sex månader efter utskrivningen."))
    support_kind = forms.ChoiceField(label=_("Försörjning"), choices=SupportKind.choices)
    occupation_percent = forms.IntegerField(
        label=_("Sysselsättning (% av heltid)"), min_value=0, max_value=100, initial=0
    )


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.organisation.name


class EsfEntryForm(Form):
    """The ESF participant data at entry; every field optional."""

    categories = forms.MultipleChoiceField(
        label=_("Deltagarkategorier (ESF)"),
        required=False,
        choices=EsfCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Välj bland ESF:s deltagarkategorier.")},
    )
    support_kinds = forms.MultipleChoiceField(
        label=_("Försörjning vid inskrivning"),
        required=False,
        choices=COMBINABLE_SUPPORT,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Välj alla former av försörjning som deltagaren har samtidigt."),
        error_messages={"invalid_choice": _("Välj bland försörjningsformerna.")},
    )
    programme_status = forms.ChoiceField(
        label=_("Programstatus vid inskrivning"),
        required=False,
        choices=[("", "–"), *ProgrammeStatus.choices],
        error_messages={"invalid_choice": _("Välj en av programstatusarna.")},
    )
    months_at_af = forms.IntegerField(
        label=_("Månader inskriven hos Arbetsförmedlingen"),
        required=False,
        min_value=0,
        max_value=MAX_MONTHS_AT_AF,
        error_messages={
            "invalid": _("Ange ett helt antal månader."),
            "min_value": _("Antalet månader kan inte vara negativt."),
            "max_value": _("Ange högst %(limit_value)s månader."),
        },
    )
    referring_party = PartyChoiceField(
        label=_("Anvisande part"),
        required=False,
        queryset=ProgrammeParty.objects.none(),
        error_messages={"invalid_choice": _("Välj en av programmets parter.")},
    )

    def __init__(self, *args, enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referring_party"].queryset = (
            ProgrammeParty.objects.filter(partnership=enrolment.partnership_id)
            .select_related("organisation")
            .order_by("organisation__name")
        )


class EsfExportForm(Form):
    start = date_field(_("Från"))
    end = date_field(_("Till"))
    file_format = forms.ChoiceField(
        label=_("Format"), choices=[("xlsx", "xlsx"), ("csv", "csv")], initial="xlsx"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("Slutdatum kan inte ligga före startdatum."))
        return data


class JointPlanForm(Form):
    decided_on = date_field(_("Upprättad"))
    parties = forms.ModelMultipleChoiceField(
        label=_("Parter som deltar"),
        queryset=ProgrammeParty.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    goal = forms.CharField(
        label=_("Mål"), max_length=300, help_text=_("T.ex. arbete inom lager, studier på komvux.")
    )
    activities = forms.ModelMultipleChoiceField(
        label=_("Aktiviteter i planen"),
        queryset=Activity.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(
        label=_("Insatser och ansvar"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = (
            ProgrammeParty.objects.filter(partnership=enrolment.partnership_id)
            .select_related("organisation")
            .order_by("organisation__name")
        )
        self.fields["activities"].queryset = Activity.objects.filter(
            partnership=enrolment.partnership_id
        ).order_by("name")
