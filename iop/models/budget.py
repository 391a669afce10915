from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iop.validators import validate_non_negative


class BudgetLine(models.Model):
    """A line of a partnership's budget for one agreement year (budgetrad), in kronor with öre."""

    class Category(models.TextChoices):
        SALARY = "salary", _("Lönekostnader")
        WORK_CLOTHES = "work_clothes", _("Arbetskläder")
        OTHER = "other", _("Övrigt")

    partnership = models.ForeignKey("iop.Partnership", on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveIntegerField(_("år"))
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    description = models.CharField(_("beskrivning"), max_length=200, help_text=_("T.ex. befattning."))
    fte = models.DecimalField(
        _("tjänstegrad (heltid = 1,0)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[validate_non_negative],
    )
    amount = models.DecimalField(
        _("belopp (kr)"), max_digits=14, decimal_places=2, validators=[validate_non_negative]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budgetrad")
        verbose_name_plural = _("budgetrader")
        ordering = ["year", "category", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="budget_amount_non_negative",
                violation_error_message=_("Beloppet får inte vara negativt."),
            ),
            models.CheckConstraint(
                condition=models.Q(fte__isnull=True) | models.Q(fte__gte=0), name="budget_fte_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.description}"

    def clean(self) -> None:
        if self.category == self.Category.SALARY and self.fte is None:
            raise ValidationError({"fte": _("Ange tjänstegrad för lönekostnader.")})


class InKindContribution(models.Model):
    """The non-profit's own contribution (egen insats) that is not invoiced: premises, electricity, …"""

    partnership = models.ForeignKey("iop.Partnership", on_delete=models.CASCADE, related_name="in_kind")
    year = models.PositiveIntegerField(_("år"))
    description = models.CharField(_("insats"), max_length=200)
    estimated_value = models.DecimalField(
        _("uppskattat värde (kr)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[validate_non_negative],
    )
    volunteer_hours = models.PositiveIntegerField(
        _("volontärtimmar"), null=True, blank=True, help_text=_("Om insatsen är volontärers arbete.")
    )

    class Meta:
        verbose_name = _("egen insats")
        verbose_name_plural = _("egna insatser")
        ordering = ["year", "description"]

    def __str__(self) -> str:
        return self.description


class OtherFunding(models.Model):
    """Other funding the partner declares (annan finansiering). The agreement forbids double funding."""

    partnership = models.ForeignKey("iop.Partnership", on_delete=models.CASCADE, related_name="other_funding")
    year = models.PositiveIntegerField(_("år"))
    funder = models.CharField(_("finansiär"), max_length=200)
    activity = models.CharField(_("finansierad aktivitet"), max_length=300)
    amount = models.DecimalField(
        _("belopp (kr)"), max_digits=14, decimal_places=2, validators=[validate_non_negative]
    )
    overlaps_partnership = models.BooleanField(
        _("avser samma aktivitet som partnerskapet"),
        default=False,
        help_text=_("Överenskommelsen tillåter inte dubbelfinansiering av samma aktivitet."),
    )

    class Meta:
        verbose_name = _("annan finansiering")
        verbose_name_plural = _("annan finansiering")
        ordering = ["year", "funder"]

    def __str__(self) -> str:
        return f"{self.funder}: {self.activity}"


ZERO = Decimal("0.00")
