from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iop.indicators import IndicatorCode
from iop.validators import validate_non_negative


class Goal(models.Model):
    """A goal (mål) of a partnership with its target, optionally tied to a computable indicator."""

    class Unit(models.TextChoices):
        COUNT = "count", _("Antal")
        PERCENT = "percent", _("Procent")

    partnership = models.ForeignKey("iop.Partnership", on_delete=models.CASCADE, related_name="goals")
    indicator = models.CharField(
        _("indikator"), max_length=30, choices=IndicatorCode.choices, default=IndicatorCode.CUSTOM
    )
    title = models.CharField(_("mål"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    target_value = models.DecimalField(
        _("målvärde"),
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[validate_non_negative],
    )
    unit = models.CharField(_("enhet"), max_length=10, choices=Unit.choices, default=Unit.COUNT)
    per_year = models.BooleanField(_("per år"), default=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_value__isnull=True) | models.Q(target_value__gte=0),
                name="goal_target_non_negative",
            ),
            models.CheckConstraint(
                condition=~models.Q(unit="percent") | models.Q(target_value__lte=100),
                name="goal_percent_at_most_100",
                violation_error_message=_("Ett mål i procent kan inte vara över 100."),
            ),
        ]

    def __str__(self) -> str:
        return self.title
