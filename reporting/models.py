"""Models of the reporting app: report jobs (the outbox of report requests) and the generated files."""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from iop import export_jobs
from iop.models.fields import optional_foreign_key


def params_key(params: dict) -> str:
    """A stable key for a report's parameters (sorted JSON, hashed): equal requests get equal keys."""
    canonical = json.dumps(params or {}, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:40]


def last_changed_by() -> models.ForeignKey:
    """Who last changed a text written in the app (kept, as empty, when the user is removed)."""
    return optional_foreign_key("iop.User", _("senast ändrad av"), related_name="+")


def last_changed_at() -> models.DateTimeField:
    return models.DateTimeField(_("senast ändrad"), auto_now=True)


class ReportKind(models.TextChoices):
    """The kinds of report the system can produce. A kind is usable when reporting.builders registers it."""

    PARTNERSHIP_SUMMARY = "partnership_summary", _("Sammanställning av partnerskapet")
    ANNUAL = "annual", _("Årsrapport per partnerskap")
    QUARTERLY = "quarterly", _("Kvartalsrapport till nämnden")
    OVERVIEW = "overview", _("Årsöversikt över alla partnerskap")
    # Exports larger than a page run as jobs too (reporting.exports); their files belong to who asked.
    ACCESS_LOG_EXPORT = export_jobs.ACCESS_LOG_EXPORT, _("Export av åtkomstloggen")
    APPROVED_INVOICES_EXPORT = export_jobs.APPROVED_INVOICES_EXPORT, _("Export av attesterade fakturor")
    DASHBOARD_EXPORT = export_jobs.DASHBOARD_EXPORT, _("Export av översiktens data")


# The kinds produced row by row into a file by reporting.exports (not by a builder of reporting.builders).
EXPORT_KINDS = frozenset(
    {ReportKind.ACCESS_LOG_EXPORT, ReportKind.APPROVED_INVOICES_EXPORT, ReportKind.DASHBOARD_EXPORT}
)


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
    # Exports: how many rows the file holds, written when it is done (the progress of a running export
    # is kept in the cache, since the worker's transaction hides its writes until it commits).
    rows_done = models.PositiveIntegerField(_("rader klara"), null=True, blank=True)
    rows_total = models.PositiveIntegerField(_("rader totalt"), null=True, blank=True)

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

    @property
    def is_export(self) -> bool:
        return self.kind in EXPORT_KINDS


def report_upload_to(instance: "GeneratedReport", filename: str) -> str:
    return f"reports/{instance.job.kind}/{filename}"


class GeneratedReport(models.Model):
    """A produced report file (framställd rapport), one version of a kind and its parameters.

    Files are kept under reports/ in the private storage (`iop.storage`: MEDIA_ROOT or the object store)
    and are served only by the access-checked download view.
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
    # Export files are deleted from the storage after settings.EXPORT_RETENTION_DAYS
    # (reporting.exports.retention); the row stays, so the job page can say that the file has expired.
    expired_at = models.DateTimeField(_("filen borttagen"), null=True, blank=True)

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

    @property
    def expired(self) -> bool:
        return self.expired_at is not None


class OverviewIntroduction(models.Model):
    """The introduction (inledning) of a year's overview of all partnerships: the legal context, what an
    IOP is and Forum's criteria explained. Written by the coordinator; printed first in the overview."""

    year = models.PositiveIntegerField(_("år"), unique=True)
    text = models.TextField(_("inledning"))
    updated_by = last_changed_by()
    updated_at = last_changed_at()

    class Meta:
        verbose_name = _("inledning till årsöversikten")
        verbose_name_plural = _("inledningar till årsöversikten")
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="overview_introduction_year_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.year}"

    def clean(self) -> None:
        if self.year is not None and not 2000 <= self.year <= 2100:
            raise ValidationError({"year": _("Ange ett år mellan 2000 och 2100.")})


class ReportNarrative(models.Model):
    """A written text of a report: a narrative section of the annual report (verksamhetsberättelse:
    activity description, analysis or the administration's assessment) per partnership and year, or the
    progress text (lägesutveckling) of the quarterly board report per partnership, year and quarter.

    `text` is HTML sanitised with nh3 (p, strong, em, ul, ol, li, br, h3) by `reporting.narratives`.
    """

    class Section(models.TextChoices):
        ACTIVITY = "activity", _("Verksamhetsbeskrivning")
        ANALYSIS = "analysis", _("Analys")
        ASSESSMENT = "assessment", _("Förvaltningens bedömning")
        PROGRESS = "progress", _("Lägesutveckling")

    partnership = models.ForeignKey(
        "iop.Partnership", verbose_name=_("partnerskap"), on_delete=models.CASCADE, related_name="narratives"
    )
    year = models.PositiveIntegerField(_("år"))
    quarter = models.PositiveSmallIntegerField(
        _("kvartal"), null=True, blank=True, help_text=_("Bara för lägesutvecklingen i kvartalsrapporten.")
    )
    section = models.CharField(_("avsnitt"), max_length=20, choices=Section.choices)
    text = models.TextField(_("text"), blank=True)
    updated_by = last_changed_by()
    updated_at = last_changed_at()

    class Meta:
        verbose_name = _("berättande avsnitt")
        verbose_name_plural = _("berättande avsnitt")
        ordering = ["partnership", "year", "quarter", "section"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year", "section"],
                condition=models.Q(quarter__isnull=True),
                name="report_narrative_once_per_section",
                violation_error_message=_("Avsnittet finns redan för året."),
            ),
            models.UniqueConstraint(
                fields=["partnership", "year", "quarter", "section"],
                condition=models.Q(quarter__isnull=False),
                name="report_narrative_once_per_quarter",
                violation_error_message=_("Lägesutvecklingen finns redan för kvartalet."),
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="report_narrative_year_range"
            ),
            # The progress text belongs to a quarter; the annual report's sections to the whole year.
            models.CheckConstraint(
                condition=(models.Q(section="progress", quarter__gte=1, quarter__lte=4))
                | (~models.Q(section="progress") & models.Q(quarter__isnull=True)),
                name="report_narrative_quarter_only_for_progress",
            ),
        ]

    def __str__(self) -> str:
        if self.quarter:
            return f"{self.get_section_display()} {self.year} K{self.quarter}"
        return f"{self.get_section_display()} {self.year}"

    def clean(self) -> None:
        errors = {}
        if self.year is not None and not 2000 <= self.year <= 2100:
            errors["year"] = _("Ange ett år mellan 2000 och 2100.")
        if self.section == self.Section.PROGRESS:
            if self.quarter is None or not 1 <= self.quarter <= 4:
                errors["quarter"] = _("Ange kvartal 1–4.")
        elif self.quarter is not None:
            errors["quarter"] = _("Bara lägesutvecklingen skrivs per kvartal.")
        if errors:
            raise ValidationError(errors)


from reporting.deviation_models import DeviationMeasure, ManualDeviation  # noqa: E402, F401  (models of this app)
from reporting.reported_figures import ReportedFigure  # noqa: E402, F401  (a model of this app)
