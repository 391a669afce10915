"""The reported figure (rapporterad siffra): what a partner reports for one goal and one reporting
period, and its review by the city's coordinator.

Workflow (services in `reporting.figure_services`): draft → submitted → approved, or → returned (with
a comment) → submitted again. An approved figure is locked; a correction is a new version (a copy
in draft with its reason) that replaces the approved one only when it is approved in turn (the old
one then becomes `superseded`). Every change is kept in the history (who, when). Only approved
figures reach outputs that leave the administration.
"""

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iop.dates import add_months

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

GENDER_FIELDS = ("women", "men", "other", "unknown")


def period_of(frequency: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The reporting period (month or quarter) that holds `day`."""
    months = 1 if frequency == "monthly" else 3
    first = dt.date(day.year, (day.month - 1) // months * months + 1, 1)
    return first, add_months(first, months) - dt.timedelta(days=1)


def _count(label: "StrOrPromise") -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, null=True, blank=True)


class ReportedFigure(models.Model):
    """One version of the figure a partner reports for a goal and a reporting period (month or quarter)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Inskickad")
        RETURNED = "returned", _("Återsänd för komplettering")
        APPROVED = "approved", _("Godkänd")
        SUPERSEDED = "superseded", _("Ersatt av rättelse")

    goal = models.ForeignKey("iop.Goal", on_delete=models.CASCADE, related_name="reported_figures")
    period_start = models.DateField(_("periodens första dag"))
    period_end = models.DateField(_("periodens sista dag"))
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    value = models.DecimalField(
        _("värde"),
        max_digits=12,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Antal under perioden."),
    )
    numerator = _count(_("täljare (antal med utfallet)"))
    denominator = _count(_("nämnare (antal i basen)"))
    women = _count(_("kvinnor"))
    men = _count(_("män"))
    other = _count(_("annat"))
    unknown = _count(_("uppgift saknas"))
    by_age = models.JSONField(
        _("per åldersgrupp"),
        default=dict,
        blank=True,
        help_text=_('Antal per åldersgrupp som målet anger, t.ex. {"6–9": 12, "10–12": 14}.'),
    )
    comment = models.TextField(_("kommentar"), blank=True)
    correction_reason = models.TextField(_("skäl till rättelsen"), blank=True)
    return_comment = models.TextField(_("samordnarens kommentar"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrerad av")
    )
    submitted_at = models.DateTimeField(_("inskickad"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("granskad"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(verbose_name=_("historik för rapporterad siffra"))
    # Read by simple-history when it writes the history row (the reason of the change).
    _change_reason: str

    class Meta:
        verbose_name = _("rapporterad siffra")
        verbose_name_plural = _("rapporterade siffror")
        ordering = ["goal", "period_start", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "period_start", "version"], name="reported_figure_unique_version"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="reported_figure_period_order",
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__gte=0),
                name="reported_figure_value_non_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(numerator__isnull=True)
                | models.Q(denominator__isnull=True)
                | models.Q(numerator__lte=models.F("denominator")),
                name="reported_figure_numerator_within_denominator",
                violation_error_message=_("Täljaren kan inte vara större än nämnaren."),
            ),
        ]
        indexes = [models.Index(fields=["status", "period_start"], name="reported_figure_status_idx")]

    def __str__(self) -> str:
        return f"{self.goal} {self.period_start:%Y-%m-%d} v{self.version}"

    @property
    def locked(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.APPROVED, self.Status.SUPERSEDED)

    @property
    def gender_values(self) -> dict[str, int | None]:
        return {f: getattr(self, f) for f in GENDER_FIELDS}

    @property
    def percent(self):
        if self.numerator is None or not self.denominator:
            return None
        return round(100 * self.numerator / self.denominator, 1)

    def clean(self) -> None:
        """Values must fit the goal's measure: a percent as numerator and denominator, a split by gender
        that adds up to the value."""
        errors: dict[str, StrOrPromise] = {}
        goal = self.goal
        if goal.unit == "percent":
            if self.numerator is None:
                errors["numerator"] = _("Ange täljaren (antal med utfallet).")
            if not self.denominator:
                errors["denominator"] = _("Ange nämnaren (antal i basen, minst 1).")
            elif self.numerator is not None and self.numerator > self.denominator:
                errors["numerator"] = _("Täljaren kan inte vara större än nämnaren.")
        elif self.value is None:
            errors["value"] = _("Ange värdet för perioden.")
        if goal.by_gender and goal.unit != "percent":
            parts = [getattr(self, f) for f in GENDER_FIELDS]
            if any(v is not None for v in parts) and self.value is not None:
                if sum(v or 0 for v in parts) != self.value:
                    errors["women"] = _("Fördelningen på kön ska summera till värdet (%(v)s).") % {
                        "v": f"{self.value:.0f}"
                    }
        bands = goal.age_band_labels
        if self.by_age:
            values = list(self.by_age.values()) if isinstance(self.by_age, dict) else []
            if (
                not bands
                or not isinstance(self.by_age, dict)
                or list(self.by_age) != bands
                or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in values)
            ):
                errors["by_age"] = _("Ange ett antal (0 eller mer) för varje åldersgrupp som målet anger.")
            elif self.value is not None and sum(values) != self.value:
                errors["by_age"] = _("Fördelningen på ålder ska summera till värdet (%(v)s).") % {
                    "v": f"{self.value:.0f}"
                }
        if self.period_start and self.period_end and goal.partnership_id:
            expected = period_of(goal.partnership.reporting_frequency, self.period_start)
            if (self.period_start, self.period_end) != expected:
                errors["period_start"] = _(
                    "Perioden ska vara en hel månad eller ett helt kvartal enligt partnerskapets rapportperiod."
                )
        if errors:
            raise ValidationError(errors)
