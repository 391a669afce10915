"""What the partner delivers each year (seed 000 §6–7): the required documents (årsredovisning,
verksamhetsberättelse, revisionsberättelse), their due date and the city's receipt."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerDocumentKind(models.Model):
    """A kind of document the non-profit party delivers every year (handling från parten), e.g.
    årsredovisning. The list is configurable; a data migration creates the three the agreements name."""

    code = models.SlugField(_("kod"), max_length=40, unique=True)
    name = models.CharField(_("benämning"), max_length=100)
    required = models.BooleanField(
        _("krävs varje år"),
        default=True,
        help_text=_("Bara krävda handlingar påminns om och räknas som saknade."),
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("slag av handling från parten")
        verbose_name_plural = _("slag av handlingar från parten")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class PartnerDocumentDeadline(models.Model):
    """When a partnership's yearly documents are due (sista dag för handlingar): a day in the year after
    the financial year they cover. Without a row the default applies (30 June)."""

    DEFAULT_MONTH = 6
    DEFAULT_DAY = 30

    partnership = models.OneToOneField(
        "iop.Partnership",
        verbose_name=_("partnerskap"),
        on_delete=models.CASCADE,
        related_name="partner_document_deadline",
    )
    due_month = models.PositiveSmallIntegerField(
        _("sista dag, månad"), default=DEFAULT_MONTH, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    due_day = models.PositiveSmallIntegerField(
        _("sista dag, dag"), default=DEFAULT_DAY, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )

    class Meta:
        verbose_name = _("sista dag för handlingar från parten")
        verbose_name_plural = _("sista dagar för handlingar från parten")

    def __str__(self) -> str:
        return f"{self.partnership}: {self.due_month:02d}-{self.due_day:02d}"

    def clean(self) -> None:
        try:
            dt.date(2023, self.due_month, self.due_day)  # a year without 29 February
        except (TypeError, ValueError):
            raise ValidationError({"due_day": _("Dagen finns inte i den månaden.")}) from None

    def due_date(self, year: int) -> dt.date:
        return due_date_for(year, self.due_month, self.due_day)


def due_date_for(year: int, month: int = PartnerDocumentDeadline.DEFAULT_MONTH, day: int = 30) -> dt.date:
    """The due date of the documents covering `year`: the given day of the following year."""
    return dt.date(year + 1, month, day)


def partner_document_upload_to(instance: "PartnerDocument", filename: str) -> str:
    return f"invoicing/partner_documents/{instance.partnership_id}/{instance.year}/{filename}"


class PartnerDocument(models.Model):
    """A document the non-profit party delivered for one financial year (inlämnad handling), stored
    privately and downloaded only through an access-checked view; the IOP-samordnare records its receipt
    (mottagen)."""

    partnership = models.ForeignKey(
        "iop.Partnership",
        verbose_name=_("partnerskap"),
        on_delete=models.CASCADE,
        related_name="partner_documents",
    )
    kind = models.ForeignKey(
        PartnerDocumentKind,
        verbose_name=_("slag av handling"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    year = models.PositiveIntegerField(
        _("räkenskapsår"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    file = models.FileField(_("fil"), upload_to=partner_document_upload_to, max_length=300)
    file_name = models.CharField(_("filnamn"), max_length=200)
    content_type = models.CharField(_("filtyp"), max_length=100)
    size = models.PositiveIntegerField(_("filstorlek (byte)"))
    uploaded_by = models.ForeignKey(
        "iop.User", verbose_name=_("inlämnad av"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("inlämnad"))
    received_by = models.ForeignKey(
        "iop.User",
        verbose_name=_("mottagen av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    received_at = models.DateTimeField(_("mottagen"), null=True, blank=True)

    class Meta:
        verbose_name = _("handling från parten")
        verbose_name_plural = _("handlingar från parten")
        ordering = ["partnership", "-year", "kind__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "kind", "year"],
                name="partner_document_one_per_kind_and_year",
                violation_error_message=_("Handlingen för det året är redan inlämnad."),
            ),
            models.CheckConstraint(
                condition=models.Q(received_at__isnull=True) | models.Q(received_by__isnull=False),
                name="partner_document_received_has_receiver",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership.case_number} {self.kind} {self.year}"
