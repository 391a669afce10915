"""Invoice lines (fakturarader) with their VAT and verifications."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from iop.models import BudgetLine

from .invoice import Invoice, InvoiceLockedError
from .vat import VAT_RATES, VatCategory, VatRate


def verification_upload_to(instance: "InvoiceLine", filename: str) -> str:
    return f"invoicing/verifications/{instance.invoice_id}/{filename}"


class InvoiceLine(models.Model):
    """A line (fakturarad) of an invoice.

    Fixed-share invoices have one line per budget category with its share of the year's budget.
    Actual-cost invoices have one line per verified cost (kostnad), tied to a budget line and
    carrying its verification (verifikation): an uploaded PDF/image, or a reference to a payroll
    or ledger document.
    """

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("faktura"), on_delete=models.CASCADE, related_name="lines"
    )
    position = models.PositiveIntegerField(_("radnummer"), default=1)
    category = models.CharField(_("budgetkategori"), max_length=20, choices=BudgetLine.Category.choices)
    budget_line = models.ForeignKey(
        "iop.BudgetLine",
        verbose_name=_("budgetrad"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoice_lines",
    )
    description = models.CharField(_("beskrivning"), max_length=200)
    cost_date = models.DateField(_("kostnadsdatum"), null=True, blank=True)
    amount = models.DecimalField(_("belopp exkl. moms (kr)"), max_digits=14, decimal_places=2)
    vat_rate = models.DecimalField(
        _("momssats (%)"),
        max_digits=5,
        decimal_places=2,
        choices=[(Decimal(v), label) for v, label in VatRate.choices],
        default=Decimal("0.00"),
    )
    vat_category = models.CharField(
        _("momskategori"), max_length=1, choices=VatCategory.choices, default=VatCategory.NOT_SUBJECT
    )
    verification_file = models.FileField(
        _("verifikation (fil)"), upload_to=verification_upload_to, blank=True, max_length=300
    )
    verification_content_type = models.CharField(_("filtyp"), max_length=100, blank=True)
    verification_size = models.PositiveIntegerField(_("filstorlek (byte)"), null=True, blank=True)
    verification_reference = models.CharField(
        _("verifikationsreferens"),
        max_length=200,
        blank=True,
        help_text=_("T.ex. lönelista 2025-03 eller verifikation V-2025-0142 i huvudboken."),
    )

    class Meta:
        verbose_name = _("fakturarad")
        verbose_name_plural = _("fakturarader")
        ordering = ["invoice", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(vat_rate__in=VAT_RATES),
                name="invoice_line_vat_rate_allowed",
                violation_error_message=_("Momssatsen ska vara 0, 6, 12 eller 25 %."),
            ),
            models.CheckConstraint(
                condition=(models.Q(vat_category="S") & models.Q(vat_rate__gt=0))
                | (models.Q(vat_category__in=["O", "E"]) & models.Q(vat_rate=0)),
                name="invoice_line_vat_category_matches_rate",
                violation_error_message=_("Kategori S har 6, 12 eller 25 % moms; kategori O och E har 0 %."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.description}"

    def save(self, *args, **kwargs) -> None:
        if self.invoice_id and self._invoice_locked():
            raise InvoiceLockedError(_("Raderna på en inskickad faktura kan inte ändras."), code="locked")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.invoice_id and self._invoice_locked():
            raise InvoiceLockedError(_("Raderna på en inskickad faktura kan inte ändras."), code="locked")
        return super().delete(*args, **kwargs)

    def _invoice_locked(self) -> bool:
        status = Invoice.objects.filter(pk=self.invoice_id).values_list("status", flat=True).first()
        return status in Invoice.LOCKED

    @property
    def has_verification(self) -> bool:
        return bool(self.verification_file) or bool(self.verification_reference.strip())

    @property
    def verification_label(self) -> str:
        parts = []
        if self.verification_reference.strip():
            parts.append(self.verification_reference.strip())
        if self.verification_file:
            parts.append(
                _("bifogad fil: %(name)s") % {"name": self.verification_file.name.rsplit("/", 1)[-1]}
            )
        return "; ".join(str(p) for p in parts)

    def clean(self) -> None:
        errors = {}
        if self.budget_line is not None and self.budget_line.category != self.category:
            errors["category"] = _("Kategorin ska vara budgetradens kategori.")
        if self.vat_rate is not None and Decimal(self.vat_rate) not in VAT_RATES:
            errors["vat_rate"] = _("Momssatsen ska vara 0, 6, 12 eller 25 %.")
        elif self.vat_rate is not None and (self.vat_category == VatCategory.STANDARD) != (
            Decimal(self.vat_rate) > 0
        ):
            errors["vat_category"] = _("Kategori S har 6, 12 eller 25 % moms; kategori O och E har 0 %.")
        if errors:
            raise ValidationError(errors)
