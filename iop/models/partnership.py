import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iop.dates import add_months
from iop.validators import validate_case_number

from .fields import optional_foreign_key


class Partnership(models.Model):
    """An IOP agreement (idéburet offentligt partnerskap, överenskommelse) between two or more parties."""

    class Area(models.TextChoices):
        LABOUR_MARKET = "labour_market", _("Arbetsmarknad")
        SOCIAL = "social", _("Socialt område")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        ACTIVE = "active", _("Pågående")
        ENDED = "ended", _("Avslutad")
        TERMINATED = "terminated", _("Hävd")

    class InvoicingFrequency(models.TextChoices):
        MONTHLY = "monthly", _("Månadsvis")
        QUARTERLY = "quarterly", _("Kvartalsvis")
        HALF_YEARLY = "half_yearly", _("Halvårsvis")
        YEARLY = "yearly", _("Årsvis")

    class ReportingFrequency(models.TextChoices):
        MONTHLY = "monthly", _("Månadsvis")
        QUARTERLY = "quarterly", _("Kvartalsvis")

    class CapacityUnit(models.TextChoices):
        PLACES = "places", _("platser")
        BEDS = "beds", _("bäddar")
        GROUPS = "groups", _("grupper")

    class InvoicingMethod(models.TextChoices):
        FIXED_SHARE = "fixed_share", _("Fast andel av årsbudgeten")
        ACTUAL_COST = "actual_cost", _("Faktiska verifierade kostnader")

    case_number = models.CharField(
        _("diarienummer"),
        max_length=14,
        unique=True,
        validators=[validate_case_number],
        help_text="ASN-ÅÅÅÅ-NNNN",
    )
    title = models.CharField(_("benämning"), max_length=200)
    area = models.CharField(_("område"), max_length=20, choices=Area.choices, default=Area.LABOUR_MARKET)
    target_group = models.TextField(_("målgrupp"), blank=True)
    purpose = models.TextField(_("syfte"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    terminated_on = models.DateField(_("hävd den"), null=True, blank=True)
    termination_reason = models.TextField(_("skäl för hävning"), blank=True)
    board_decision_date = models.DateField(_("nämndens beslutsdatum"), null=True, blank=True)
    legal_force_date = models.DateField(
        _("beslutet vann laga kraft"),
        null=True,
        blank=True,
        help_text=_("Överenskommelsen gäller först när nämndens beslut vunnit laga kraft."),
    )
    places_at_once = models.PositiveIntegerField(
        _("platser samtidigt"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    places_per_year = models.PositiveIntegerField(_("platser per år"), null=True, blank=True)
    capacity_unit = models.CharField(
        _("kapaciteten avser"), max_length=10, choices=CapacityUnit.choices, default=CapacityUnit.PLACES
    )
    reported_only = models.BooleanField(
        _("följs bara upp med rapporterade siffror"),
        default=False,
        help_text=_(
            "Partnerskapet har inga deltagare på individnivå (t.ex. ett härbärge som rapporterar bäddnätter): "
            "sidor och rapporter visar då inga placeringar, ingen beläggning av platser och ingen arbetsträning."
        ),
    )
    reporting_frequency = models.CharField(
        _("rapportperiod för rapporterade siffror"),
        max_length=20,
        choices=ReportingFrequency.choices,
        default=ReportingFrequency.QUARTERLY,
    )
    max_months = models.PositiveIntegerField(
        _("längsta placering (månader)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    paused_keeps_place = models.BooleanField(
        _("uppehåll behåller platsen"),
        default=True,
        help_text=_("En deltagare med uppehåll räknas fortfarande mot platstaket."),
    )
    extension_months = models.PositiveIntegerField(
        _("förlängningsoption (månader)"), default=0, help_text=_("0 om överenskommelsen saknar option.")
    )
    extension_notice_months = models.PositiveIntegerField(
        _("förlängning ska godkännas senast (månader före slut)"), default=3
    )
    invoicing_frequency = models.CharField(
        _("faktureringsintervall"),
        max_length=20,
        choices=InvoicingFrequency.choices,
        default=InvoicingFrequency.QUARTERLY,
    )
    invoicing_method = models.CharField(
        _("faktureringsmodell"),
        max_length=20,
        choices=InvoicingMethod.choices,
        default=InvoicingMethod.FIXED_SHARE,
    )
    steering_meetings_per_year = models.PositiveSmallIntegerField(
        _("styrgruppsmöten per år (minst)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(52)],
        help_text=_(
            "Som överenskommelsen anger, t.ex. 4. Tomt om den inte anger något antal: då inget krav."
        ),
    )
    convening_party = optional_foreign_key(
        "iop.Organisation", _("sammankallande part i styrgruppen"), related_name="+"
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("historik för partnerskap"))

    class Meta:
        verbose_name = _("partnerskap")
        verbose_name_plural = _("partnerskap")
        ordering = ["-created_at", "case_number"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="terminated") | models.Q(terminated_on__isnull=False),
                name="partnership_terminated_has_date",
                violation_error_message=_("Ange datum för hävningen."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_number} {self.title}"

    def clean(self) -> None:
        errors = {}
        if self.status == self.Status.TERMINATED:
            if not self.terminated_on:
                errors["terminated_on"] = _("Ange datum för hävningen.")
            if not self.termination_reason.strip():
                errors["termination_reason"] = _("Ange skälet för hävningen.")
        if (
            self.board_decision_date
            and self.legal_force_date
            and self.legal_force_date < self.board_decision_date
        ):
            errors["legal_force_date"] = _("Beslutet kan inte vinna laga kraft före beslutsdatumet.")
        if errors:
            raise ValidationError(errors)

    # Periods are prefetched by selectors; these helpers work on the prefetched list.
    def _periods(self) -> list["AgreementPeriod"]:
        return sorted(self.periods.all(), key=lambda p: p.start)

    @property
    def start_date(self) -> dt.date | None:
        periods = self._periods()
        return periods[0].start if periods else None

    @property
    def end_date(self) -> dt.date | None:
        periods = self._periods()
        return periods[-1].end if periods else None

    @property
    def extension_deadline(self) -> dt.date | None:
        """Last day on which every party must approve an extension in writing."""
        if not self.extension_months or not self.end_date:
            return None
        return add_months(self.end_date, -self.extension_notice_months)

    def days_left(self, today: dt.date | None = None) -> int | None:
        today = today or timezone.localdate()
        return (self.end_date - today).days if self.end_date else None

    def period_for(self, day: dt.date) -> "AgreementPeriod | None":
        for period in self._periods():
            if period.start <= day <= period.end:
                return period
        return None

    def agreement_years(self) -> list[int]:
        """Calendar years the agreement covers, from the first period to the last."""
        if not self.start_date or not self.end_date:
            return []
        return list(range(self.start_date.year, self.end_date.year + 1))

    @property
    def yearly_budget_total(self) -> Decimal:
        return sum((line.amount for line in self.budget_lines.all()), Decimal("0.00"))


class PartnershipParty(models.Model):
    """A party (part) to a partnership, with its role in it."""

    class Role(models.TextChoices):
        CITY = "city", _("Kommunal part")
        NON_PROFIT = "non_profit", _("Idéburen part")
        OTHER = "other", _("Övrig part")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        "iop.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="parties"
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("part")
        verbose_name_plural = _("parter")
        ordering = ["role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"],
                name="party_unique_per_partnership",
                violation_error_message=_("Organisationen är redan part i partnerskapet."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class WorkArea(models.Model):
    """A work area (verksamhet) where participants train, e.g. REMAKE or Matmissionen."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="work_areas")
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)

    class Meta:
        verbose_name = _("verksamhet")
        verbose_name_plural = _("verksamheter")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"],
                name="work_area_unique_name",
                violation_error_message=_("Det finns redan en verksamhet med det namnet."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class AgreementPeriod(models.Model):
    """An agreement period (avtalsperiod): the original one or an extension (förlängning)."""

    class Kind(models.TextChoices):
        ORIGINAL = "original", _("Ursprunglig period")
        EXTENSION = "extension", _("Förlängning")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.ORIGINAL)
    case_number = models.CharField(
        _("diarienummer för beslutet"),
        max_length=20,
        blank=True,
        validators=[validate_case_number],
        help_text=_("Beslutet om perioden, om det har ett eget diarienummer (t.ex. en förlängning)."),
    )
    start = models.DateField(_("från"))
    end = models.DateField(_("till"))
    approved_on = models.DateField(
        _("skriftligt godkänd av alla parter"), null=True, blank=True, help_text=_("Gäller förlängningar.")
    )
    late_reason = models.TextField(
        _("skäl till sen förlängning"),
        blank=True,
        help_text=_("Krävs om förlängningen godkändes efter sista dag."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("avtalsperiod")
        verbose_name_plural = _("avtalsperioder")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="period_end_after_start",
                violation_error_message=_("Periodens slut kan inte ligga före dess start."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("Periodens slut kan inte ligga före dess start.")})


class Amendment(models.Model):
    """A written amendment (ändring) to the agreement, approved by every party."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="amendments")
    date = models.DateField(_("datum"))
    title = models.CharField(_("rubrik"), max_length=200)
    text = models.TextField(_("ändringens innehåll"))
    affects_budget = models.BooleanField(
        _("ändrar budgeten"), default=False, help_text=_("Tillåter fakturering över en budgetrad.")
    )
    budget_year = models.PositiveIntegerField(_("budgetår som ändras"), null=True, blank=True)
    budget_increase = models.DecimalField(
        _("budgetökning (kr)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    document = models.FileField(_("dokument"), upload_to="amendments/%Y/", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ändring")
        verbose_name_plural = _("ändringar")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

    @property
    def fully_approved(self) -> bool:
        approvals = {a.party_id for a in self.approvals.all() if a.approved_on}
        party_ids = {p.pk for p in self.partnership.parties.all()}
        return bool(party_ids) and party_ids <= approvals


class AmendmentApproval(models.Model):
    """One party's approval (godkännande) of an amendment."""

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="approvals")
    party = models.ForeignKey(PartnershipParty, verbose_name=_("part"), on_delete=models.CASCADE)
    approved_on = models.DateField(_("godkänd den"), null=True, blank=True)

    class Meta:
        verbose_name = _("godkännande")
        verbose_name_plural = _("godkännanden")
        constraints = [
            models.UniqueConstraint(fields=["amendment", "party"], name="amendment_approval_unique_party")
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.approved_on or '–'}"


class ForumCriterionAssessment(models.Model):
    """How the partnership meets one of Forum's criteria for when an IOP is possible (the 2019 overview report)."""

    class Criterion(models.TextChoices):
        INITIATIVE = "initiative", _("Initiativet kommer från den idéburna organisationen")
        PROGRAMME = "programme", _("Ingår i ett politiskt program som nämner sektorn")
        NOT_GRANT = "not_grant", _("Är inte ordinarie föreningsbidrag")
        NO_MARKET = "no_market", _("Ingen marknad eller konkurrens finns")
        BOTH_FINANCE = "both_finance", _("Båda parter bidrar med finansiering")
        NOT_DETAILED = "not_detailed", _("Verksamheten är inte detaljreglerad av staden")
        LONG_TERM = "long_term", _("Avsett att löpa under längre tid")

    class Answer(models.TextChoices):
        YES = "yes", _("Uppfyllt")
        PARTLY = "partly", _("Delvis")
        NO = "no", _("Inte uppfyllt")
        UNKNOWN = "unknown", _("Ej bedömt")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="forum_criteria")
    criterion = models.CharField(_("kriterium"), max_length=20, choices=Criterion.choices)
    answer = models.CharField(_("bedömning"), max_length=10, choices=Answer.choices, default=Answer.UNKNOWN)
    note = models.TextField(_("kommentar"), blank=True)

    class Meta:
        verbose_name = _("Forums kriterium")
        verbose_name_plural = _("Forums kriterier")
        ordering = ["criterion"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "criterion"], name="forum_criterion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_criterion_display()}: {self.get_answer_display()}"
