"""Forms of placements (arbetsträningsplatser): start, edit, extension, end, pauses, working-time steps
and the individual plan."""

from typing import TYPE_CHECKING, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iop import text_limits
from iop.models import PartnershipParty, StaffMember, User, WorkArea
from iop.user_lookup import UserLookupField, UserLookupInput
from participants.models import EndReason, Pause, Placement

if TYPE_CHECKING:
    pass
from participants.forms.fields import NO_HEALTH_IN_FREE_TEXT, date_field

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
    start_date = date_field(_("Startdatum"))
    planned_end_date = date_field(
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


def extension_approvers(partnership, *, side: str) -> QuerySet[User]:
    """Who may be named as approving an extension for one side (`city` or `partner`): the active users
    of the partnership's parties of that side."""
    parties = partnership.parties.all()
    city = PartnershipParty.Role.CITY
    orgs = [p.organisation_id for p in parties if (p.role == city) == (side == "city")]
    return User.objects.filter(is_active=True, organisation_id__in=orgs).order_by("first_name", "last_name")


def _pk(value):
    return getattr(value, "pk", value)


class PlacementExtendForm(text_limits.Form):
    new_end_date = date_field(_("Nytt planerat slutdatum"))
    decided_on = date_field(_("Beslutsdatum"))
    # Typed with suggestions (iop.user_lookup): the city's party is the whole administration, far too
    # many users for a dropdown. The lookup's address names the placement; __init__ sets it.
    approved_by_city_user = UserLookupField(
        label=_("Godkänt av staden (användare)"), url_name="participants:approver_lookup", required=False
    )
    approved_by_city_name = forms.CharField(label=_("… eller namn"), max_length=200, required=False)
    approved_by_partner_user = UserLookupField(
        label=_("Godkänt av idéburen part (användare)"),
        url_name="participants:approver_lookup",
        required=False,
    )
    approved_by_partner_name = forms.CharField(label=_("… eller namn"), max_length=200, required=False)
    participant_consulted = forms.BooleanField(
        label=_("Deltagaren har varit delaktig i beslutet"), required=False
    )
    reason = forms.CharField(
        label=_("Skäl"), widget=forms.Textarea(attrs={"rows": 3}), help_text=NO_HEALTH_IN_FREE_TEXT
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, placement: Placement, **kwargs):
        super().__init__(*args, **kwargs)
        for name, side in (("approved_by_city_user", "city"), ("approved_by_partner_user", "partner")):
            field = cast(UserLookupField, self.fields[name])
            field.queryset = extension_approvers(placement.partnership, side=side)
            cast(UserLookupInput, field.widget).url_kwargs = {"pk": placement.pk, "side": side}
        self.fields["decided_on"].initial = timezone.localdate()


class PauseForm(text_limits.Form):
    start_date = date_field(_("Från"))
    end_date = date_field(_("Till"), required=False, help_text=_("Lämna tomt om uppehållet pågår."))
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
    end_date = date_field(_("Sista dag för uppehållet"))


class WorkingTimeStepForm(text_limits.Form):
    from_date = date_field(_("Från och med"))
    percent = forms.IntegerField(label=_("Sysselsättningsgrad (% av heltid)"), min_value=1, max_value=100)
    note = forms.CharField(
        label=_("Kommentar"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=NO_HEALTH_IN_FREE_TEXT,
    )


class PlanForm(text_limits.Form):
    agreed_on = date_field(_("Överenskommen"))
    goals = forms.CharField(
        label=_("Mål för arbetsträningen"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=NO_HEALTH_IN_FREE_TEXT,
    )


class PlacementEndForm(text_limits.Form):
    end_date = date_field(_("Slutdatum"))
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
