import datetime as dt
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iop.models.fields import optional_foreign_key
from iop.roles import Role
from participants.personnummer import format_pnr, mask_pnr, parse, validate_normalised_pnr

from .choices import EducationLevel, Gender, SupportKind, SwedishLevel

PSEUDONYM_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def generate_pseudonym() -> str:
    """A stable pseudonym such as "Deltagare 4F7K", chosen once when the participant is created."""
    return "Deltagare " + "".join(secrets.choice(PSEUDONYM_ALPHABET) for _ in range(4))


class Participant(models.Model):
    """A participant (deltagare) in work training, referred by a case officer (arbetsmarknadssekreterare).

    The personal identity number (personnummer or samordningsnummer) is stored normalised as 12 digits.
    With protected identity (skyddade personuppgifter) name and number are shown only to the responsible
    case officer and coordinators; everyone else sees `pseudonym` (see participants.selectors).
    """

    personal_identity_number = models.CharField(
        _("personnummer"),
        max_length=12,
        unique=True,
        null=True,
        validators=[validate_normalised_pnr],
        help_text=_(
            "Personnummer eller samordningsnummer, lagras som ÅÅÅÅMMDDNNNN. Tomt när uppgifterna gallrats."
        ),
    )
    first_name = models.CharField(_("förnamn"), max_length=100)
    last_name = models.CharField(_("efternamn"), max_length=100)
    gender = models.CharField(
        _("kön (för statistik)"), max_length=10, choices=Gender.choices, default=Gender.UNKNOWN
    )
    birth_date = models.DateField(_("födelsedatum"), editable=False, help_text=_("Härleds ur personnumret."))
    education_level = models.CharField(
        _("utbildningsnivå"), max_length=20, choices=EducationLevel.choices, default=EducationLevel.UNKNOWN
    )
    support_kind = models.CharField(
        _("försörjning"), max_length=30, choices=SupportKind.choices, default=SupportKind.OTHER
    )
    interpreter_needed = models.BooleanField(_("behöver tolk"), default=False)
    swedish_level = models.CharField(
        _("svenskkunskaper"), max_length=20, choices=SwedishLevel.choices, blank=True
    )
    case_officer = models.ForeignKey(
        "iop.User",
        verbose_name=_("ansvarig arbetsmarknadssekreterare"),
        on_delete=models.PROTECT,
        related_name="responsible_for_participants",
    )
    protected_identity = models.BooleanField(
        _("skyddade personuppgifter"),
        default=False,
        help_text=_("Namn och personnummer visas bara för ansvarig handläggare och samordnare."),
    )
    pseudonym = models.CharField(
        _("pseudonym"), max_length=30, unique=True, default=generate_pseudonym, editable=False
    )
    anonymised_at = models.DateTimeField(
        _("gallrad"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("När personuppgifterna gallrades (namn, personnummer, fritext); statistiken finns kvar."),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("historik för deltagare"))

    class Meta:
        verbose_name = _("deltagare")
        verbose_name_plural = _("deltagare")
        ordering = ["last_name", "first_name", "pk"]
        constraints = [
            models.CheckConstraint(
                # NULL only after retention (gallring), see participants/retention.py.
                condition=Q(personal_identity_number__isnull=True)
                | Q(personal_identity_number__regex=r"^[0-9]{12}$"),
                name="participant_pnr_twelve_digits",
                violation_error_message=_("Personnumret ska lagras som 12 siffror (ÅÅÅÅMMDDNNNN)."),
            ),
        ]
        indexes = [models.Index(fields=["case_officer"], name="participant_case_officer_idx")]

    def __str__(self) -> str:
        # Never the personal identity number; pages use selectors.display_name() for protected identity.
        return self.pseudonym if self.protected_identity else self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def pnr_formatted(self) -> str:
        """YYYYMMDD-NNNN: only for the participant page."""
        return format_pnr(self.personal_identity_number or "")

    @property
    def pnr_masked(self) -> str:
        """YYYYMMDD-XXXX: for lists."""
        return mask_pnr(self.personal_identity_number or "")

    def age_on(self, day: dt.date) -> int:
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.personal_identity_number:
            try:
                parsed = parse(self.personal_identity_number)
            except ValidationError as exc:
                errors["personal_identity_number"] = exc.messages
            else:
                self.personal_identity_number = parsed.normalised
                self.birth_date = parsed.birth_date
        if self.case_officer_id and not self.case_officer.groups.filter(name=Role.AMS).exists():
            errors["case_officer"] = _("Ansvarig handläggare måste ha rollen arbetsmarknadssekreterare.")
        if errors:
            raise ValidationError(errors)


class Situation(models.Model):
    """The participant's situation (situation) at start, at exit or at a later follow-up.

    Recorded for follow-up of effects as the SUS system of the coordination associations does:
    kind of support and occupation (share of full time) before and after a placement.
    """

    class Moment(models.TextChoices):
        START = "start", _("Vid start")
        EXIT = "exit", _("Vid avslut")
        FOLLOW_UP = "follow_up", _("Uppföljning efter avslut")

    participant = models.ForeignKey(
        Participant, verbose_name=_("deltagare"), on_delete=models.CASCADE, related_name="situations"
    )
    placement = optional_foreign_key(
        "participants.Placement",
        _("arbetsträningsplats"),
        on_delete=models.CASCADE,
        related_name="situations",
    )
    moment = models.CharField(_("tidpunkt"), max_length=20, choices=Moment.choices)
    recorded_on = models.DateField(_("datum"))
    support_kind = models.CharField(_("försörjning"), max_length=30, choices=SupportKind.choices)
    occupation_percent = models.PositiveSmallIntegerField(
        _("sysselsättning (% av heltid)"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("Arbete eller studier, andel av heltid."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("situation")
        verbose_name_plural = _("situationer")
        ordering = ["recorded_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(occupation_percent__lte=100),
                name="situation_occupation_max_100",
                violation_error_message=_("Sysselsättningen kan vara högst 100 %."),
            ),
            models.UniqueConstraint(
                fields=["placement", "moment"],
                name="situation_once_per_placement_and_moment",
                violation_error_message=_("Situationen är redan registrerad för den tidpunkten."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_moment_display()} {self.recorded_on:%Y-%m-%d}"

    def clean(self) -> None:
        if (
            self.placement is not None
            and self.participant_id
            and self.placement.participant_id != self.participant_id
        ):
            raise ValidationError({"placement": _("Platsen tillhör en annan deltagare.")})
