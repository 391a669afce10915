"""The workflow log of an invoice (fakturahändelser)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .invoice import Invoice


class InvoiceEvent(models.Model):
    """One step in an invoice's workflow (händelse): created, submitted, returned, approved, paid…"""

    class Action(models.TextChoices):
        CREATED = "created", _("Skapad")
        EDITED = "edited", _("Ändrad")
        SUBMITTED = "submitted", _("Inskickad")
        RETURNED = "returned", _("Returnerad")
        APPROVED = "approved", _("Attesterad")
        PAID = "paid", _("Markerad som betald")
        CREDITED = "credited", _("Krediterad")

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("faktura"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("händelse"), max_length=20, choices=Action.choices)
    from_status = models.CharField(
        _("från status"), max_length=20, choices=Invoice.Status.choices, blank=True
    )
    to_status = models.CharField(_("till status"), max_length=20, choices=Invoice.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("av"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(_("tidpunkt"))
    comment = models.TextField(_("kommentar"), blank=True)

    class Meta:
        verbose_name = _("fakturahändelse")
        verbose_name_plural = _("fakturahändelser")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"
