from django.db import models
from django.utils.translation import gettext_lazy as _

from iop.validators import (
    validate_iban,
    validate_invoice_number_prefix,
    validate_org_number,
    validate_peppol_id,
    validate_vat_number,
)


class Organisation(models.Model):
    """A party to partnerships: the city's board or a non-profit (idéburen organisation)."""

    class Kind(models.TextChoices):
        PUBLIC = "public", _("Offentlig myndighet")
        NON_PROFIT = "non_profit", _("Idéburen organisation")

    class VatStatus(models.TextChoices):
        NOT_REGISTERED = "not_registered", _("Ej momsregistrerad")
        REGISTERED = "registered", _("Momsregistrerad")

    name = models.CharField(_("namn"), max_length=200)
    org_number = models.CharField(
        _("organisationsnummer"),
        max_length=11,
        unique=True,
        validators=[validate_org_number],
        help_text=_("NNNNNN-NNNN"),
    )
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    street_address = models.CharField(_("gatuadress"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=10, blank=True)
    city = models.CharField(_("ort"), max_length=100, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    bankgiro = models.CharField(_("bankgiro"), max_length=20, blank=True)
    plusgiro = models.CharField(_("plusgiro"), max_length=20, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True, validators=[validate_iban])
    vat_status = models.CharField(
        _("momsstatus"), max_length=20, choices=VatStatus.choices, default=VatStatus.NOT_REGISTERED
    )
    vat_number = models.CharField(
        _("momsregistreringsnummer"),
        max_length=14,
        blank=True,
        validators=[validate_vat_number],
        help_text=_("SE följt av tolv siffror, t.ex. SE212000112401. Krävs för momsregistrerade."),
    )
    peppol_id = models.CharField(
        _("Peppol-id (e-fakturaadress)"),
        max_length=60,
        blank=True,
        validators=[validate_peppol_id],
        help_text=_("schema:id, t.ex. 0007:2120001124. Tomt: organisationsnumret (0007) används."),
    )
    invoice_number_prefix = models.CharField(
        _("prefix för fakturanummer"),
        max_length=10,
        blank=True,
        default="IOP-",
        validators=[validate_invoice_number_prefix],
        help_text=_("Skiljer fakturorna från organisationens egen nummerserie, t.ex. IOP-."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.vat_status == self.VatStatus.REGISTERED and not self.vat_number:
            raise ValidationError(
                {"vat_number": _("En momsregistrerad organisation ska ha ett momsregistreringsnummer.")}
            )
        if self.vat_status == self.VatStatus.NOT_REGISTERED and self.vat_number:
            raise ValidationError(
                {"vat_status": _("Välj Momsregistrerad om organisationen har ett momsregistreringsnummer.")}
            )
        digits = (self.org_number or "").replace("-", "")
        if self.vat_number and len(self.vat_number) == 14 and self.vat_number[2:12] != digits:
            raise ValidationError(
                {"vat_number": _("Momsregistreringsnumret ska innehålla organisationsnumret.")}
            )

    @property
    def endpoint(self) -> tuple[str, str]:
        """The Peppol endpoint (scheme, id): the registered Peppol id, else the org. number (0007)."""
        return peppol_endpoint(self.peppol_id, self.org_number)

    @property
    def address_line(self) -> str:
        return ", ".join(p for p in [self.street_address, f"{self.postal_code} {self.city}".strip()] if p)


class ContactPerson(models.Model):
    """A contact person (kontaktperson) of a party in a partnership."""

    party = models.ForeignKey(
        "iop.PartnershipParty", verbose_name=_("part"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("namn"), max_length=200)
    title = models.CharField(_("befattning"), max_length=120, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def peppol_endpoint(peppol_id: str, org_number: str) -> tuple[str, str]:
    if peppol_id and ":" in peppol_id:
        scheme, identifier = peppol_id.split(":", 1)
        return scheme, identifier
    return "0007", "".join(ch for ch in org_number or "" if ch.isdigit())
