import re
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iop.indicators import FOLLOWED_UP_OUTCOMES, IndicatorCode, Outcome, ShareBase
from iop.validators import validate_non_negative

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _target_field(label: "StrOrPromise") -> models.DecimalField:
    return models.DecimalField(
        label, max_digits=10, decimal_places=1, null=True, blank=True, validators=[validate_non_negative]
    )


_BAND = re.compile(r"^(\d{1,3})\s*(?:[-–—]\s*(\d{1,3})|\+)$")


def parse_age_bands(text: str, *, strict: bool = False) -> list[str]:
    """Age bands written as "6–9, 10–12" or "15–24, 25–54, 55–64, 65+" → normalised labels (en dash).
    With `strict`, a band that does not parse, runs backwards or overlaps the previous one raises
    ValueError; without, such text gives no bands."""
    labels: list[str] = []
    last = -1
    for part in (p.strip() for p in (text or "").split(",")):
        if not part:
            continue
        m = _BAND.match(part)
        low = int(m.group(1)) if m else -1
        high = int(m.group(2)) if m and m.group(2) else None
        if not m or low <= last or (high is not None and high < low) or (last == 999):
            if strict:
                raise ValueError(part)
            return []
        labels.append(f"{low}–{high}" if high is not None else f"{low}+")
        last = high if high is not None else 999
    if strict and len(labels) < 2:
        raise ValueError(text)
    return labels


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
    within_days = models.PositiveSmallIntegerField(
        _("inom antal dagar efter avslut"),
        null=True,
        blank=True,
        help_text=_(
            "Räkna även den som fått utfallet vid en uppföljning högst så här många dagar efter avslutet "
            "(t.ex. 90)."
        ),
    )
    followup_months = models.PositiveSmallIntegerField(
        _("kvar vid uppföljningen"),
        null=True,
        blank=True,
        choices=[(3, _("3 månader efter avslut")), (6, _("6 månader efter avslut"))],
        help_text=_("Räkna bara den som avslutades med utfallet och har det kvar vid uppföljningen."),
    )
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
    capacity_use = models.BooleanField(
        _("räknar använd kapacitet"),
        default=False,
        help_text=_(
            "Siffran är använd kapacitet, t.ex. bäddnätter: den jämförs med partnerskapets kapacitet × "
            "dagarna i avtalsperioden (t.ex. 40 bäddar × 90 nätter = 3 600)."
        ),
    )
    age_bands = models.CharField(
        _("åldersgrupper"),
        max_length=100,
        blank=True,
        help_text=_(
            "Om siffrorna ska delas upp på ålder: grupperna åtskilda med komma, t.ex. 6–9, 10–12 eller 15–24, 25–54, 55–64, 65+."
        ),
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
                condition=models.Q(within_days__isnull=True) | models.Q(followup_months__isnull=True),
                name="goal_outcome_within_days_or_followup",
                violation_error_message=_("Välj antingen inom antal dagar eller kvar vid uppföljningen."),
            ),
            models.CheckConstraint(
                condition=models.Q(followup_months__isnull=True) | models.Q(followup_months__in=[3, 6]),
                name="goal_followup_months_3_or_6",
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
    def age_band_labels(self) -> list[str]:
        """The goal's age bands (åldersgrupper) for reported figures, in order; empty = no split."""
        return parse_age_bands(self.age_bands)

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
        if self.within_days is not None or self.followup_months is not None:
            if self.indicator not in (IndicatorCode.OUTCOME, IndicatorCode.OUTCOME_SHARE):
                errors["within_days" if self.within_days is not None else "followup_months"] = _(
                    "Gäller bara mått som räknar ett utfall."
                )
            elif self.outcome not in FOLLOWED_UP_OUTCOMES:
                errors["outcome"] = _("Arbete, studier eller annan insats kan följas upp efter avslut.")
            if self.within_days is not None and self.followup_months is not None:
                errors["followup_months"] = _("Välj antingen inom antal dagar eller kvar vid uppföljningen.")
        if self.age_bands.strip():
            try:
                self.age_bands = ", ".join(parse_age_bands(self.age_bands, strict=True))
            except ValueError:
                errors["age_bands"] = _(
                    "Skriv åldersgrupperna som från–till åtskilda med komma, t.ex. 6–9, 10–12 eller 65+, "
                    "i stigande ordning utan överlapp."
                )
            else:
                if not self.is_reported or self.unit == self.Unit.PERCENT:
                    errors["age_bands"] = _(
                        "Uppdelning på ålder gäller siffror som partnern rapporterar i antal."
                    )
        if self.capacity_use and (not self.is_reported or self.unit == self.Unit.PERCENT):
            errors["capacity_use"] = _("Använd kapacitet rapporteras av partnern som ett antal.")
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
