"""The invoice (faktura) and credit note (kreditnota): parties, period, totals and workflow state."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum import luhn

from iop.models import Partnership

from .vat import DEFAULT_VAT_EXEMPTION

DEFAULT_PAYMENT_TERMS_DAYS = 30


class InvoiceLockedError(ValidationError):
    """Raised when something tries to change a submitted, approved or paid invoice."""


class Invoice(models.Model):
    """An invoice (faktura) or credit note (kreditnota) from a non-profit to the city for one
    payment period (betalningsperiod) of a partnership.

    A draft belongs to the non-profit's finance user. Submitting issues it: it gets its number,
    dates and a snapshot of both parties. From then on its content cannot change; a correction is
    a credit note that references it.
    """

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Faktura")
        CREDIT_NOTE = "credit_note", _("Kreditnota")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Inskickad")
        RETURNED = "returned", _("Returnerad")
        APPROVED = "approved", _("Attesterad")
        PAID = "paid", _("Betald")

    class PaymentMeans(models.TextChoices):
        BANKGIRO = "bankgiro", _("Bankgiro")
        PLUSGIRO = "plusgiro", _("Plusgiro")
        IBAN = "iban", _("Bankkonto (IBAN)")

    EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})
    LOCKED = frozenset({Status.SUBMITTED, Status.APPROVED, Status.PAID})
    # Statuses that count against the budget (issued and not returned).
    COUNTED = frozenset({Status.SUBMITTED, Status.APPROVED, Status.PAID})
    # Fields that may still change once an invoice is locked (the workflow's own bookkeeping).
    WORKFLOW_FIELDS = frozenset(
        {"status", "approved_by", "approved_at", "paid_on", "is_credited", "updated_at"}
    )
    # Set once, by the approval that issues the invoice (e-invoice number and dates).
    ISSUE_FIELDS = frozenset({"number", "number_prefix", "invoice_date", "due_date"})
    ISSUED = frozenset({Status.APPROVED, Status.PAID})

    partnership = models.ForeignKey(
        "iop.Partnership", verbose_name=_("partnerskap"), on_delete=models.PROTECT, related_name="invoices"
    )
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.INVOICE)
    method = models.CharField(
        _("faktureringsmodell"),
        max_length=20,
        choices=Partnership.InvoicingMethod.choices,
        default=Partnership.InvoicingMethod.FIXED_SHARE,
    )
    credits = models.ForeignKey(
        "self",
        verbose_name=_("krediterar faktura"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
    )
    seller = models.ForeignKey(
        "iop.Organisation",
        verbose_name=_("säljare (fakturautställare)"),
        on_delete=models.PROTECT,
        related_name="invoices_issued",
    )
    buyer = models.ForeignKey(
        "iop.Organisation",
        verbose_name=_("köpare (mottagare)"),
        on_delete=models.PROTECT,
        related_name="invoices_received",
    )
    number = models.PositiveIntegerField(_("fakturanummer"), null=True, blank=True)
    number_prefix = models.CharField(_("nummerprefix"), max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    period_start = models.DateField(_("period från"))
    period_end = models.DateField(_("period till"))
    budget_year = models.PositiveIntegerField(_("budgetår"))
    invoice_date = models.DateField(_("fakturadatum"), null=True, blank=True)
    due_date = models.DateField(_("förfallodatum"), null=True, blank=True)
    payment_terms_days = models.PositiveIntegerField(
        _("betalningsvillkor (dagar)"),
        default=DEFAULT_PAYMENT_TERMS_DAYS,
        validators=[MinValueValidator(0), MaxValueValidator(120)],
    )
    buyer_reference = models.CharField(
        _("köparens referens"), max_length=100, blank=True, help_text=_("Beställarens referens eller kod.")
    )
    order_reference = models.CharField(
        _("ordernummer (diarienummer)"), max_length=50, help_text=_("Partnerskapets diarienummer.")
    )
    payment_means = models.CharField(
        _("betalningssätt"), max_length=20, choices=PaymentMeans.choices, default=PaymentMeans.BANKGIRO
    )
    payment_account = models.CharField(_("konto"), max_length=34, blank=True)
    vat_exemption_reason = models.CharField(
        _("skäl till momsbefrielse"),
        max_length=200,
        default=DEFAULT_VAT_EXEMPTION,
        blank=True,
        help_text=_("Visas på fakturan för rader med kategori E (momsfri)."),
    )
    note = models.TextField(_("meddelande"), blank=True)
    seller_snapshot = models.JSONField(_("säljarens uppgifter vid utställandet"), default=dict, blank=True)
    buyer_snapshot = models.JSONField(_("köparens uppgifter vid utställandet"), default=dict, blank=True)
    total_net = models.DecimalField(_("belopp exkl. moms"), max_digits=14, decimal_places=2, default=0)
    total_vat = models.DecimalField(_("moms"), max_digits=14, decimal_places=2, default=0)
    total = models.DecimalField(_("att betala"), max_digits=14, decimal_places=2, default=0)
    is_credited = models.BooleanField(_("krediterad"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skapad av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inskickad av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("inskickad"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attesterad av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("attesterad"), null=True, blank=True)
    paid_on = models.DateField(_("betalningsdatum"), null=True, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("faktura")
        verbose_name_plural = _("fakturor")
        ordering = ["-period_start", "-pk"]
        indexes = [
            models.Index(fields=["partnership", "budget_year", "status"], name="invoice_budget_idx"),
            # The invoice list's order: its first page reads 25 rows of the index instead of sorting
            # every invoice the reader may see (the city's attestant sees them all).
            models.Index(fields=["-period_start", "-id"], name="invoice_list_order_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "number"],
                name="invoice_number_unique_per_seller",
                violation_error_message=_("Fakturanumret är redan använt."),
            ),
            models.UniqueConstraint(
                fields=["partnership", "period_start"],
                condition=models.Q(kind="invoice", is_credited=False),
                name="invoice_one_per_period",
                violation_error_message=_("Perioden har redan en faktura."),
            ),
            models.UniqueConstraint(
                fields=["credits"],
                condition=models.Q(credits__isnull=False),
                name="invoice_one_credit_note_per_invoice",
                violation_error_message=_("Fakturan har redan en kreditnota."),
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="invoice") & models.Q(credits__isnull=True))
                | (models.Q(kind="credit_note") & models.Q(credits__isnull=False)),
                name="invoice_credit_note_references_original",
                violation_error_message=_("En kreditnota ska hänvisa till den faktura den krediterar."),
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="invoice_period_end_after_start",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status__in=["approved", "paid"])
                    & models.Q(number__isnull=False)
                    & models.Q(invoice_date__isnull=False)
                    & (models.Q(kind="credit_note") | models.Q(due_date__isnull=False))
                )
                | (
                    ~models.Q(status__in=["approved", "paid"])
                    & models.Q(number__isnull=True)
                    & models.Q(invoice_date__isnull=True)
                ),
                name="invoice_number_only_when_approved",
                violation_error_message=_("Fakturanummer sätts när fakturan attesteras, aldrig före."),
            ),
            models.CheckConstraint(
                condition=models.Q(due_date__isnull=True) | models.Q(due_date__gte=models.F("invoice_date")),
                name="invoice_due_after_invoice_date",
                violation_error_message=_("Förfallodatum kan inte ligga före fakturadatum."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["approved", "paid"]) | models.Q(approved_by__isnull=False),
                name="invoice_approved_has_approver",
            ),
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True)
                | models.Q(submitted_by__isnull=True)
                | ~models.Q(approved_by=models.F("submitted_by")),
                name="invoice_approver_is_not_submitter",
                violation_error_message=_("Den som skickat in fakturan får inte attestera den."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="paid") | models.Q(paid_on__isnull=False),
                name="invoice_paid_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(total=models.F("total_net") + models.F("total_vat")),
                name="invoice_total_is_net_plus_vat",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="invoice") & models.Q(total_net__gte=0))
                | (models.Q(kind="credit_note") & models.Q(total_net__lte=0)),
                name="invoice_sign_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        if self.status == self.Status.DRAFT:
            # One word, as Swedish writes it ("Fakturautkast"), not "Faktura utkast".
            return str(_("Kreditnotautkast") if self.kind == self.Kind.CREDIT_NOTE else _("Fakturautkast"))
        if not self.number:
            # Submitted or returned: the number is given at approval, never before.
            return str(_("%(kind)s utan nummer (ges vid attest)") % {"kind": self.get_kind_display()})
        return f"{self.get_kind_display()} {self.display_number}"

    # --- Model-level guard -----------------------------------------------------------------
    # Services are the only writers, but a locked invoice must stay locked even if some code
    # (admin, shell, a future view) calls save() directly. The guard compares with the stored row.
    def save(self, *args, **kwargs) -> None:
        stored = self._stored()
        if stored is not None and stored.status in self.LOCKED:
            allowed = set(self.WORKFLOW_FIELDS)
            if stored.status == self.Status.SUBMITTED and self.status == self.Status.APPROVED:
                allowed |= self.ISSUE_FIELDS
            changed = [
                f.attname
                for f in self._meta.concrete_fields
                if f.name not in allowed
                and f.attname not in allowed
                and getattr(stored, f.attname) != getattr(self, f.attname)
            ]
            if changed:
                raise InvoiceLockedError(
                    _("En inskickad eller attesterad faktura kan inte ändras (%(fields)s)."),
                    params={"fields": ", ".join(changed)},
                    code="locked",
                )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        stored = self._stored()
        if stored is not None and (stored.status != self.Status.DRAFT or stored.number):
            raise InvoiceLockedError(_("En utställd faktura kan inte tas bort."), code="locked")
        return super().delete(*args, **kwargs)

    def _stored(self) -> "Invoice | None":
        if not self.pk:
            return None
        return type(self).objects.filter(pk=self.pk).first()

    @property
    def document_number(self) -> str:
        """The e-invoice number: the seller's series prefix and the number (e.g. IOP-4)."""
        return f"{self.number_prefix}{self.number}" if self.number else ""

    @property
    def display_number(self) -> str:
        if self.number:
            return self.document_number
        return str(_("utkast") if self.status == self.Status.DRAFT else _("ej attesterad"))

    @property
    def ocr_reference(self) -> str:
        """The payment reference (OCR): the number followed by its Luhn check digit, as Swedish
        banks check it (bankgiro OCR, "hård kontroll" of the check digit)."""
        if not self.number:
            return ""
        return f"{self.number}{luhn.calc_check_digit(str(self.number))}"

    @property
    def is_issued(self) -> bool:
        """Approved (or paid): numbered, final, exportable as an e-invoice."""
        return self.status in self.ISSUED and self.number is not None

    def _party_info(self, snapshot: dict, organisation) -> dict:
        data = snapshot or {
            "name": organisation.name,
            "org_number": organisation.org_number,
            "street_address": organisation.street_address,
            "postal_code": organisation.postal_code,
            "city": organisation.city,
        }
        place = f"{data.get('postal_code', '')} {data.get('city', '')}".strip()
        data = dict(data)
        data["address_line"] = ", ".join(p for p in [data.get("street_address", ""), place] if p)
        return data

    @property
    def seller_info(self) -> dict:
        """The seller as issued (snapshot), or as registered now for drafts."""
        return self._party_info(self.seller_snapshot, self.seller)

    @property
    def buyer_info(self) -> dict:
        return self._party_info(self.buyer_snapshot, self.buyer)

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def is_credit_note(self) -> bool:
        return self.kind == self.Kind.CREDIT_NOTE

    def clean(self) -> None:
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("Periodens slut kan inte ligga före dess start.")
        if self.kind == self.Kind.CREDIT_NOTE and not self.credits_id:
            errors["credits"] = _("En kreditnota ska hänvisa till den faktura den krediterar.")
        if self.kind == self.Kind.INVOICE and self.credits_id:
            errors["credits"] = _("Bara kreditnotor kan hänvisa till en annan faktura.")
        if self.invoice_date and self.due_date and self.due_date < self.invoice_date:
            errors["due_date"] = _("Förfallodatum kan inte ligga före fakturadatum.")
        if self.approved_by_id and self.approved_by_id == self.submitted_by_id:
            errors["approved_by"] = _("Den som skickat in fakturan får inte attestera den.")
        if errors:
            raise ValidationError(errors)
