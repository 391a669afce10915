import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iop.validators import validate_non_negative


class StaffMember(models.Model):
    """A person at the non-profit working in the partnership (personal), e.g. a handledare."""

    class Role(models.TextChoices):
        SUPERVISOR = "supervisor", _("Handledare")
        COUNSELLOR = "counsellor", _("Studie- och yrkesvägledare")
        ADMINISTRATOR = "administrator", _("Administratör")
        MANAGER = "manager", _("Verksamhetsansvarig")
        OTHER = "other", _("Övrig")

    partnership = models.ForeignKey("iop.Partnership", on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        "iop.User", verbose_name=_("användare"), on_delete=models.PROTECT, related_name="staff_roles"
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    fte = models.DecimalField(
        _("tjänstegrad"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[validate_non_negative],
    )
    confidentiality_signed_on = models.DateField(
        _("tystnadsförbindelse undertecknad"),
        null=True,
        blank=True,
        help_text=_("Krävs för att personen ska få se uppgifter om deltagare."),
    )
    active = models.BooleanField(_("aktiv"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("personal")
        verbose_name_plural = _("personal")
        ordering = ["user__first_name", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "user", "role"], name="staff_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    @property
    def has_signed_confidentiality(self) -> bool:
        return (
            self.confidentiality_signed_on is not None and self.confidentiality_signed_on <= dt.date.today()
        )
