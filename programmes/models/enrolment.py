"""A participant's way through a programme: the enrolment with its team and process leader, the
programme's phases and the phase history, and the follow-up talks that open and close a phase."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from followup.models.talk import NO_HEALTH_DETAILS

from .organisation import check_same_programme, raise_if


class Phase(models.Model):
    """A phase (fas) of a programme's participant process, in order. Malmökraften 2.0 (seed 003):
    kartläggning → samordnad planering och kompetenshöjande insatser → utmatchning."""

    partnership = models.ForeignKey(
        "iop.Partnership", verbose_name=_("partnerskap"), on_delete=models.CASCADE, related_name="phases"
    )
    position = models.PositiveSmallIntegerField(_("ordning"), validators=[MinValueValidator(1)])
    name = models.CharField(_("namn"), max_length=120)

    class Meta:
        verbose_name = _("fas")
        verbose_name_plural = _("faser")
        ordering = ["partnership", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "position"],
                name="phase_position_once",
                violation_error_message=_("Programmet har redan en fas på den platsen i ordningen."),
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="phase_position_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class EnrolmentQuerySet(models.QuerySet):
    def current(self) -> "EnrolmentQuerySet":
        """Enrolments that have not ended: those that count against a team's caseload target."""
        return self.filter(end_date__isnull=True)


class Enrolment(models.Model):
    """A participant's enrolment (inskrivning) in a programme: the team that holds the case, the process
    leader (processledare, a member of that team) and the current phase. Changes keep history."""

    partnership = models.ForeignKey(
        "iop.Partnership", verbose_name=_("partnerskap"), on_delete=models.PROTECT, related_name="enrolments"
    )
    participant = models.ForeignKey(
        "participants.Participant",
        verbose_name=_("deltagare"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    team = models.ForeignKey(
        "programmes.Team", verbose_name=_("team"), on_delete=models.PROTECT, related_name="enrolments"
    )
    process_leader = models.ForeignKey(
        "iop.User", verbose_name=_("processledare"), on_delete=models.PROTECT, related_name="led_enrolments"
    )
    start_date = models.DateField(_("inskriven från"))
    end_date = models.DateField(_("utskriven"), null=True, blank=True)
    phase = models.ForeignKey(
        Phase, verbose_name=_("nuvarande fas"), on_delete=models.PROTECT, related_name="enrolments"
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("historik för inskrivning"))

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("inskrivning")
        verbose_name_plural = _("inskrivningar")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "participant"],
                condition=Q(end_date__isnull=True),
                name="enrolment_one_current_per_programme",
                violation_error_message=_("Deltagaren är redan inskriven i programmet."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="enrolment_ends_after_start",
                violation_error_message=_("Utskrivningen kan inte vara före inskrivningen."),
            ),
        ]
        indexes = [models.Index(fields=["team", "end_date"], name="enrolment_team_end_idx")]

    def __str__(self) -> str:
        return f"{_('Inskrivning')} {self.pk} ({self.start_date:%Y-%m-%d})"

    def clean(self) -> None:
        errors: dict = {}
        check_same_programme(
            errors,
            "team",
            self.team if self.team_id else None,
            self.partnership_id,
            _("Teamet hör till ett annat program."),
        )
        check_same_programme(
            errors,
            "phase",
            self.phase if self.phase_id else None,
            self.partnership_id,
            _("Fasen hör till ett annat program."),
        )
        if (
            "team" not in errors
            and self.team_id
            and self.process_leader_id
            and not self.team.members.filter(user_id=self.process_leader_id).exists()
        ):
            errors["process_leader"] = _("Processledaren måste vara medlem i teamet.")
        raise_if(errors)


class EnrolmentPhase(models.Model):
    """A phase in one participant's phase history (fashistorik): from the day it opened to the day it
    was left (empty while current)."""

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("inskrivning"), on_delete=models.CASCADE, related_name="phase_history"
    )
    phase = models.ForeignKey(Phase, verbose_name=_("fas"), on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField(_("från"))
    end_date = models.DateField(_("till"), null=True, blank=True)

    class Meta:
        verbose_name = _("fas i fashistoriken")
        verbose_name_plural = _("fashistorik")
        ordering = ["enrolment", "start_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(end_date__isnull=True),
                name="enrolment_phase_one_current",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="enrolment_phase_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return str(self.phase)


class OpeningClosingTalk(models.Model):
    """What a follow-up talk with the team (uppföljningssamtal) that opens or closes a step of the participant's
    way records, whether the step is a phase (`PhaseTalk`) or an activity (`ParticipationTalk`); each concrete
    talk adds its step and its own `Purpose` choices."""

    held_on = models.DateField(_("datum"))
    notes = models.TextField(_("anteckningar"), blank=True, help_text=NO_HEALTH_DETAILS)
    created_by = models.ForeignKey(
        "iop.User", verbose_name=_("registrerat av"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.held_on:%Y-%m-%d}"  # type: ignore[attr-defined]


class PhaseTalk(OpeningClosingTalk):
    """A follow-up talk with the team (uppföljningssamtal) that opens or closes a participant's phase
    (seed 003: every phase change is opened and closed by a follow-up talk). A phase can be left only
    once a closing talk has been held in it."""

    class Purpose(models.TextChoices):
        OPENS = "opens", _("Inleder fasen")
        CLOSES = "closes", _("Avslutar fasen")

    enrolment_phase = models.ForeignKey(
        EnrolmentPhase, verbose_name=_("fas"), on_delete=models.CASCADE, related_name="talks"
    )
    purpose = models.CharField(_("samtalet"), max_length=10, choices=Purpose.choices)
    history = HistoricalRecords(verbose_name=_("historik för fassamtal"))

    class Meta(OpeningClosingTalk.Meta):
        verbose_name = _("uppföljningssamtal i fas")
        verbose_name_plural = _("uppföljningssamtal i faser")
        indexes = [models.Index(fields=["enrolment_phase", "purpose"], name="phasetalk_phase_purpose_idx")]
