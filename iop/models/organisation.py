from django.db import models
from django.utils.translation import gettext_lazy as _

from iop.validators import validate_org_number


class Organisation(models.Model):
    """A party to partnerships: the city's board or a non-profit (idéburen organisation)."""

    class Kind(models.TextChoices):
        PUBLIC = "public", _("Offentlig myndighet")
        NON_PROFIT = "non_profit", _("Idéburen organisation")

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
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

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
