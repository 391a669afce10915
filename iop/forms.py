"""Forms of the iop app: login, and the partnership registry's create and edit pages; `apply_errors`
shows a service's ValidationError on any app's form."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from iop import text_limits
from iop.models import (
    ActionPoint,
    AgreementPeriod,
    Amendment,
    BudgetLine,
    ContactPerson,
    ForumCriterionAssessment,
    Goal,
    InKindContribution,
    Meeting,
    Organisation,
    OtherFunding,
    Partnership,
    PartnershipParty,
    StaffMember,
    SteeringGroupMember,
    User,
    WorkArea,
)
from iop.services.partnerships import PartySpec
from iop.user_lookup import UserLookupField, scope_lookup
from iop.validators import normalize_org_number


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Fel användarnamn eller lösenord. Observera att fälten skiljer på stora och små bokstäver."
        ),
        "inactive": _("Kontot är inaktiverat."),
    }


def apply_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: at the field when the form has it."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = name if name in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, exc)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def formfield(field: models.Field, **kwargs):
    """Date fields get the browser's date picker (value in ISO format, as the UI shows dates)."""
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        kwargs.setdefault("widget", DateInput)
    if isinstance(field, models.TextField):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
    return field.formfield(**kwargs)


def party_users(partnership: Partnership):
    """Users who belong to one of the partnership's parties (for staff, members, attendees)."""
    return (
        User.objects.filter(is_active=True, organisation__parties__partnership=partnership)
        .select_related("organisation")
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def nonprofit_users(partnership: Partnership):
    """Users of the partnership's non-city parties: the only people who can be its staff (personal)."""
    return (
        User.objects.filter(
            is_active=True,
            organisation__parties__partnership=partnership,
            organisation__parties__role__in=[PartnershipParty.Role.NON_PROFIT, PartnershipParty.Role.OTHER],
        )
        .select_related("organisation")
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class OrganisationForm(text_limits.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "org_number",
            "kind",
            "street_address",
            "postal_code",
            "city",
            "email",
            "phone",
            "bankgiro",
            "plusgiro",
            "iban",
            "vat_status",
            "vat_number",
            "peppol_id",
            "invoice_number_prefix",
        ]
        formfield_callback = formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and "org_number" in self.data:
            self.data = self.data.copy()
            self.data["org_number"] = normalize_org_number(self.data["org_number"])
        if self.is_bound and "vat_status" not in self.data:
            # Older clients (and the tests' minimal posts) leave it out: not registered.
            self.data = self.data.copy()
            self.data["vat_status"] = Organisation.VatStatus.NOT_REGISTERED
        if self.is_bound and self.data.get("vat_number"):
            self.data = self.data.copy()
            self.data["vat_number"] = "".join(self.data["vat_number"].split()).upper()


class PartnershipForm(text_limits.ModelForm):
    class Meta:
        model = Partnership
        fields = [
            "case_number",
            "title",
            "area",
            "status",
            "target_group",
            "purpose",
            "board_decision_date",
            "legal_force_date",
            "places_at_once",
            "places_per_year",
            "capacity_unit",
            "reported_only",
            "reporting_frequency",
            "max_months",
            "paused_keeps_place",
            "extension_months",
            "extension_notice_months",
            "invoicing_frequency",
            "invoicing_method",
            "steering_meetings_per_year",
            "convening_party",
            "terminated_on",
            "termination_reason",
        ]
        formfield_callback = formfield


class PartyForm(text_limits.Form):
    """One row of the parties formset: an organisation and its role in the partnership."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name"), required=False
    )
    role = forms.ChoiceField(
        label=_("Roll"), choices=PartnershipParty.Role.choices, initial=PartnershipParty.Role.NON_PROFIT
    )


class BasePartyFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Ta bort parten")

    def specs(self) -> list[PartySpec]:
        return [
            PartySpec(organisation=f.cleaned_data["organisation"], role=f.cleaned_data["role"])
            for f in self.forms
            if f.cleaned_data.get("organisation") and not f.cleaned_data.get("DELETE")
        ]


PartyFormSet = forms.formset_factory(PartyForm, formset=BasePartyFormSet, extra=1, can_delete=True)


class PartnershipChildForm(text_limits.ModelForm):
    """A form for one part of a partnership; `partnership` scopes its choices."""

    def __init__(self, *args, partnership: Partnership, **kwargs):
        self.partnership = partnership
        super().__init__(*args, **kwargs)


class PeriodForm(PartnershipChildForm):
    class Meta:
        model = AgreementPeriod
        fields = ["kind", "case_number", "start", "end", "approved_on", "late_reason"]
        formfield_callback = formfield


class AmendmentForm(PartnershipChildForm):
    upload = forms.FileField(
        label=_("Dokument"), required=False, help_text=_("PDF, PNG, JPEG eller Word (DOCX).")
    )

    class Meta:
        model = Amendment
        fields = ["date", "title", "text", "affects_budget", "budget_year", "budget_increase"]
        formfield_callback = formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        approved = (
            {a.party_id: a.approved_on for a in self.instance.approvals.all()} if self.instance.pk else {}
        )
        self.parties = list(self.partnership.parties.select_related("organisation"))
        for party in self.parties:
            self.fields[f"approved_{party.pk}"] = forms.DateField(
                label=_("Godkänd av %(org)s") % {"org": party.organisation.name},
                required=False,
                widget=DateInput,
                initial=approved.get(party.pk),
            )

    def approvals(self) -> dict:
        return {party.pk: self.cleaned_data.get(f"approved_{party.pk}") for party in self.parties}


class GoalForm(PartnershipChildForm):
    class Meta:
        model = Goal
        fields = [
            "indicator",
            "outcome",
            "share_base",
            "within_days",
            "followup_months",
            "title",
            "description",
            "quantity",
            "unit_label",
            "unit",
            "aggregation",
            "by_gender",
            "age_bands",
            "capacity_use",
            "target_value",
            "target_basis",
            "target_women",
            "target_men",
            "baseline",
            "direction",
            "judging",
            "order",
        ]
        formfield_callback = formfield


class BudgetLineForm(PartnershipChildForm):
    class Meta:
        model = BudgetLine
        fields = ["year", "category", "description", "fte", "amount"]
        formfield_callback = formfield


class InKindForm(PartnershipChildForm):
    class Meta:
        model = InKindContribution
        fields = ["year", "description", "estimated_value", "volunteer_hours"]
        formfield_callback = formfield


class OtherFundingForm(PartnershipChildForm):
    class Meta:
        model = OtherFunding
        fields = ["year", "funder", "activity", "amount", "overlaps_partnership"]
        formfield_callback = formfield


class StaffForm(PartnershipChildForm):
    class Meta:
        model = StaffMember
        fields = ["user", "role", "fte", "confidentiality_signed_on", "active"]
        formfield_callback = formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Staff work at the non-profit: city users are not offered (and refused if posted).
        self.fields["user"].queryset = nonprofit_users(self.partnership)


def party_user_field(label) -> UserLookupField:
    """A user of the partnership's parties, typed with suggestions (`iop:party_user_lookup`): the city's
    party is the whole administration, far too many users for a dropdown."""
    return UserLookupField(label=label, url_name="iop:party_user_lookup", required=False)


def scope_party_user(form: "PartnershipChildForm", name: str) -> None:
    """Point a `party_user_field` at the form's partnership; an existing choice shows its username."""
    scope_lookup(form, name, party_users(form.partnership), pk=form.partnership.pk)


class SteeringMemberForm(PartnershipChildForm):
    user = party_user_field(_("användare"))

    class Meta:
        model = SteeringGroupMember
        fields = ["party", "user", "name", "function"]
        formfield_callback = formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = self.partnership.parties.select_related("organisation")
        scope_party_user(self, "user")


class MeetingForm(PartnershipChildForm):
    class Meta:
        model = Meeting
        fields = ["kind", "date", "held", "convened_by", "attendees", "other_attendees", "agenda", "minutes"]
        formfield_callback = formfield
        widgets = {"attendees": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["convened_by"].queryset = Organisation.objects.filter(
            parties__partnership=self.partnership
        ).order_by("name")
        self.fields["attendees"].queryset = party_users(self.partnership)
        self.fields["agenda"].widget.attrs["rows"] = 5
        self.fields["minutes"].widget.attrs["rows"] = 8


class ActionPointForm(PartnershipChildForm):
    concerns = forms.ChoiceField(label=_("Gäller"), required=False)
    owner = party_user_field(_("ansvarig"))

    class Meta:
        model = ActionPoint
        fields = ["meeting", "kind", "text", "owner", "due_date", "status", "followed_up_at"]
        formfield_callback = formfield
        labels = {"meeting": _("Möte")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meetings = self.partnership.meetings.order_by("-date")
        self.fields["meeting"].queryset = meetings
        self.fields["followed_up_at"].queryset = meetings
        scope_party_user(self, "owner")
        self.goals = {str(g.pk): g for g in self.partnership.goals.all()}
        self.lines = {str(b.pk): b for b in self.partnership.budget_lines.all()}
        self.fields["concerns"].choices = [
            ("", _("– inget särskilt –")),
            (_("Mål"), [(f"goal-{k}", str(g)) for k, g in self.goals.items()]),
            (_("Budgetrader"), [(f"budget-{k}", str(b)) for k, b in self.lines.items()]),
        ]
        instance = self.instance
        if instance.pk and instance.concerns_id:
            model = instance.concerns_type.model_class() if instance.concerns_type_id else None
            prefix = "goal" if model is Goal else "budget" if model is BudgetLine else None
            if prefix:
                self.initial["concerns"] = f"{prefix}-{instance.concerns_id}"

    def concerns_obj(self) -> Goal | BudgetLine | None:
        value = self.cleaned_data.get("concerns") or ""
        prefix, _sep, key = value.partition("-")
        return (self.goals if prefix == "goal" else self.lines).get(key) if value else None


class WorkAreaForm(PartnershipChildForm):
    class Meta:
        model = WorkArea
        fields = ["name", "description"]
        formfield_callback = formfield


class ContactForm(PartnershipChildForm):
    class Meta:
        model = ContactPerson
        fields = ["party", "name", "title", "email", "phone"]
        formfield_callback = formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = self.partnership.parties.select_related("organisation")


class ForumCriterionForm(PartnershipChildForm):
    class Meta:
        model = ForumCriterionAssessment
        fields = ["criterion", "answer", "note"]
        formfield_callback = formfield
