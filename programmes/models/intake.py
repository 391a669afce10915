"""The intake plan (intagsplan) of a programme: planned intake per period, by gender.

Seed 003: "Intag av deltagare kommer att ske löpande fördelat i fem olika perioder under projekttiden",
5 600 participants over 30 months, 2 800 women and 2 800 men. Actual intake is counted from the enrolments
(programmes.selectors.intake_rows), never stored.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class IntakePeriod(models.Model):
    """One period of the intake plan; planned figures may be left blank where the plan gives none."""

    partnership = models.ForeignKey(
        "iop.Partnership",
        verbose_name=_("partnerskap"),
        on_delete=models.CASCADE,
        related_name="intake_periods",
    )
    name = models.CharField(_("period"), max_length=80, help_text=_("T.ex. Termin 1."))
    start_date = models.DateField(_("från"))
    end_date = models.DateField(_("till och med"))
    planned_women = models.PositiveIntegerField(
        _("planerat intag, kvinnor"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    planned_men = models.PositiveIntegerField(
        _("planerat intag, män"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    note = models.CharField(_("kommentar"), max_length=300, blank=True)
    history = HistoricalRecords(verbose_name=_("historik för intagsperiod"))

    class Meta:
        verbose_name = _("intagsperiod")
        verbose_name_plural = _("intagsplan")
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="intake_period_ends_after_start",
                violation_error_message=_("Perioden kan inte sluta före den börjar."),
            ),
            models.UniqueConstraint(
                fields=["partnership", "start_date"],
                name="intake_period_start_once",
                violation_error_message=_("Programmet har redan en intagsperiod som börjar det datumet."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.start_date:%Y-%m-%d}–{self.end_date:%Y-%m-%d})"

    def clean(self) -> None:
        if not (self.partnership_id and self.start_date and self.end_date) or self.end_date < self.start_date:
            return
        overlapping = (
            IntakePeriod.objects.filter(
                partnership_id=self.partnership_id,
                start_date__lte=self.end_date,
                end_date__gte=self.start_date,
            )
            .exclude(pk=self.pk)
            .first()
        )
        if overlapping:
            raise ValidationError(
                {"start_date": _("Perioden överlappar %(other)s.") % {"other": overlapping}}
            )

    @property
    def planned_total(self) -> int | None:
        if self.planned_women is None and self.planned_men is None:
            return None
        return (self.planned_women or 0) + (self.planned_men or 0)
