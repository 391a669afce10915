from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RetentionRun(models.Model):
    """One run of retention (gallring): when, by whom or which command, and how many participants'
    personal data were anonymised. Kept as evidence that retention is done systematically."""

    started_at = models.DateTimeField(_("startad"), default=timezone.now)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    run_by = models.ForeignKey(
        "iop.User",
        verbose_name=_("körd av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    command = models.CharField(_("kommando"), max_length=200, help_text=_("T.ex. »manage.py gallra«."))
    dry_run = models.BooleanField(_("provkörning"), default=False)
    cutoff_date = models.DateField(_("gallringsgräns"), help_text=_("Senaste aktivitet före detta datum."))
    retention_months = models.PositiveIntegerField(_("gallringsfrist (månader)"))
    participants_anonymised = models.PositiveIntegerField(_("antal gallrade deltagare"), default=0)

    class Meta:
        verbose_name = _("gallringskörning")
        verbose_name_plural = _("gallringskörningar")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(finished_at__gte=models.F("started_at")),
                name="retention_run_finished_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.command} ({self.participants_anonymised})"
