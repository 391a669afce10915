"""Time reports of an ESF programme (seed 003): the participants' hours per month and activity, which the
funder follows up (a monthly report from every participant, at least 2 hours a week) and which give the
participant allowance counted as co-financing; and the staff's hours per month and project phase, the basis
for the salary costs claimed. A team's month is locked once reported (rapporterad).

The rules (minimum, allowance, salary cost) live in `programmes.timereports`."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .activity import Participation
from .enrolment import Enrolment
from .organisation import Team, TeamMember

# A month has at most 31 × 24 hours.
MAX_HOURS_PER_MONTH = Decimal(744)
# Seed 003, risk analysis: "Att projektdeltagarna redovisar mindre än 2 timmar/vecka".
DEFAULT_WEEKLY_MINIMUM = Decimal(2)

HOURS_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(MAX_HOURS_PER_MONTH)]


class ProgrammeTimeRules(models.Model):
    """A programme's time-report rules: the weekly minimum of participant hours and the participant
    allowance per hour counted as co-financing. A programme without a row has the defaults."""

    partnership = models.OneToOneField(
        "iop.Partnership", verbose_name=_("partnerskap"), on_delete=models.CASCADE, related_name="time_rules"
    )
    weekly_minimum_hours = models.DecimalField(
        _("minsta antal timmar per vecka"),
        max_digits=4,
        decimal_places=1,
        default=DEFAULT_WEEKLY_MINIMUM,
        validators=[MinValueValidator(Decimal(0))],
    )
    allowance_rate = models.DecimalField(
        _("deltagarersättning per timme (kr)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("Offentligt finansierad ersättning till deltagare, räknas som medfinansiering."),
    )
    history = HistoricalRecords(verbose_name=_("historik för tidrapportregler"))

    class Meta:
        verbose_name = _("regler för tidrapporter")
        verbose_name_plural = _("regler för tidrapporter")

    def __str__(self) -> str:
        return str(self.partnership)


class ParticipantTimeReport(models.Model):
    """A participant's hours in one month, in one activity participation (or, without a participation, in
    the programme in general). The allowance rate is the programme's at the time of entry, kept so that a
    reported month does not change with the rules."""

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("inskrivning"), on_delete=models.PROTECT, related_name="time_reports"
    )
    month = models.DateField(_("månad"), help_text=_("Månadens första dag."))
    participation = models.ForeignKey(
        Participation,
        verbose_name=_("aktivitet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="time_reports",
    )
    hours = models.DecimalField(_("timmar"), max_digits=5, decimal_places=2, validators=HOURS_VALIDATORS)
    allowance_rate = models.DecimalField(
        _("deltagarersättning per timme (kr)"), max_digits=8, decimal_places=2, default=Decimal("0.00")
    )
    created_by = models.ForeignKey(
        "iop.User", verbose_name=_("registrerat av"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(verbose_name=_("historik för deltagares tidrapport"))

    class Meta:
        verbose_name = _("deltagares tidrapport")
        verbose_name_plural = _("deltagares tidrapporter")
        ordering = ["month", "enrolment", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "month", "participation"],
                name="participant_time_once_per_activity",
                violation_error_message=_("Timmarna för aktiviteten och månaden är redan rapporterade."),
            ),
            models.UniqueConstraint(
                fields=["enrolment", "month"],
                condition=Q(participation__isnull=True),
                name="participant_time_once_without_activity",
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0) & Q(hours__lte=MAX_HOURS_PER_MONTH),
                name="participant_time_hours_range",
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="participant_time_month_first_day"),
        ]
        indexes = [models.Index(fields=["month", "enrolment"], name="participant_time_month_idx")]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.month:%Y-%m}: {self.hours}"


class ProjectPhase(models.TextChoices):
    """The project's phases (projektfaser) in seed 003's budget and time plan: staff hours are reported per
    phase here, and the ESF budget (invoicing.models.esf_budget) is drawn up per phase."""

    ANALYSIS_PLANNING = "analysis_planning", _("Analys- och planeringsfas")
    IMPLEMENTATION = "implementation", _("Genomförandefas")
    CLOSING = "closing", _("Avslutsfas")


class StaffTimeReport(models.Model):
    """A team member's hours in one month and project phase (seed 003's budget phases), with the hourly
    cost at the time of entry: hours × hourly cost is the salary cost claimed."""

    ProjectPhase = ProjectPhase  # the one list of project phases, module level below the imports

    member = models.ForeignKey(
        TeamMember, verbose_name=_("teammedlem"), on_delete=models.PROTECT, related_name="time_reports"
    )
    month = models.DateField(_("månad"), help_text=_("Månadens första dag."))
    project_phase = models.CharField(_("projektfas"), max_length=20, choices=ProjectPhase.choices)
    hours = models.DecimalField(_("timmar"), max_digits=5, decimal_places=2, validators=HOURS_VALIDATORS)
    hourly_cost = models.DecimalField(
        _("timkostnad (kr)"), max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    created_by = models.ForeignKey(
        "iop.User", verbose_name=_("registrerat av"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(verbose_name=_("historik för personalens tidrapport"))

    class Meta:
        verbose_name = _("personalens tidrapport")
        verbose_name_plural = _("personalens tidrapporter")
        ordering = ["month", "member", "project_phase"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "month", "project_phase"],
                name="staff_time_once_per_phase",
                violation_error_message=_("Timmarna för fasen och månaden är redan rapporterade."),
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0) & Q(hours__lte=MAX_HOURS_PER_MONTH), name="staff_time_hours_range"
            ),
            models.CheckConstraint(condition=Q(hourly_cost__gte=0), name="staff_time_cost_not_negative"),
            models.CheckConstraint(condition=Q(month__day=1), name="staff_time_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.month:%Y-%m}: {self.hours}"


class TimeReportMonth(models.Model):
    """A team's month that is reported (rapporterad): its participant and staff time reports are locked."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="reported_months"
    )
    month = models.DateField(_("månad"))
    locked_by = models.ForeignKey(
        "iop.User", verbose_name=_("rapporterad av"), on_delete=models.PROTECT, related_name="+"
    )
    locked_at = models.DateTimeField(_("rapporterad"), auto_now_add=True)

    class Meta:
        verbose_name = _("rapporterad månad")
        verbose_name_plural = _("rapporterade månader")
        ordering = ["team", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "month"],
                name="time_report_month_once",
                violation_error_message=_("Månaden är redan rapporterad."),
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="time_report_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.team_id} {self.month:%Y-%m}"
