from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# The default instrument, modelled on the Employment Indicator Project (Vaeksthusets
# forskningscenter, cited by the ESF project Malmökraften 2.0): the indicators found to raise the probability of a job, plus the
# participant's own view of their work ability. `code` is stable across partnerships so reports can
# compare item by item; the wording can be edited per partnership.
DEFAULT_ITEMS: tuple[tuple[str, str], ...] = (
    ("believes_job", "Jag tror på att jag kan få ett jobb."),
    ("acts_purposefully", "Jag agerar målmedvetet för att få ett jobb."),
    ("realistic_skills", "Jag har en realistisk bild av mina färdigheter."),
    ("copes_health", "Jag kan hantera mina hälsoutmaningar."),
    ("knows_labour_market", "Jag har kunskap om arbetsmarknaden."),
    ("cooperates", "Jag kan samarbeta med andra."),
    ("work_ability", "Min egen bedömning av min arbetsförmåga."),
)


class SelfAssessmentInstrument(models.Model):
    """A self-assessment instrument (självskattningsformulär) of a partnership: items on one scale.

    One active instrument per partnership; the coordinator may edit wording, order and scale. The
    default (created by `followup.services.instrument_for`) has the Employment Indicator Project items
    on a 1–10 scale. Answers copy the scale they were given on, so later edits never reinterpret them.
    """

    partnership = models.ForeignKey(
        "iop.Partnership",
        verbose_name=_("partnerskap"),
        on_delete=models.CASCADE,
        related_name="assessment_instruments",
    )
    name = models.CharField(_("namn"), max_length=200, default=_("Självskattning"))
    scale_min = models.PositiveSmallIntegerField(_("skala från"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("skala till"), default=10)
    active = models.BooleanField(_("används"), default=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    history = HistoricalRecords(verbose_name=_("historik för självskattningsformulär"))

    class Meta:
        verbose_name = _("självskattningsformulär")
        verbose_name_plural = _("självskattningsformulär")
        ordering = ["partnership", "-active", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_max__gt=F("scale_min")) & Q(scale_max__lte=100),
                name="instrument_scale_valid",
                violation_error_message=_(
                    "Skalans högsta värde måste vara större än det lägsta (högst 100)."
                ),
            ),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(active=True),
                name="instrument_one_active_per_partnership",
                violation_error_message=_("Partnerskapet har redan ett formulär som används."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.scale_min}–{self.scale_max})"

    def clean(self) -> None:
        if self.scale_max is not None and self.scale_min is not None and self.scale_max <= self.scale_min:
            raise ValidationError({"scale_max": _("Skalans högsta värde måste vara större än det lägsta.")})


class SelfAssessmentItem(models.Model):
    """One statement (påstående) of an instrument, e.g. "Jag tror på att jag kan få ett jobb"."""

    instrument = models.ForeignKey(
        SelfAssessmentInstrument, verbose_name=_("formulär"), on_delete=models.CASCADE, related_name="items"
    )
    code = models.SlugField(_("kod"), max_length=40)
    wording = models.CharField(_("formulering"), max_length=300)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("påstående")
        verbose_name_plural = _("påståenden")
        ordering = ["instrument", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "code"],
                name="assessment_item_code_unique",
                violation_error_message=_("Koden finns redan i formuläret."),
            )
        ]

    def __str__(self) -> str:
        return self.wording


class SelfAssessment(models.Model):
    """A self-assessment (självskattning) on one occasion (start, mid-way, end) of a placement.

    `kind` says whose assessment it is: the participant's own (filled in together with the supervisor;
    indicator 3 counts these at start and end), or the case officer's or supervisor's parallel
    assessment of the participant (the Employment Indicator Project found the case worker's belief in
    the participant among the strongest predictors of a job). One per placement, occasion and kind.
    """

    class Occasion(models.TextChoices):
        START = "start", _("Start")
        MID = "mid", _("Halvvägs")
        END = "end", _("Avslut")

    class Kind(models.TextChoices):
        PARTICIPANT = "participant", _("Deltagarens självskattning")
        CASE_OFFICER = "case_officer", _("Handläggarens bedömning")
        SUPERVISOR = "supervisor", _("Handledarens bedömning")

    placement = models.ForeignKey(
        "participants.Placement",
        verbose_name=_("arbetsträningsplats"),
        on_delete=models.CASCADE,
        related_name="self_assessments",
    )
    instrument = models.ForeignKey(
        SelfAssessmentInstrument, verbose_name=_("formulär"), on_delete=models.PROTECT, related_name="+"
    )
    occasion = models.CharField(_("tillfälle"), max_length=10, choices=Occasion.choices)
    kind = models.CharField(
        _("vems skattning"), max_length=20, choices=Kind.choices, default=Kind.PARTICIPANT
    )
    assessed_on = models.DateField(_("datum"))
    note = models.TextField(_("kommentar"), blank=True)
    created_by = models.ForeignKey(
        "iop.User", verbose_name=_("registrerad av"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("historik för självskattning"))

    class Meta:
        verbose_name = _("självskattning")
        verbose_name_plural = _("självskattningar")
        ordering = ["placement", "assessed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "occasion", "kind"],
                name="self_assessment_once_per_occasion_and_kind",
                violation_error_message=_("Den här skattningen finns redan för tillfället."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.get_occasion_display()} {self.assessed_on:%Y-%m-%d}"


class SelfAssessmentAnswer(models.Model):
    """One answer (svar) on one item. Stores the scale it was given on so the DB can check the range."""

    assessment = models.ForeignKey(
        SelfAssessment, verbose_name=_("självskattning"), on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(
        SelfAssessmentItem, verbose_name=_("påstående"), on_delete=models.PROTECT, related_name="answers"
    )
    value = models.PositiveSmallIntegerField(_("värde"))
    scale_min = models.PositiveSmallIntegerField(_("skala från"))
    scale_max = models.PositiveSmallIntegerField(_("skala till"))
    history = HistoricalRecords(verbose_name=_("historik för svar"))

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        ordering = ["assessment", "item__order", "item_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "item"],
                name="self_assessment_answer_once_per_item",
                violation_error_message=_("Påståendet är redan besvarat."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=F("scale_min")) & Q(value__lte=F("scale_max")),
                name="self_assessment_answer_in_scale",
                violation_error_message=_("Värdet ligger utanför skalan."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.value}"

    def clean(self) -> None:
        if self.value is None or self.scale_min is None or self.scale_max is None:
            return
        if not self.scale_min <= self.value <= self.scale_max:
            raise ValidationError(
                {
                    "value": _("Välj ett värde från %(min)s till %(max)s.")
                    % {"min": self.scale_min, "max": self.scale_max}
                }
            )
