"""What is recorded on a placement as it runs: the revisions of the individual plan, pauses and
working-time steps."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .placement import NO_HEALTH_DETAILS, Placement, created_by_field


class IndividualPlan(models.Model):
    """A revision of the individual plan (individuell plan): goals agreed at the start meeting.

    Each revision is a row; the highest `revision` is the current plan.
    """

    placement = models.ForeignKey(
        Placement, verbose_name=_("arbetsträningsplats"), on_delete=models.CASCADE, related_name="plans"
    )
    revision = models.PositiveSmallIntegerField(_("revision"), validators=[MinValueValidator(1)])
    agreed_on = models.DateField(_("överenskommen"))
    goals = models.TextField(_("mål för arbetsträningen"), help_text=NO_HEALTH_DETAILS)
    created_by = created_by_field()
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("individuell plan")
        verbose_name_plural = _("individuella planer")
        ordering = ["placement", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "revision"],
                name="plan_revision_unique",
                violation_error_message=_("Revisionen finns redan."),
            ),
            models.CheckConstraint(condition=Q(revision__gte=1), name="plan_revision_positive"),
        ]

    def __str__(self) -> str:
        return f"Plan rev. {self.revision} ({self.agreed_on:%Y-%m-%d})"


class Pause(models.Model):
    """A pause (uppehåll) in a placement, when health or life requires it. No health details are stored.

    `end_date` empty: the pause is ongoing (until the placement ends).
    """

    class Category(models.TextChoices):
        CARE_HEALTH = "care_health", _("Vård eller hälsa")
        OTHER = "other", _("Annat")

    placement = models.ForeignKey(
        Placement, verbose_name=_("arbetsträningsplats"), on_delete=models.CASCADE, related_name="pauses"
    )
    start_date = models.DateField(_("från"))
    end_date = models.DateField(_("till"), null=True, blank=True)
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    note = models.TextField(_("kommentar"), blank=True, help_text=NO_HEALTH_DETAILS)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uppehåll")
        verbose_name_plural = _("uppehåll")
        ordering = ["placement", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="pause_end_after_start",
                violation_error_message=_("Uppehållets slut kan inte ligga före dess start."),
            ),
        ]

    def __str__(self) -> str:
        end = f"{self.end_date:%Y-%m-%d}" if self.end_date else "…"
        return f"{self.start_date:%Y-%m-%d} – {end}"

    def clean(self) -> None:
        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("Uppehållets slut kan inte ligga före dess start.")
        if self.placement_id and self.start_date and not errors:
            p = self.placement
            if self.start_date < p.start_date or self.start_date > p.occupied_until:
                errors["start_date"] = _("Uppehållet måste ligga inom arbetsträningsperioden.")
            elif self.end_date and self.end_date > p.occupied_until:
                errors["end_date"] = _("Uppehållet måste ligga inom arbetsträningsperioden.")
            else:
                far = dt.date.max
                mine_end = self.end_date or far
                for other in p.pauses.exclude(pk=self.pk):
                    if other.start_date <= mine_end and (other.end_date or far) >= self.start_date:
                        errors["start_date"] = _("Uppehållet överlappar ett annat uppehåll.")
                        break
        if errors:
            raise ValidationError(errors)


class WorkingTimeStep(models.Model):
    """A working-time step (steg i sysselsättningsgrad): from a date, a percentage of full time.

    The step number is the position by `from_date` (see `number`); steps 1–2 are usually under 50 %.
    """

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("arbetsträningsplats"),
        on_delete=models.CASCADE,
        related_name="working_time_steps",
    )
    from_date = models.DateField(_("från och med"))
    percent = models.PositiveSmallIntegerField(
        _("sysselsättningsgrad (% av heltid)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    note = models.TextField(_("kommentar"), blank=True, help_text=NO_HEALTH_DETAILS)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("steg i sysselsättningsgrad")
        verbose_name_plural = _("steg i sysselsättningsgrad")
        ordering = ["placement", "from_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=1) & Q(percent__lte=100),
                name="step_percent_1_to_100",
                violation_error_message=_("Ange en sysselsättningsgrad mellan 1 och 100 %."),
            ),
            models.UniqueConstraint(
                fields=["placement", "from_date"],
                name="step_unique_date",
                violation_error_message=_("Det finns redan ett steg från det datumet."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_date:%Y-%m-%d}: {self.percent} %"

    @property
    def number(self) -> int:
        """1-based step number by date (uses the prefetched steps of the placement when available)."""
        steps = sorted(self.placement.working_time_steps.all(), key=lambda s: (s.from_date, s.pk))
        return next(i for i, s in enumerate(steps, start=1) if s.pk == self.pk)

    def clean(self) -> None:
        if self.placement_id and self.from_date:
            p = self.placement
            if not p.start_date <= self.from_date <= p.occupied_until:
                raise ValidationError({"from_date": _("Steget måste ligga inom arbetsträningsperioden.")})
