"""A programme's activity catalogue and a participant's participations in its activities, each opened and
closed by a follow-up talk with the team (seed 003: "Varje aktivitet eller fasförflyttning inleds och
avslutas med ett uppföljningssamtal med teamet")."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .enrolment import Enrolment, OpeningClosingTalk
from .organisation import ProgrammeParty, check_same_programme, raise_if


class Activity(models.Model):
    """An activity (aktivitet) in a programme's catalogue, by kind, optionally with the party that provides
    it. Workplace-based activities (arbetsplatsförlagda aktiviteter, e.g. arbetspraktik or
    arbetsmarknadsutbildning) count towards Malmökraften's goal that 65 % of the participants take part in
    one."""

    class Kind(models.TextChoices):
        # The kinds of seed 003's list of activities ("AKTIVITETER", "Deltagarens väg genom projektet").
        JOINT_PLANNING = "joint_planning", _("Gemensam planering, kartläggning eller uppföljning")
        MATCHING = "matching", _("Matchning")
        RECRUITMENT_MEETING = "recruitment_meeting", _("Rekryteringsträffar")
        WORKPLACE = "workplace", _("Arbetsplatsförlagd aktivitet")
        GUIDANCE = "guidance", _("Studie- och yrkesvägledning")
        CARE_COORDINATION = "care_coordination", _("Vårdsamordning")
        SKILLS = "skills", _("Kompetenshöjande insats")
        PREPARATORY = "preparatory", _("Motiverande, rehabiliterande eller förberedande insats")
        EXTERNAL = "external", _("Aktivitet hos extern aktör")
        OTHER = "other", _("Annan")

    partnership = models.ForeignKey(
        "iop.Partnership", verbose_name=_("partnerskap"), on_delete=models.CASCADE, related_name="activities"
    )
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ av aktivitet"), max_length=30, choices=Kind.choices)
    workplace_based = models.BooleanField(
        _("arbetsplatsförlagd"),
        default=False,
        help_text=_("Räknas mot målet för andelen deltagare i arbetsplatsförlagda aktiviteter."),
    )
    provider = models.ForeignKey(
        ProgrammeParty,
        verbose_name=_("anordnas av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords(verbose_name=_("historik för aktivitet"))

    class Meta:
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        ordering = ["partnership", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"],
                name="activity_name_once",
                violation_error_message=_("Programmet har redan en aktivitet med det namnet."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="workplace") | Q(workplace_based=True),
                name="activity_workplace_kind_is_workplace_based",
                violation_error_message=_(
                    "En arbetsplatsförlagd aktivitet ska vara markerad som arbetsplatsförlagd."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict = {}
        check_same_programme(
            errors,
            "provider",
            self.provider if self.provider_id else None,
            self.partnership_id,
            _("Parten hör till ett annat program."),
        )
        raise_if(errors)


class Participation(models.Model):
    """A participant's participation (deltagande) in an activity of the programme, from the day it started
    to the day it ended (empty while ongoing). It can be ended only once a closing follow-up talk is held."""

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("inskrivning"), on_delete=models.CASCADE, related_name="participations"
    )
    activity = models.ForeignKey(
        Activity, verbose_name=_("aktivitet"), on_delete=models.PROTECT, related_name="participations"
    )
    start_date = models.DateField(_("från"))
    end_date = models.DateField(_("till"), null=True, blank=True)
    hours = models.PositiveIntegerField(
        _("timmar per vecka"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    created_by = models.ForeignKey(
        "iop.User", verbose_name=_("registrerat av"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    history = HistoricalRecords(verbose_name=_("historik för deltagande i aktivitet"))

    class Meta:
        verbose_name = _("deltagande i aktivitet")
        verbose_name_plural = _("deltaganden i aktiviteter")
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="participation_ends_after_start",
                violation_error_message=_("Deltagandet kan inte sluta före det började."),
            ),
            models.UniqueConstraint(
                fields=["enrolment", "activity"],
                condition=Q(end_date__isnull=True),
                name="participation_one_ongoing_per_activity",
                violation_error_message=_("Deltagaren deltar redan i den aktiviteten."),
            ),
        ]
        indexes = [models.Index(fields=["enrolment", "end_date"], name="participation_enrol_end_idx")]

    def __str__(self) -> str:
        return f"{self.activity} ({self.start_date:%Y-%m-%d})"

    def clean(self) -> None:
        errors: dict = {}
        if (
            self.activity_id
            and self.enrolment_id
            and self.activity.partnership_id != self.enrolment.partnership_id
        ):
            errors["activity"] = _("Aktiviteten hör till ett annat program.")
        raise_if(errors)


class ParticipationTalk(OpeningClosingTalk):
    """A follow-up talk with the team (uppföljningssamtal) that opens or closes a participation in an
    activity, as `PhaseTalk` does for a phase."""

    class Purpose(models.TextChoices):
        OPENS = "opens", _("Inleder aktiviteten")
        CLOSES = "closes", _("Avslutar aktiviteten")

    participation = models.ForeignKey(
        Participation, verbose_name=_("deltagande"), on_delete=models.CASCADE, related_name="talks"
    )
    purpose = models.CharField(_("samtalet"), max_length=10, choices=Purpose.choices)
    history = HistoricalRecords(verbose_name=_("historik för aktivitetssamtal"))

    class Meta(OpeningClosingTalk.Meta):
        verbose_name = _("uppföljningssamtal i aktivitet")
        verbose_name_plural = _("uppföljningssamtal i aktiviteter")
        indexes = [models.Index(fields=["participation", "purpose"], name="parttalk_participation_idx")]
