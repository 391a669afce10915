"""How a participant leaves a programme: the outcome at exit with the handover to the receiving officer,
and the participant's situation at start, at exit and six months after (the participants app's `Situation`,
tied to the enrolment here)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from followup.models.talk import NO_HEALTH_DETAILS

from .enrolment import Enrolment

# Seed 003: a participant who has started work or studies, "eller inom 90 dagar ska påbörja en
# överenskommen och beslutad anställning eller utbildning", is normally written out.
DECIDED_START_WITHIN_DAYS = 90


class EnrolmentExit(models.Model):
    """The exit (utskrivning) of an enrolment: the outcome, for a decided start its decision and start
    dates, and the handover note to the officer who takes over the participant's planning."""

    class Outcome(models.TextChoices):
        WORK = "work", _("Arbete")
        STUDIES = "studies", _("Studier")
        DECIDED = "decided", _("Beslutat arbete eller studier som startar inom 90 dagar")
        AF_FK = "af_fk", _("Överlämning till AF/FK-samverkan")
        SICKNESS_COMPENSATION = "sickness_compensation", _("Sjukersättning")
        OTHER = "other", _("Annat")

    enrolment = models.OneToOneField(
        Enrolment, verbose_name=_("inskrivning"), on_delete=models.CASCADE, related_name="exit"
    )
    outcome = models.CharField(_("utfall"), max_length=30, choices=Outcome.choices)
    decision_date = models.DateField(_("beslutsdatum"), null=True, blank=True)
    starts_on = models.DateField(_("startdatum för arbete eller studier"), null=True, blank=True)
    receiving_officer = models.CharField(_("mottagande handläggare"), max_length=200, blank=True)
    handover_note = models.TextField(_("överlämning"), blank=True, help_text=NO_HEALTH_DETAILS)
    created_by = models.ForeignKey(
        "iop.User", verbose_name=_("registrerat av"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    history = HistoricalRecords(verbose_name=_("historik för utskrivning"))

    class Meta:
        verbose_name = _("utskrivning")
        verbose_name_plural = _("utskrivningar")
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="decided") | Q(decision_date__isnull=False, starts_on__isnull=False),
                name="enrolment_exit_decided_has_dates",
                violation_error_message=_("Ett beslutat utfall kräver beslutsdatum och startdatum."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_outcome_display()


class EnrolmentSituation(models.Model):
    """The participant's situation (`participants.Situation`) recorded for this enrolment at one moment:
    at start, at exit or at the follow-up six months after exit; once per moment."""

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("inskrivning"), on_delete=models.CASCADE, related_name="situations"
    )
    situation = models.OneToOneField(
        "participants.Situation",
        verbose_name=_("situation"),
        on_delete=models.CASCADE,
        related_name="enrolment_link",
    )
    moment = models.CharField(_("tidpunkt"), max_length=20)

    class Meta:
        verbose_name = _("situation i programmet")
        verbose_name_plural = _("situationer i programmet")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "moment"],
                name="enrolment_situation_once_per_moment",
                violation_error_message=_("Situationen är redan registrerad för den tidpunkten."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.moment}"
