"""The ESF budget of a programme (seed 003): budget lines by project phase, cost type and financier, cash
or in kind; the financiers (the ESF itself and each co-financier with its CFAR number); and the flat rate
of indirect costs. The shares and totals are computed in `invoicing.selectors.esf_budget`
(docs/esf-economy.md)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iop.validators import validate_non_negative
from programmes.models import ProjectPhase

# EU regulation 1303/2013 art. 68.1 b: indirect costs at a flat rate of up to 15 % of direct staff costs.
MAX_FLAT_RATE_PERCENT = Decimal("15.00")


class CostType(models.TextChoices):
    """The cost types (kostnadsslag) of seed 003's budget; indirect costs are never entered, they are
    computed from the personnel costs at the programme's flat rate."""

    PERSONNEL = "personnel", _("Personal")
    EXTERNAL_SERVICES = "external_services", _("Externa tjänster")
    TRAVEL = "travel", _("Resor och logi")
    EQUIPMENT = "equipment", _("Utrustning och materiel")
    INDIRECT = "indirect", _("Indirekta kostnader")
    PARTICIPANT_ALLOWANCE = "participant_allowance", _("Deltagarersättning")


class FundingForm(models.TextChoices):
    CASH = "cash", _("Kontant")
    IN_KIND = "in_kind", _("I annat än pengar")


validate_cfar = RegexValidator(r"^\d{8}$", _("CFAR-numret ska vara åtta siffror."))


class EsfFinancier(models.Model):
    """A financier (finansiär) of a programme: the ESF grant, or a co-financier (medfinansiär) with its
    CFAR number (seed 003 lists four), optionally the programme party it is."""

    partnership = models.ForeignKey(
        "iop.Partnership",
        verbose_name=_("partnerskap"),
        on_delete=models.CASCADE,
        related_name="esf_financiers",
    )
    name = models.CharField(_("namn"), max_length=200)
    is_esf = models.BooleanField(
        _("ESF-stöd"), default=False, help_text=_("Socialfondens stöd; övriga finansiärer är medfinansiärer.")
    )
    cfar_number = models.CharField(
        _("CFAR-nummer"), max_length=8, blank=True, default="", validators=[validate_cfar]
    )
    party = models.ForeignKey(
        "programmes.ProgrammeParty",
        verbose_name=_("programpart"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords(verbose_name=_("historik för finansiär"))

    class Meta:
        verbose_name = _("finansiär")
        verbose_name_plural = _("finansiärer")
        ordering = ["-is_esf", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"],
                name="esf_financier_name_once",
                violation_error_message=_("Programmet har redan en finansiär med det namnet."),
            ),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(is_esf=True),
                name="esf_financier_one_esf",
                violation_error_message=_("Programmet har redan ESF-stödet som finansiär."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (CFAR {self.cfar_number})" if self.cfar_number else self.name

    def clean(self) -> None:
        errors = {}
        if self.is_esf and self.cfar_number:
            errors["cfar_number"] = _("ESF-stödet har inget CFAR-nummer; det anges för medfinansiärer.")
        party = self.party if self.party_id else None
        if party is not None and self.partnership_id and party.partnership_id != self.partnership_id:
            errors["party"] = _("Parten hör till ett annat program.")
        if self.is_esf and self.party_id:
            errors["party"] = _("ESF-stödet är ingen programpart.")
        if errors:
            raise ValidationError(errors)


class EsfBudgetSettings(models.Model):
    """What a programme's ESF budget computes with: the flat rate of indirect costs, a percentage of the
    personnel costs (seed 003: 0 kr indirect costs, so 0 %)."""

    partnership = models.OneToOneField(
        "iop.Partnership",
        verbose_name=_("partnerskap"),
        on_delete=models.CASCADE,
        related_name="esf_settings",
    )
    flat_rate_percent = models.DecimalField(
        _("schablon för indirekta kostnader (% av personalkostnaderna)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_FLAT_RATE_PERCENT)],
    )
    history = HistoricalRecords(verbose_name=_("historik för ESF-budgetens schablon"))

    class Meta:
        verbose_name = _("ESF-budgetens schablon")
        verbose_name_plural = _("ESF-budgetens schabloner")
        constraints = [
            models.CheckConstraint(
                condition=Q(flat_rate_percent__gte=0) & Q(flat_rate_percent__lte=MAX_FLAT_RATE_PERCENT),
                name="esf_flat_rate_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.flat_rate_percent} %"


class EsfBudgetLine(models.Model):
    """A line of a programme's ESF budget (budgetrad): an amount of one cost type in one project phase,
    financed by one financier, in cash or in kind, in kronor with öre."""

    partnership = models.ForeignKey(
        "iop.Partnership",
        verbose_name=_("partnerskap"),
        on_delete=models.CASCADE,
        related_name="esf_budget_lines",
    )
    phase = models.CharField(_("projektfas"), max_length=20, choices=ProjectPhase.choices)
    cost_type = models.CharField(_("kostnadsslag"), max_length=30, choices=CostType.choices)
    financier = models.ForeignKey(
        EsfFinancier, verbose_name=_("finansiär"), on_delete=models.PROTECT, related_name="lines"
    )
    funding_form = models.CharField(_("form"), max_length=10, choices=FundingForm.choices)
    amount = models.DecimalField(
        _("belopp (kr)"), max_digits=14, decimal_places=2, validators=[validate_non_negative]
    )
    description = models.CharField(_("beskrivning"), max_length=200, blank=True, default="")
    history = HistoricalRecords(verbose_name=_("historik för ESF-budgetrad"))

    class Meta:
        verbose_name = _("ESF-budgetrad")
        verbose_name_plural = _("ESF-budgetrader")
        ordering = ["phase", "cost_type", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="esf_budget_amount_non_negative",
                violation_error_message=_("Beloppet får inte vara negativt."),
            ),
            models.CheckConstraint(
                condition=~Q(cost_type=CostType.INDIRECT),
                name="esf_budget_indirect_computed",
                violation_error_message=_("Indirekta kostnader beräknas med schablonen och anges inte."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_phase_display()}: {self.get_cost_type_display()}"

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.cost_type == CostType.INDIRECT:
            errors["cost_type"] = _("Indirekta kostnader beräknas med schablonen och anges inte.")
        financier = self.financier if self.financier_id else None
        if financier is not None:
            if self.partnership_id and financier.partnership_id != self.partnership_id:
                errors["financier"] = _("Finansiären hör till ett annat program.")
            elif financier.is_esf and self.cost_type == CostType.PARTICIPANT_ALLOWANCE:
                errors["financier"] = _(
                    "Deltagarersättning är medfinansiering och kan inte finansieras av ESF."
                )
            elif financier.is_esf and self.funding_form == FundingForm.IN_KIND:
                errors["funding_form"] = _("ESF-stödet betalas kontant.")
        if self.cost_type == CostType.PARTICIPANT_ALLOWANCE and self.funding_form == FundingForm.CASH:
            errors["funding_form"] = _("Deltagarersättning räknas som medfinansiering i annat än pengar.")
        if errors:
            raise ValidationError(errors)
