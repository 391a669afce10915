"""VAT rates and categories an invoice line may carry, and the fixed exemption texts."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

# Exemption reason for category E (exempt from VAT), editable per invoice.
DEFAULT_VAT_EXEMPTION = "Undantagen från skatteplikt enligt 10 kap. mervärdesskattelagen (2023:200)"
# Category O (outside the scope of VAT): an IOP grant is no supply for consideration.
NOT_SUBJECT_REASON = "Ej föremål för moms – bidrag inom idéburet offentligt partnerskap"
NOT_SUBJECT_CODE = "VATEX-EU-O"


class VatRate(models.TextChoices):
    """VAT rates a Swedish seller may use (SE-R-006) plus 0 % for exempt grants."""

    ZERO = "0.00", _("0 % (momsfri)")
    SIX = "6.00", _("6 %")
    TWELVE = "12.00", _("12 %")
    TWENTY_FIVE = "25.00", _("25 %")


VAT_RATES = [Decimal(v) for v in VatRate.values]


class VatCategory(models.TextChoices):
    """The VAT category of a line (EN 16931 UNCL5305), chosen explicitly: it is a legal claim."""

    NOT_SUBJECT = "O", _("O – ej föremål för moms (bidrag)")
    EXEMPT = "E", _("E – momsfri (undantagen från skatteplikt)")
    STANDARD = "S", _("S – momspliktig (6, 12 eller 25 %)")
