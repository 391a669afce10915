from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iop.models.fields import optional_foreign_key

NO_HEALTH_DETAILS = _("Skriv inga diagnoser eller känsliga hälsouppgifter här.")


class TalkKind(models.TextChoices):
    STUDY_VISIT = "study_visit", _("Studiebesök")
    START_MEETING = "start_meeting", _("Uppstartsmöte (introduktionssamtal)")
    SUPERVISION_TALK = "supervision_talk", _("Handledningssamtal")
    FOLLOWUP_MEETING = "followup_meeting", _("Uppföljningsmöte med handläggare")
    EXIT_MEETING = "exit_meeting", _("Avslutningsmöte (avslutningssamtal)")
    SUPPORT_TALK = "support_talk", _("Stödsamtal")
    OTHER = "other", _("Annat")


# Indicator 2 counts *follow-up talks* where BOTH the supervisor and the case officer took part. Kinds
# that count: the follow-up meeting with the case officer, and a supervision talk the case officer
# joined. The start and exit meetings are indicators 1 and 4 of their own and do not count here.
JOINT_FOLLOWUP_KINDS = (TalkKind.FOLLOWUP_MEETING, TalkKind.SUPERVISION_TALK)
JOINT_Q = Q(
    status="held",
    kind__in=JOINT_FOLLOWUP_KINDS,
    supervisor_present=True,
    case_officer_present=True,
)

# The fields every kind of talk has; the supervision talk and the exit meeting add their own below.
COMMON_FIELDS = (
    "kind",
    "status",
    "held_at",
    "participant_present",
    "supervisor_present",
    "case_officer_present",
    "others",
    "notes",
    "next_steps",
    "next_meeting_on",
)
SUPERVISION_FIELDS = (
    "development_goals",
    "work_ability_and_hours",
    "work_environment",
    "what_works",
    "challenges",
    "goals_next_period",
    "action_plan",
)
EXIT_FIELDS = ("exit_summary", "exit_evaluation", "exit_next_step")


class TalkQuerySet(models.QuerySet):
    def held(self) -> "TalkQuerySet":
        return self.filter(status=Talk.Status.HELD)

    def of_kind(self, *kinds: str) -> "TalkQuerySet":
        return self.filter(kind__in=kinds)

    def joint_followups(self) -> "TalkQuerySet":
        """Held follow-up talks with both supervisor and case officer present (indicator 2)."""
        return self.filter(JOINT_Q)


class Talk(models.Model):
    """A talk or meeting (samtal / möte) during a participant's way through a partnership.

    Kinds: studiebesök, uppstartsmöte (= the introduction talk, indicator 1), handledningssamtal
    (supervision talk with the seven agenda points of the method), uppföljningsmöte with the case
    officer, avslutningsmöte (= the exit talk, indicator 4), stödsamtal, annat. A talk belongs to a
    placement; a study visit may instead belong to the referral (before any placement exists).
    `status` is planned (booked) or held; only held talks count for the indicators, but a booked exit
    meeting silences the "no exit meeting booked" reminder. Who took part is recorded as three booleans
    (participant, supervisor, case officer) plus named users and free text; a joint follow-up
    (indicator 2) is `JOINT_Q`. Corrections keep history (django-simple-history).
    """

    Kind = TalkKind

    class Status(models.TextChoices):
        PLANNED = "planned", _("Bokat")
        HELD = "held", _("Genomfört")

    placement = optional_foreign_key(
        "participants.Placement", _("arbetsträningsplats"), on_delete=models.CASCADE, related_name="talks"
    )
    referral = models.ForeignKey(
        "participants.Referral",
        verbose_name=_("anvisning"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="talks",
        help_text=_("Bara för studiebesök innan en plats finns."),
    )
    kind = models.CharField(_("typ av samtal"), max_length=30, choices=TalkKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.HELD)
    held_at = models.DateTimeField(_("datum och tid"))
    participant_present = models.BooleanField(_("deltagaren deltog"), default=True)
    supervisor_present = models.BooleanField(_("handledaren deltog"), default=False)
    case_officer_present = models.BooleanField(_("handläggaren deltog"), default=False)
    attendees = models.ManyToManyField(
        "iop.User", verbose_name=_("deltagande användare"), blank=True, related_name="followup_talks"
    )
    others = models.CharField(
        _("övriga deltagare (roll)"), max_length=300, blank=True, help_text=_("T.ex. tolk, arbetskonsulent.")
    )
    notes = models.TextField(_("anteckningar"), blank=True, help_text=NO_HEALTH_DETAILS)
    next_steps = models.TextField(_("överenskomna nästa steg"), blank=True)
    next_meeting_on = models.DateField(_("nästa möte"), null=True, blank=True)
    # The seven agenda points of a supervision talk (Stadsmissionen's work-training method, "Handledningssamtal").
    development_goals = models.TextField(_("utvecklingsmål för perioden"), blank=True)
    work_ability_and_hours = models.TextField(_("arbetsförmåga och arbetstider"), blank=True)
    work_environment = models.TextField(_("arbetsmiljö"), blank=True)
    what_works = models.TextField(_("möjligheter och det som fungerar"), blank=True)
    challenges = models.TextField(_("utmaningar och anledningar till svårigheter"), blank=True)
    goals_next_period = models.TextField(_("målsättning för kommande period"), blank=True)
    action_plan = models.TextField(_("handlingsplan för nästa period"), blank=True)
    # Exit meeting.
    exit_summary = models.TextField(_("sammanfattning"), blank=True)
    exit_evaluation = models.TextField(_("utvärdering"), blank=True)
    exit_next_step = models.TextField(_("nästa steg efter arbetsträningen"), blank=True)
    created_by = optional_foreign_key("iop.User", _("registrerat av"), related_name="+")
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("historik för samtal"), m2m_fields=[attendees])

    objects = TalkQuerySet.as_manager()

    class Meta:
        verbose_name = _("samtal")
        verbose_name_plural = _("samtal")
        ordering = ["-held_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(placement__isnull=False) | Q(referral__isnull=False, kind="study_visit"),
                name="talk_has_placement_or_study_visit_referral",
                violation_error_message=_(
                    "Ett samtal hör till en arbetsträningsplats; bara studiebesök kan höra till en anvisning."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["placement", "kind", "status"], name="talk_placement_kind_idx"),
            # The engine's held talks by kind in a period (reporting.indicators.facts): an index-only
            # range scan on held_at instead of a sequential scan of every talk (docs/reporting.md).
            models.Index(
                fields=["held_at", "kind", "placement"],
                condition=Q(status="held", placement__isnull=False),
                name="talk_held_at_kind_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_at:%Y-%m-%d}"

    @property
    def is_joint_followup(self) -> bool:
        return (
            self.status == self.Status.HELD
            and self.kind in JOINT_FOLLOWUP_KINDS
            and self.supervisor_present
            and self.case_officer_present
        )

    def clean(self) -> None:
        errors = {}
        if self.placement_id is None and self.referral_id is None:
            errors["placement"] = _("Välj arbetsträningsplats.")
        elif self.placement_id is None and self.kind != TalkKind.STUDY_VISIT:
            errors["kind"] = _("Bara studiebesök kan registreras på en anvisning.")
        if errors:
            raise ValidationError(errors)
