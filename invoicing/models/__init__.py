"""Models of the invoicing app: invoices (fakturor), their lines, the workflow log and numbering."""

from .event import InvoiceEvent
from .invoice import DEFAULT_PAYMENT_TERMS_DAYS, Invoice, InvoiceLockedError
from .line import InvoiceLine, verification_upload_to
from .numbering import InvoiceNumberCounter
from .vat import (
    DEFAULT_VAT_EXEMPTION,
    NOT_SUBJECT_CODE,
    NOT_SUBJECT_REASON,
    VAT_RATES,
    VatCategory,
    VatRate,
)

__all__ = [
    "DEFAULT_PAYMENT_TERMS_DAYS",
    "DEFAULT_VAT_EXEMPTION",
    "NOT_SUBJECT_CODE",
    "NOT_SUBJECT_REASON",
    "VAT_RATES",
    "Invoice",
    "InvoiceEvent",
    "InvoiceLine",
    "InvoiceLockedError",
    "InvoiceNumberCounter",
    "VatCategory",
    "VatRate",
    # Named by the first migration as the verification files' upload_to.
    "verification_upload_to",
]
