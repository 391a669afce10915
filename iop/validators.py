"""Validators for Swedish identifiers used across the product."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import luhn

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
    if not luhn.is_valid(value.replace("-", "")):
        raise ValidationError(
            _("Organisationsnumret har fel kontrollsiffra. Kontrollera att du skrivit rätt."),
            code="checksum",
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
