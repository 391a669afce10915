from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iop.indicators import IndicatorCode, Outcome, ShareBase
from iop.validators import validate_non_negative

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _target_field(label: "StrOrPromise") -> models.DecimalField:
    return models.DecimalField(
        label, max_digits=10, decimal_places=1, null=True, blank=True, validators=[validate_non_negative]
    )


class Goal(models.Model):
    """A goal (mål) of a partnership: one measure (computed from person-level data from a fixed list,
    or a figure the partner reports per period), an optional target (no target, no deviation) with
    optional targets per gender, a baseline, a direction and how progress is judged during the year."""

    class Unit(models.TextChoices):
        COUNT = "count", _("Antal")
        PERCENT = "percent", _("Procent")

    class TargetBasis(models.TextChoices):
        YEAR = "year", _("per år")
        PERIOD = "period", _("per rapportperiod")
        AGREEMENT = "agreement", _("för hela avtalsperioden")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Högre är bättre")
        LOWER = "lower", _("Lägre är bättre")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Summeras över perioderna (t.ex. bäddnätter, anställningar)")
        LAST = "last", _("Senaste periodens värde (t.ex. kö, platser i bruk)")

    class Judging(models.TextChoices):
        PRO_RATA = "pro_rata", _("I jämn takt under året")
        MILESTONES = "milestones", _("Ackumulerat mot delmål")
        YEAR_END = "year_end", _("Först vid årets slut")

    partnership = models.ForeignKey("iop.Partnership", on_delete=models.CASCADE, related_name="goals")
    indicator = models.CharField(
        _("mått"), max_length=30, choices=IndicatorCode.choices, default=IndicatorCode.CUSTOM
    )
    outcome = models.CharField(
        _("utfall"),
        max_length=20,
        choices=Outcome.choices,
        blank=True,
        help_text=_("För mått som räknar ett utfall: vilket utfall."),
    )
    share_base = models.CharField(_("bas för andelen"), max_length=20, choices=ShareBase.choices, blank=True)
    title = models.CharField(_("mål"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    quantity = models.CharField(
        _("storhet som rapporteras"),
        max_length=120,
        blank=True,
        help_text=_("T.ex. bäddnätter, rådgivningstillfällen, anställningar."),
    )
    unit_label = models.CharField(_("enhet i klartext"), max_length=40, blank=True)
    aggregation = models.CharField(
        _("flera perioder"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    by_gender = models.BooleanField(
        _("uppdelat på kön"),
        default=False,
        help_text=_("Rapporteras som kvinnor, män, annat och uppgift saknas."),
    )
    target_value = _target_field(_("målvärde"))
    target_women = _target_field(_("målvärde kvinnor"))
    target_men = _target_field(_("målvärde män"))
    baseline = _target_field(_("utgångsvärde"))
    unit = models.CharField(_("enhet"), max_length=10, choices=Unit.choices, default=Unit.COUNT)
    target_basis = models.CharField(
        _("målet gäller"), max_length=20, choices=TargetBasis.choices, default=TargetBasis.YEAR
    )
    direction = models.CharField(
        _("riktning"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    judging = models.CharField(
        _("bedömning under året"), max_length=20, choices=Judging.choices, default=Judging.PRO_RATA
    )
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
            models.CheckConstraint(
                condition=~models.Q(indicator__in=["outcome", "outcome_share"]) | ~models.Q(outcome=""),
                name="goal_outcome_measure_has_outcome",
                violation_error_message=_("Välj vilket utfall målet räknar."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_reported(self) -> bool:
        return self.indicator == IndicatorCode.CUSTOM

    def clean(self) -> None:
        errors = {}
        if self.indicator in (IndicatorCode.OUTCOME, IndicatorCode.OUTCOME_SHARE) and not self.outcome:
            errors["outcome"] = _("Välj vilket utfall målet räknar.")
        if self.indicator == IndicatorCode.OUTCOME_SHARE:
            if not self.share_base:
                errors["share_base"] = _("Välj vilken bas andelen räknas av.")
            if self.unit != self.Unit.PERCENT:
                errors["unit"] = _("En andel anges i procent.")
        if self.unit == self.Unit.PERCENT and self.target_value is not None and self.target_value > 100:
            errors["target_value"] = _("Ett mål i procent kan inte vara över 100.")
        if (self.target_women is not None or self.target_men is not None) and not (
            self.by_gender or not self.is_reported
        ):
            errors["by_gender"] = _("Mål per kön kräver att siffrorna rapporteras uppdelat på kön.")
        if errors:
            raise ValidationError(errors)


class GoalMilestone(models.Model):
    """A milestone (delmål) of a goal judged cumulatively: the target to have reached by a date."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    due_on = models.DateField(_("senast"))
    target_value = models.DecimalField(
        _("målvärde"), max_digits=10, decimal_places=1, validators=[validate_non_negative]
    )

    class Meta:
        verbose_name = _("delmål")
        verbose_name_plural = _("delmål")
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "due_on"], name="goal_milestone_unique_date"),
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.target_value} ({self.due_on})"
