"""The time-report tables of a team's month as forms: one hours field per cell (participant × activity, or
team member × project phase), so a bad cell shows its Swedish error at the cell and nothing is saved."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from iop.text_limits import Form

from .models import MAX_HOURS_PER_MONTH, StaffTimeReport

HOURS_ERRORS = {
    "invalid": _("Ange timmar som ett tal, t.ex. 7,5."),
    "min_value": _("Timmar kan inte vara negativa."),
    "max_value": _("Högst 744 timmar i en månad."),
    "max_digits": _("Högst 744 timmar i en månad."),
    "max_decimal_places": _("Ange timmar med högst två decimaler."),
    "max_whole_digits": _("Högst 744 timmar i en månad."),
}
COST_ERRORS = {
    "invalid": _("Ange timkostnaden i kronor, t.ex. 412,50."),
    "min_value": _("Timkostnaden kan inte vara negativ."),
    "max_decimal_places": _("Ange timkostnaden i kronor och ören."),
    "max_digits": _("Timkostnaden är för stor."),
    "max_whole_digits": _("Timkostnaden är för stor."),
}


def hours_field(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_value=MAX_HOURS_PER_MONTH,
        max_digits=5,
        decimal_places=2,
        localize=True,
        error_messages=HOURS_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6, "aria-label": label}),
    )


def lock_fields(form: forms.BaseForm) -> None:
    """A reported month: every cell is shown but cannot be changed."""
    for field in form.fields.values():
        field.disabled = True


def participant_key(enrolment_id: int, participation_id: int | None) -> str:
    return f"h_{enrolment_id}_{participation_id or 0}"


class ParticipantHoursForm(Form):
    """`cells`: (enrolment id, participation id or None, label) of every cell the table shows."""

    def __init__(self, *args: Any, cells: list[tuple[int, int | None, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cells = cells
        for enrolment_id, participation_id, label in cells:
            self.fields[participant_key(enrolment_id, participation_id)] = hours_field(label)

    def hours(self) -> dict[tuple[int, int | None], Decimal | None]:
        return {(e, p): self.cleaned_data.get(participant_key(e, p)) for e, p, _label in self.cells}


def staff_key(member_id: int, phase: str) -> str:
    return f"h_{member_id}_{phase}"


def cost_key(member_id: int) -> str:
    return f"cost_{member_id}"


class StaffHoursForm(Form):
    """`members`: (team member id, name) of every row; a cost field and one hours field per project phase."""

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        for pk, name in members:
            self.fields[cost_key(pk)] = forms.DecimalField(
                label=_("Timkostnad för %(name)s (kr)") % {"name": name},
                required=False,
                min_value=Decimal(0),
                max_digits=8,
                decimal_places=2,
                localize=True,
                error_messages=COST_ERRORS,
                widget=forms.TextInput(
                    attrs={
                        "inputmode": "decimal",
                        "size": 8,
                        "aria-label": str(_("Timkostnad för %(name)s (kr)") % {"name": name}),
                    }
                ),
            )
            for phase, phase_label in StaffTimeReport.ProjectPhase.choices:
                self.fields[staff_key(pk, phase)] = hours_field(f"{name}: {phase_label}")

    def costs(self) -> dict[int, Decimal | None]:
        return {pk: self.cleaned_data.get(cost_key(pk)) for pk, _name in self.members}

    def hours(self) -> dict[tuple[int, str], Decimal | None]:
        return {
            (pk, phase): self.cleaned_data.get(staff_key(pk, phase))
            for pk, _name in self.members
            for phase in StaffTimeReport.ProjectPhase.values
        }
