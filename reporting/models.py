"""Models of the reporting app: report jobs (the outbox of report requests) and the generated files."""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def params_key(params: dict) -> str:
    """A stable key for a report's parameters (sorted JSON, hashed): equal requests get equal keys."""
    canonical = json.dumps(params or {}, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:40]


def last_changed_by() -> models.ForeignKey:
    """Who last changed a text written in the app (kept, as empty, when the user is removed)."""
    return models.ForeignKey(
        "iop.User",
        verbose_name=_("senast ändrad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )


def last_changed_at() -> models.DateTimeField:
    return models.DateTimeField(_("senast ändrad"), auto_now=True)


class ReportKind(models.TextChoices):
    """The kinds of report the system can produce. A kind is usable when reporting.builders registers it."""

    PARTNERSHIP_SUMMARY = "partnership_summary", _("Sammanställning av partnerskapet")
    ANNUAL = "annual", _("Årsrapport per partnerskap")
    QUARTERLY = "quarterly", _("Kvartalsrapport till nämnden")
    OVERVIEW = "overview", _("Årsöversikt över alla partnerskap")


class ReportJob(models.Model):
    """A request to produce a report (rapportbeställning), processed by a Celery worker.

    The row is written in the same transaction as the request and dispatched after commit (an outbox): if
    the broker is down the job stays queued and the sweeper dispatches it later. At most one job per kind
    and parameters may be queued or running at a time.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("I kö")
        RUNNING = "running", _("Pågår")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    kind = models.CharField(_("rapporttyp"), max_length=40, choices=ReportKind.choices)
    params = models.JSONField(_("parametrar"), default=dict, blank=True)
    params_key = models.CharField(_("parameternyckel"), max_length=40, editable=False)
    partnership = models.ForeignKey(
        "iop.Partnership",
        verbose_name=_("partnerskap"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_jobs",
        help_text=_("Tom för rapporter över alla partnerskap."),
    )
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.QUEUED)
    failure_reason = models.TextField(_("orsak till fel"), blank=True)
    requested_by = models.ForeignKey(
        "iop.User",
        verbose_name=_("beställd av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_jobs",
    )
    requested_at = models.DateTimeField(_("beställd"), auto_now_add=True)
    dispatched_at = models.DateTimeField(_("skickad till kön"), null=True, blank=True)
    started_at = models.DateTimeField(_("startad"), null=True, blank=True)
    finished_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("försök"), default=0)

    class Meta:
        verbose_name = _("rapportbeställning")
        verbose_name_plural = _("rapportbeställningar")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "params_key"],
                condition=models.Q(state__in=["queued", "running"]),
                name="report_job_one_active_per_request",
                violation_error_message=_("Samma rapport håller redan på att tas fram."),
            ),
            models.CheckConstraint(
                condition=~models.Q(state="failed") | ~models.Q(failure_reason=""),
                name="report_job_failed_has_reason",
                violation_error_message=_("Ett misslyckat jobb ska ha en orsak."),
            ),
        ]
        indexes = [models.Index(fields=["state", "requested_at"], name="report_job_state_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.params} ({self.get_state_display()})"

    def clean(self) -> None:
        if self.state == self.State.FAILED and not self.failure_reason.strip():
            raise ValidationError({"failure_reason": _("Ange orsaken till felet.")})

    @property
    def active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)


def report_upload_to(instance: "GeneratedReport", filename: str) -> str:
    return f"reports/{instance.job.kind}/{filename}"


class GeneratedReport(models.Model):
    """A produced report file (framställd rapport), one version of a kind and its parameters.

    Files live under MEDIA_ROOT/reports/ and are served only by the access-checked download view.
    """

    job = models.OneToOneField(
        ReportJob, verbose_name=_("beställning"), on_delete=models.CASCADE, related_name="report"
    )
    kind = models.CharField(_("rapporttyp"), max_length=40, choices=ReportKind.choices)
    params_key = models.CharField(_("parameternyckel"), max_length=40)
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("fil"), upload_to=report_upload_to, max_length=300)
    filename = models.CharField(_("filnamn"), max_length=200)
    content_type = models.CharField(_("innehållstyp"), max_length=100, default="application/pdf")
    sha256 = models.CharField(_("kontrollsumma (SHA-256)"), max_length=64)
    size = models.PositiveBigIntegerField(_("storlek (byte)"))
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("framställd rapport")
        verbose_name_plural = _("framställda rapporter")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "params_key", "version"], name="generated_report_unique_version"
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="generated_report_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} v{self.version}"


class ReportNarrative(models.Model):
    """A narrative section of the annual report (verksamhetsberättelse): activity description, analysis or
    the administration's assessment, written in the app per partnership and year.

    `text` is HTML sanitised with nh3 (p, strong, em, ul, ol, li, br, h3) by `reporting.services`.
    """

    class Section(models.TextChoices):
        ACTIVITY = "activity", _("Verksamhetsbeskrivning")
        ANALYSIS = "analysis", _("Analys")
        ASSESSMENT = "assessment", _("Förvaltningens bedömning")

    partnership = models.ForeignKey(
        "iop.Partnership", verbose_name=_("partnerskap"), on_delete=models.CASCADE, related_name="narratives"
    )
    year = models.PositiveIntegerField(_("år"))
    section = models.CharField(_("avsnitt"), max_length=20, choices=Section.choices)
    text = models.TextField(_("text"), blank=True)
    updated_by = last_changed_by()
    updated_at = last_changed_at()

    class Meta:
        verbose_name = _("berättande avsnitt")
        verbose_name_plural = _("berättande avsnitt")
        ordering = ["partnership", "year", "section"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year", "section"],
                name="report_narrative_once_per_section",
                violation_error_message=_("Avsnittet finns redan för året."),
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="report_narrative_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_section_display()} {self.year}"

    def clean(self) -> None:
        if self.year is not None and not 2000 <= self.year <= 2100:
            raise ValidationError({"year": _("Ange ett år mellan 2000 och 2100.")})


class DeviationMeasure(models.Model):
    """The measures taken (åtgärd) for a deviation flagged in the quarterly board report."""

    partnership = models.ForeignKey(
        "iop.Partnership",
        verbose_name=_("partnerskap"),
        on_delete=models.CASCADE,
        related_name="deviation_measures",
    )
    year = models.PositiveIntegerField(_("år"))
    quarter = models.PositiveSmallIntegerField(_("kvartal"))
    deviation_code = models.CharField(_("avvikelse"), max_length=60)
    text = models.TextField(_("vidtagna åtgärder"))
    updated_by = last_changed_by()
    updated_at = last_changed_at()

    class Meta:
        verbose_name = _("åtgärd vid avvikelse")
        verbose_name_plural = _("åtgärder vid avvikelser")
        ordering = ["year", "quarter", "partnership", "deviation_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year", "quarter", "deviation_code"],
                name="deviation_measure_once_per_deviation",
                violation_error_message=_("Åtgärden finns redan för avvikelsen."),
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="deviation_measure_quarter_1_4"
            ),
            models.CheckConstraint(condition=~models.Q(text=""), name="deviation_measure_text_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.year} K{self.quarter} {self.deviation_code}"

    def clean(self) -> None:
        errors = {}
        if self.quarter is not None and not 1 <= self.quarter <= 4:
            errors["quarter"] = _("Ange kvartal 1–4.")
        if not (self.text or "").strip():
            errors["text"] = _("Beskriv de åtgärder som vidtagits.")
        if errors:
            raise ValidationError(errors)


from reporting.reported_figures import ReportedFigure  # noqa: E402, F401  (a model of this app)
