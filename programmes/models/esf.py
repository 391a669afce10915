"""ESF participant data at entry (seed 003, the ESF application of Malmökraften 2.0): the participant
categories of the application's form "Deltagare i projektet", the kinds of support the participant has at
once, the programme status and the time at Arbetsförmedlingen at entry, and the referring party. All of it
is optional and kept only for programmes that report to ESF/SCB; Stadsmission's placements never have it.
Also the record of every SCB/ESF participant export made (who, which programme and period, how many)."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from participants.models import SupportKind

from .enrolment import Enrolment
from .organisation import check_same_programme, raise_if

MAX_MONTHS_AT_AF = 600


class EsfCategory(models.TextChoices):
    """The participant categories of seed 003's form "Deltagare i projektet", in the form's words."""

    EMPLOYED = "anstallda", _("Anställda")
    YOUNG = "unga_15_24", _("Unga (15-24 år)")
    DISABILITY = "funktionsnedsattning", _("Har en funktionsnedsättning som medför nedsatt arbetsförmåga")
    SICK_LEAVE = (
        "sjukskrivna",
        _("Är eller har varit sjukskrivna och har behov av stöd för återgång i arbete"),
    )
    OUTSIDE_12_MONTHS = "utanfor_12_man", _("Är utanför arbetsmarknaden (mer än 12 månader)")
    LONG_TERM_NOT_AF = "langtidsarbetslosa_ej_af", _("Långtidsarbetslösa ej anmälda på AF")
    SELF_EMPLOYED = "foretagare", _("Företagare")
    NON_PROFIT_SECTOR = "ideell_sektor", _("Verksamma inom ideell sektor")
    LONG_TERM_UNEMPLOYED = "langtidsarbetslosa", _("Långtidsarbetslösa")
    NEWLY_ARRIVED = "nyanlanda", _("Nyanlända invandrare")


# The kinds of support that can be combined at entry (seed 003: "försörjningsstöd" together with
# "aktivitetsstöd", "sjukpenning"); "none" and "unknown" are an empty selection here.
COMBINABLE_SUPPORT = [
    (value, label)
    for value, label in SupportKind.choices
    if value not in (SupportKind.NONE, SupportKind.UNKNOWN)
]


class ProgrammeStatus(models.TextChoices):
    """The participant's status at Arbetsförmedlingen at entry (seed 003: the target group takes part in
    Jobb- och utvecklingsgarantin, or is on sick pay)."""

    JOB_GUARANTEE = "jobb_och_utvecklingsgarantin", _("Arbetssökande i Jobb- och utvecklingsgarantin")
    OTHER_PROGRAMME = "annat_program_af", _("Arbetssökande i annat program hos Arbetsförmedlingen")
    REGISTERED = "inskriven_af", _("Inskriven arbetssökande hos Arbetsförmedlingen utan program")
    NOT_REGISTERED = "ej_inskriven_af", _("Inte inskriven hos Arbetsförmedlingen")


def _check_choices(errors: dict, field: str, values, allowed, message) -> None:
    if (
        not isinstance(values, list)
        or any(v not in allowed for v in values)
        or len(set(values)) != len(values)
    ):
        errors[field] = message


class EsfEntry(models.Model):
    """The ESF participant data of one enrolment at entry (deltagaruppgifter vid inskrivning)."""

    enrolment = models.OneToOneField(
        Enrolment, verbose_name=_("inskrivning"), on_delete=models.CASCADE, related_name="esf_entry"
    )
    categories = models.JSONField(_("deltagarkategorier"), default=list, blank=True)
    support_kinds = models.JSONField(_("försörjning vid inskrivning"), default=list, blank=True)
    programme_status = models.CharField(
        _("programstatus vid inskrivning"), max_length=40, choices=ProgrammeStatus.choices, blank=True
    )
    months_at_af = models.PositiveSmallIntegerField(
        _("månader inskriven hos Arbetsförmedlingen"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_MONTHS_AT_AF)],
    )
    referring_party = models.ForeignKey(
        "programmes.ProgrammeParty",
        verbose_name=_("anvisande part"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        "iop.User", verbose_name=_("senast ändrad av"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("historik för ESF-uppgifter"))

    class Meta:
        verbose_name = _("ESF-uppgifter vid inskrivning")
        verbose_name_plural = _("ESF-uppgifter vid inskrivning")

    def __str__(self) -> str:
        return f"{_('ESF-uppgifter')} {self.enrolment_id}"

    def clean(self) -> None:
        errors: dict = {}
        _check_choices(
            errors,
            "categories",
            self.categories,
            EsfCategory.values,
            _("Välj bland ESF:s deltagarkategorier."),
        )
        _check_choices(
            errors,
            "support_kinds",
            self.support_kinds,
            [v for v, _label in COMBINABLE_SUPPORT],
            _("Välj bland försörjningsformerna."),
        )
        if self.referring_party_id and self.enrolment_id:
            check_same_programme(
                errors,
                "referring_party",
                self.referring_party,
                self.enrolment.partnership_id,
                _("Den anvisande parten hör till ett annat program."),
            )
        raise_if(errors)

    def category_labels(self) -> list[str]:
        labels = dict(EsfCategory.choices)
        return [str(labels[v]) for v in self.categories if v in labels]

    def support_labels(self) -> list[str]:
        labels = dict(COMBINABLE_SUPPORT)
        return [str(labels[v]) for v in self.support_kinds if v in labels]


class EsfExportRecord(models.Model):
    """One SCB/ESF participant export (export av deltagaruppgifter): who made it, of which programme and
    period, in which format and with how many people. The people are in the access log, one row each."""

    partnership = models.ForeignKey(
        "iop.Partnership", verbose_name=_("partnerskap"), on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(_("från"))
    period_end = models.DateField(_("till"))
    file_format = models.CharField(_("format"), max_length=4)
    rows = models.PositiveIntegerField(_("antal deltagare"))
    created_by = models.ForeignKey(
        "iop.User", verbose_name=_("exporterad av"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("exporterad"), auto_now_add=True)

    class Meta:
        verbose_name = _("export av ESF-deltagaruppgifter")
        verbose_name_plural = _("exporter av ESF-deltagaruppgifter")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.partnership_id} {self.period_start}–{self.period_end}"
