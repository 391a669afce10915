from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessLog(models.Model):
    """One row of the access log (åtkomstlogg): who read, exported, changed or was refused what, when.

    Written synchronously in the request's transaction (participants.access_log), never via the task
    queue. Rows outlive the participant: `participant_ref` keeps the id as a plain integer and the
    foreign keys have no database constraint (DO_NOTHING). On PostgreSQL a trigger refuses UPDATE and
    DELETE (migration 0004); the product has no way to edit rows. `detail` must not hold personal data.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Visning")
        EXPORT = "export", _("Export")
        DOWNLOAD = "download", _("Nedladdning")
        CHANGE = "change", _("Ändring")
        CREATE = "create", _("Registrering")
        DENIED = "denied", _("Nekad åtkomst")

    class Outcome(models.TextChoices):
        ALLOWED = "allowed", _("Tillåten")
        DENIED = "denied", _("Nekad")

    at = models.DateTimeField(_("tidpunkt"), default=timezone.now, db_index=True)
    # No single-column indexes on user, participant and participant_ref: the (user, at) and
    # (participant_ref, at) indexes below serve every lookup, and each index costs every insert (a list
    # page writes a row per person shown).
    user = models.ForeignKey(
        "iop.User",
        verbose_name=_("användare"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        related_name="+",
    )
    username = models.CharField(_("användarnamn"), max_length=150, blank=True)
    participant = models.ForeignKey(
        "participants.Participant",
        verbose_name=_("deltagare"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
    )
    participant_ref = models.BigIntegerField(_("deltagarens id"), null=True, blank=True)
    action = models.CharField(_("åtgärd"), max_length=20, choices=Action.choices)
    outcome = models.CharField(_("utfall"), max_length=10, choices=Outcome.choices, default=Outcome.ALLOWED)
    path = models.CharField(_("adress"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adress"), null=True, blank=True)
    detail = models.CharField(
        _("beskrivning"), max_length=300, blank=True, help_text=_("Utan personuppgifter.")
    )

    class Meta:
        verbose_name = _("åtkomstlogg")
        verbose_name_plural = _("åtkomstloggar")
        ordering = ["-at", "-pk"]
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["user", "at"], name="accesslog_user_at_idx"),
            models.Index(fields=["participant_ref", "at"], name="accesslog_participant_at_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action="denied") | Q(outcome="denied"),
                name="accesslog_denied_action_has_denied_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"


class AccessLogReview(models.Model):
    """A documented review of the access log (loggkontroll): who reviewed which sample, when, finding."""

    reviewed_by = models.ForeignKey(
        "iop.User", verbose_name=_("granskad av"), on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("granskad"), default=timezone.now)
    period_start = models.DateField(_("period från"))
    period_end = models.DateField(_("period till"))
    reviewed_user = models.ForeignKey(
        "iop.User",
        verbose_name=_("granskad användare"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_participant_ref = models.BigIntegerField(_("granskad deltagares id"), null=True, blank=True)
    sample = models.TextField(_("urval"), help_text=_("Vilka loggposter som granskades och hur de valdes."))
    finding = models.TextField(_("iakttagelser"))
    deviations_found = models.BooleanField(_("avvikelser upptäckta"), default=False)

    class Meta:
        verbose_name = _("loggkontroll")
        verbose_name_plural = _("loggkontroller")
        ordering = ["-reviewed_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="accesslog_review_period_valid",
                violation_error_message=_("Periodens slut kan inte ligga före dess start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewed_at:%Y-%m-%d} {self.period_start:%Y-%m-%d} – {self.period_end:%Y-%m-%d}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("Periodens slut kan inte ligga före dess start.")})
