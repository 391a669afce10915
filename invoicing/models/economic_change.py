"""The partner's written notice of an economic change (seed 000 §8: "ekonomiska förändringar ska
rapporteras skriftligen omgående")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EconomicChangeNotice(models.Model):
    """A written notice of an economic change (anmälan om ekonomisk förändring) from the non-profit party:
    what changed, by how much, from when. The IOP-samordnare acknowledges it (kvitterar) and may link the
    amendment (ändring) of the agreement it led to."""

    partnership = models.ForeignKey(
        "iop.Partnership",
        verbose_name=_("partnerskap"),
        on_delete=models.CASCADE,
        related_name="economic_change_notices",
    )
    description = models.TextField(_("vad har ändrats"), max_length=2000)
    amount = models.DecimalField(
        _("belopp (kr)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Förändringen i kronor, negativ vid minskning. Tomt om den inte gäller ett belopp."),
    )
    effective_from = models.DateField(_("gäller från"))
    notified_on = models.DateField(_("anmäld den"))
    registered_by = models.ForeignKey(
        "iop.User", verbose_name=_("anmäld av"), on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_by = models.ForeignKey(
        "iop.User",
        verbose_name=_("kvitterad av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("kvitterad"), null=True, blank=True)
    comment = models.TextField(_("samordnarens kommentar"), max_length=2000, blank=True)
    amendment = models.ForeignKey(
        "iop.Amendment",
        verbose_name=_("ledde till ändring"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="economic_change_notices",
    )

    class Meta:
        verbose_name = _("anmälan om ekonomisk förändring")
        verbose_name_plural = _("anmälningar om ekonomiska förändringar")
        ordering = ["-notified_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(acknowledged_at__isnull=True) | models.Q(acknowledged_by__isnull=False),
                name="economic_notice_acknowledged_has_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership.case_number} {self.notified_on:%Y-%m-%d}"
