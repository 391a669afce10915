"""The gap-free invoice number series of each issuing organisation."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InvoiceNumberCounter(models.Model):
    """The last invoice number used by an issuing organisation (löpnummerserie).

    Locked with SELECT … FOR UPDATE in the transaction that issues an invoice, so numbers are
    unique and gap-free per organisation even when two invoices are issued at the same moment.
    """

    organisation = models.OneToOneField(
        "iop.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="invoice_counter",
    )
    last_number = models.PositiveIntegerField(_("senast använda fakturanummer"), default=0)

    class Meta:
        verbose_name = _("fakturanummerserie")
        verbose_name_plural = _("fakturanummerserier")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.last_number}"
