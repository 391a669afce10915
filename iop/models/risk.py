from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .fields import optional_foreign_key

# The scale of likelihood and consequence: 1–5 each (docs/risks.md). Seed 003's risk analysis names risks
# and measures only; a five-step scale gives the steering group a ranking, and its product (1–25) the level.
SCALE_MIN, SCALE_MAX = 1, 5


class Likelihood(models.IntegerChoices):
    VERY_LOW = 1, _("1 – Mycket låg")
    LOW = 2, _("2 – Låg")
    MEDIUM = 3, _("3 – Medel")
    HIGH = 4, _("4 – Hög")
    VERY_HIGH = 5, _("5 – Mycket hög")


class Consequence(models.IntegerChoices):
    NEGLIGIBLE = 1, _("1 – Obetydlig")
    MINOR = 2, _("2 – Liten")
    MODERATE = 3, _("3 – Måttlig")
    SERIOUS = 4, _("4 – Allvarlig")
    VERY_SERIOUS = 5, _("5 – Mycket allvarlig")


class Risk(models.Model):
    """A risk in a partnership's risk register (riskregister): what may keep the partnership from its results,
    how likely it is and how bad it would be, the measure (åtgärd) and who owns it. A risk is never deleted:
    it is closed (stängd), and its history shows every change. Holds no personal data about participants."""

    class Status(models.TextChoices):
        OPEN = "open", _("Öppen")
        MANAGED = "managed", _("Hanterad")
        CLOSED = "closed", _("Stängd")

    partnership = models.ForeignKey("iop.Partnership", on_delete=models.CASCADE, related_name="risks")
    description = models.TextField(_("risk"))
    likelihood = models.PositiveSmallIntegerField(_("sannolikhet"), choices=Likelihood.choices)
    consequence = models.PositiveSmallIntegerField(_("konsekvens"), choices=Consequence.choices)
    measure = models.TextField(_("åtgärd"), blank=True)
    owner = optional_foreign_key("iop.User", _("ansvarig"), related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("historik för risk"))

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risker")
        ordering = ["pk"]
        indexes = [models.Index(fields=["partnership", "status"], name="risk_partnership_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(likelihood__gte=SCALE_MIN, likelihood__lte=SCALE_MAX),
                name="risk_likelihood_1_to_5",
                violation_error_message=_("Sannolikheten ska vara 1–5."),
            ),
            models.CheckConstraint(
                condition=models.Q(consequence__gte=SCALE_MIN, consequence__lte=SCALE_MAX),
                name="risk_consequence_1_to_5",
                violation_error_message=_("Konsekvensen ska vara 1–5."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["open", "managed", "closed"]),
                name="risk_status_known",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def level(self) -> int:
        """The risk level (risknivå): likelihood × consequence, 1–25."""
        return risk_level(self.likelihood, self.consequence)

    @property
    def level_band(self) -> str:
        return level_band(self.level)

    @property
    def level_label(self) -> str:
        return str(LEVEL_LABELS[self.level_band])


# The level's bands: 1–4 låg, 5–9 medel, 10–25 hög (docs/risks.md).
LEVEL_BANDS = ((10, "high"), (5, "medium"), (1, "low"))
LEVEL_LABELS = {"high": _("Hög"), "medium": _("Medel"), "low": _("Låg")}


def risk_level(likelihood: int, consequence: int) -> int:
    return likelihood * consequence


def level_band(level: int) -> str:
    return next(band for floor, band in LEVEL_BANDS if level >= floor)
