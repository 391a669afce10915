"""Validators for Swedish identifiers used across the product."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import iban
from stdnum.se import orgnr

ORG_NUMBER_RE = re.compile(r"^\d{6}-\d{4}$")
# ASN-YYYY-NNNN. Older agreements taken over from the adult-education board keep their GYVF numbers,
# and numbers before 2019 were not zero-padded (ASN-2017-349), so three digits are accepted too.
CASE_NUMBER_RE = re.compile(r"^(?:ASN|GYVF)-(\d{4})-(\d{3,4})$")


def normalize_org_number(value: str) -> str:
    """Return an organisation number as NNNNNN-NNNN when it has ten digits, else unchanged."""
    digits = re.sub(r"\D", "", value or "")
    if len(digits) == 10 and re.fullmatch(r"[\d\s-]+", value.strip()):
        return f"{digits[:6]}-{digits[6:]}"
    return (value or "").strip()


def validate_org_number(value: str) -> None:
    """Organisationsnummer: NNNNNN-NNNN with a valid Luhn check digit."""
    if not ORG_NUMBER_RE.match(value or ""):
        raise ValidationError(
            _("Ange organisationsnumret som NNNNNN-NNNN, till exempel 212000-1124."), code="format"
        )
    if not orgnr.is_valid(value):
        raise ValidationError(
            _("Organisationsnumret har fel kontrollsiffra. Kontrollera att du skrivit rätt."),
            code="checksum",
        )


def validate_iban(value: str) -> None:
    """IBAN (bank account for payments from abroad): country, check digits and account, checksum valid.
    Spaces are allowed, as IBANs are written in groups of four."""
    if value and not iban.is_valid(value):
        raise ValidationError(
            _("Ange ett giltigt IBAN, till exempel SE45 5000 0000 0583 9825 7466. Kontrollera siffrorna."),
            code="iban",
        )


def validate_case_number(value: str) -> None:
    """Diarienummer: ASN-YYYY-NNNN (or a legacy GYVF-/three-digit number) with a plausible year."""
    match = CASE_NUMBER_RE.match(value or "")
    if not match:
        raise ValidationError(
            _("Ange diarienumret som ASN-ÅÅÅÅ-NNNN, till exempel ASN-2024-1234."), code="format"
        )
    year = int(match.group(1))
    if not 1990 <= year <= 2100:
        raise ValidationError(
            _("Diarienumrets år (%(year)s) är inte rimligt."), params={"year": year}, code="year"
        )


def validate_non_negative(value) -> None:
    """Amounts and counts may not be negative."""
    if value is not None and value < 0:
        raise ValidationError(_("Beloppet får inte vara negativt."), code="negative")


def validate_vat_number(value: str) -> None:
    """Swedish VAT registration number (momsregistreringsnummer): SE + 12 digits, Luhn-valid."""
    from stdnum.exceptions import ValidationError as StdnumError
    from stdnum.se import vat

    if not re.fullmatch(r"SE\d{12}", value or ""):
        raise ValidationError(
            _("Ange momsregistreringsnumret som SE följt av tolv siffror, till exempel SE212000112401."),
            code="format",
        )
    try:
        vat.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("Momsregistreringsnumret har fel kontrollsiffra. Kontrollera att du skrivit rätt."),
            code="checksum",
        ) from exc


# Peppol participant identifier schemes (ICD/EAS) a Swedish party uses: organisation number,
# Swedish VAT number, GLN.
PEPPOL_SCHEMES = {"0007": "organisationsnummer", "9955": "momsregistreringsnummer", "0088": "GLN"}


def validate_peppol_id(value: str) -> None:
    """Peppol endpoint id as SCHEME:ID: 0007 (org. number, ten digits), 9955 (VAT number) or 0088 (GLN)."""
    from stdnum import ean

    scheme, _sep, identifier = (value or "").partition(":")
    if scheme not in PEPPOL_SCHEMES or not identifier:
        raise ValidationError(
            _("Ange Peppol-id som schema:id, till exempel 0007:2120001124 (schema 0007, 9955 eller 0088)."),
            code="format",
        )
    valid = {
        "0007": lambda v: re.fullmatch(r"\d{10}", v) is not None and orgnr.is_valid(v),
        "9955": lambda v: re.fullmatch(r"SE\d{12}", v.upper()) is not None and orgnr.is_valid(v[2:12]),
        "0088": lambda v: re.fullmatch(r"\d{13}", v) is not None and ean.is_valid(v),
    }[scheme](identifier)
    if not valid:
        raise ValidationError(
            _("Peppol-id:t är inte ett giltigt %(kind)s (kontrollera siffrorna)."),
            params={"kind": PEPPOL_SCHEMES[scheme]},
            code="checksum",
        )


def validate_invoice_number_prefix(value: str) -> None:
    """A number-series prefix: letters, digits and hyphens, so the invoice number stays one token."""
    if not re.fullmatch(r"[A-Za-z0-9-]*", value or ""):
        raise ValidationError(
            _("Prefixet får bara innehålla bokstäverna A–Z, siffror och bindestreck."), code="format"
        )
