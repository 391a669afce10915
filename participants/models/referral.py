from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Referral(models.Model):
    """A referral (anvisning) of a participant to a partnership by a case officer.

    Status: new → study_visit_booked → accepted → placed, or declined / withdrawn (with a reason).
    Accepted referrals not yet placed form the waiting list (kö), ordered by `queue_override` (a
    coordinator's manual position, with a reason; lower first, unset last), then `referred_on`, then id.
    """

    class Status(models.TextChoices):
        NEW = "new", _("Ny")
        STUDY_VISIT_BOOKED = "study_visit_booked", _("Studiebesök bokat")
        ACCEPTED = "accepted", _("Antagen")
        PLACED = "placed", _("Placerad")
        DECLINED = "declined", _("Avböjd")
        WITHDRAWN = "withdrawn", _("Återkallad")

    OPEN_STATUSES = (Status.NEW, Status.STUDY_VISIT_BOOKED, Status.ACCEPTED)
    # Not stored: the queue position pages set from `queue_positions` for display.
    position: int | None
    CLOSED_WITH_REASON = (Status.DECLINED, Status.WITHDRAWN)

    participant = models.ForeignKey(
        "participants.Participant",
        verbose_name=_("deltagare"),
        on_delete=models.CASCADE,
        related_name="referrals",
    )
    partnership = models.ForeignKey(
        "iop.Partnership", verbose_name=_("partnerskap"), on_delete=models.PROTECT, related_name="referrals"
    )
    case_officer = models.ForeignKey(
        "iop.User",
        verbose_name=_("anvisande arbetsmarknadssekreterare"),
        on_delete=models.PROTECT,
        related_name="referrals_made",
    )
    referred_on = models.DateField(_("anvisningsdatum"))
    reason = models.TextField(_("skäl och mål"), blank=True, help_text=_("Skriv inga hälsouppgifter."))
    preferred_work_area = models.ForeignKey(
        "iop.WorkArea",
        verbose_name=_("önskad verksamhet"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    study_visit_on = models.DateField(_("studiebesök"), null=True, blank=True)
    closed_reason = models.TextField(_("skäl till avböjd/återkallad"), blank=True)
    status_changed_on = models.DateField(_("status ändrad"), null=True, blank=True)
    queue_override = models.PositiveIntegerField(
        _("manuell köplats"),
        null=True,
        blank=True,
        help_text=_("Sätts av samordnaren; lägre värde går före. Kräver skäl."),
    )
    queue_override_reason = models.TextField(_("skäl till ändrad köordning"), blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    history = HistoricalRecords(verbose_name=_("historik för anvisning"))

    class Meta:
        verbose_name = _("anvisning")
        verbose_name_plural = _("anvisningar")
        ordering = [F("queue_override").asc(nulls_last=True), "referred_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "partnership"],
                condition=Q(status__in=["new", "study_visit_booked", "accepted"]),
                name="referral_one_open_per_participant_and_partnership",
                violation_error_message=_("Deltagaren har redan en pågående anvisning till partnerskapet."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["declined", "withdrawn"]) | ~Q(closed_reason=""),
                name="referral_closed_has_reason",
                violation_error_message=_("Ange skälet."),
            ),
            models.CheckConstraint(
                condition=~Q(status="study_visit_booked") | Q(study_visit_on__isnull=False),
                name="referral_study_visit_has_date",
                violation_error_message=_("Ange datum för studiebesöket."),
            ),
            models.CheckConstraint(
                condition=Q(queue_override__isnull=True) | ~Q(queue_override_reason=""),
                name="referral_queue_override_has_reason",
                violation_error_message=_("Ange skälet till att köordningen ändras."),
            ),
        ]
        indexes = [models.Index(fields=["partnership", "status"], name="referral_pship_status_idx")]

    def __str__(self) -> str:
        return f"{self.referred_on:%Y-%m-%d} {self.get_status_display()}"

    @property
    def is_queued(self) -> bool:
        return self.status == self.Status.ACCEPTED

    def clean(self) -> None:
        errors = {}
        if self.status in self.CLOSED_WITH_REASON and not (self.closed_reason or "").strip():
            errors["closed_reason"] = _("Ange skälet.")
        if self.status == self.Status.STUDY_VISIT_BOOKED and not self.study_visit_on:
            errors["study_visit_on"] = _("Ange datum för studiebesöket.")
        if self.queue_override is not None and not (self.queue_override_reason or "").strip():
            errors["queue_override_reason"] = _("Ange skälet till att köordningen ändras.")
        if (
            self.preferred_work_area is not None
            and self.partnership_id
            and self.preferred_work_area.partnership_id != self.partnership_id
        ):
            errors["preferred_work_area"] = _("Verksamheten hör inte till partnerskapet.")
        if errors:
            raise ValidationError(errors)
