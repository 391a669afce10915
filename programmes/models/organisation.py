"""The programme shape of a partnership: its parties by kind, and its multi-professional teams."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ProgrammeParty(models.Model):
    """A party (part) of a multi-agency programme such as Malmökraften 2.0, by kind; one of them may be
    the project owner (projektägare), which need not be the city (seed 003: Arbetsförmedlingen)."""

    class Kind(models.TextChoices):
        CITY = "city", _("Kommun")
        STATE_AGENCY = "state_agency", _("Statlig myndighet")
        REGION = "region", _("Region")
        COORDINATION_ASSOCIATION = "coordination_association", _("Samordningsförbund")
        NON_PROFIT = "non_profit", _("Idéburen organisation")
        OTHER = "other", _("Annan")

    partnership = models.ForeignKey(
        "iop.Partnership",
        verbose_name=_("partnerskap"),
        on_delete=models.CASCADE,
        related_name="programme_parties",
    )
    organisation = models.ForeignKey(
        "iop.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("typ av part"), max_length=30, choices=Kind.choices)
    is_project_owner = models.BooleanField(_("projektägare"), default=False)
    history = HistoricalRecords(verbose_name=_("historik för programpart"))

    class Meta:
        verbose_name = _("programpart")
        verbose_name_plural = _("programparter")
        ordering = ["-is_project_owner", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"],
                name="programme_party_once",
                violation_error_message=_("Organisationen är redan part i programmet."),
            ),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(is_project_owner=True),
                name="programme_one_project_owner",
                violation_error_message=_("Programmet har redan en projektägare."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_kind_display()})"


class Team(models.Model):
    """A multi-professional team (team) of a programme, with its caseload target (deltagarstock, seed
    003: about 150 participants per team)."""

    partnership = models.ForeignKey(
        "iop.Partnership", verbose_name=_("partnerskap"), on_delete=models.CASCADE, related_name="teams"
    )
    name = models.CharField(_("namn"), max_length=100)
    caseload_target = models.PositiveIntegerField(
        _("deltagare samtidigt (mål)"),
        validators=[MinValueValidator(1)],
        help_text=_("Högst så många deltagare kan vara inskrivna i teamet samtidigt."),
    )
    history = HistoricalRecords(verbose_name=_("historik för team"))

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("team")
        ordering = ["partnership", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"],
                name="team_name_once",
                violation_error_message=_("Programmet har redan ett team med det namnet."),
            ),
            models.CheckConstraint(condition=Q(caseload_target__gte=1), name="team_caseload_target_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """A member of a team (teammedlem) by profession; any member may be a participant's process leader."""

    class Profession(models.TextChoices):
        ARBETSFORMEDLARE = "arbetsformedlare", _("Arbetsförmedlare")
        SOCIALSEKRETERARE = "socialsekreterare", _("Socialsekreterare")
        ARBETSMARKNADSSEKRETERARE = "arbetsmarknadssekreterare", _("Arbetsmarknadssekreterare")
        VARDSAMORDNARE = "vardsamordnare", _("Vårdsamordnare")
        FK_HANDLAGGARE = "fk_handlaggare", _("Handläggare på Försäkringskassan")
        SYV = "syv", _("Studie- och yrkesvägledare")
        OTHER = "other", _("Annan")

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        "iop.User", verbose_name=_("användare"), on_delete=models.PROTECT, related_name="team_memberships"
    )
    profession = models.CharField(_("yrkesroll"), max_length=30, choices=Profession.choices)
    hourly_cost = models.DecimalField(
        _("timkostnad (kr)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_(
            "Lön med sociala avgifter per arbetad timme; grunden för lönekostnaden i tidrapporterna."
        ),
    )
    history = HistoricalRecords(verbose_name=_("historik för teammedlem"))

    class Meta:
        verbose_name = _("teammedlem")
        verbose_name_plural = _("teammedlemmar")
        ordering = ["team", "user__first_name", "user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "user"],
                name="team_member_once",
                violation_error_message=_("Användaren är redan med i teamet."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_profession_display()})"


def check_same_programme(errors: dict, field: str, obj, partnership_id: int | None, message) -> None:
    """Record `message` at `field` when `obj` belongs to another programme than `partnership_id`."""
    if obj is not None and partnership_id is not None and obj.partnership_id != partnership_id:
        errors[field] = message


def raise_if(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)
