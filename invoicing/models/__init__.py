"""Models of the invoicing app: invoices (fakturor), their lines, the workflow log and numbering."""

from .economic_change import EconomicChangeNotice
from .esf_budget import (
    MAX_FLAT_RATE_PERCENT,
    CostType,
    EsfBudgetLine,
    EsfBudgetSettings,
    EsfFinancier,
    FundingForm,
    ProjectPhase,
)
from .event import InvoiceEvent
from .invoice import DEFAULT_PAYMENT_TERMS_DAYS, Invoice, InvoiceLockedError
from .line import InvoiceLine, verification_upload_to
from .numbering import InvoiceNumberCounter
from .partner_documents import (
    PartnerDocument,
    PartnerDocumentDeadline,
    PartnerDocumentKind,
    due_date_for,
    partner_document_upload_to,
)
from .vat import (
    DEFAULT_VAT_EXEMPTION,
    NOT_SUBJECT_CODE,
    NOT_SUBJECT_REASON,
    VAT_RATES,
    VatCategory,
    VatRate,
)

__all__ = [
    "MAX_FLAT_RATE_PERCENT",
    "CostType",
    "EsfBudgetLine",
    "EsfBudgetSettings",
    "EsfFinancier",
    "FundingForm",
    "ProjectPhase",
    "DEFAULT_PAYMENT_TERMS_DAYS",
    "DEFAULT_VAT_EXEMPTION",
    "NOT_SUBJECT_CODE",
    "NOT_SUBJECT_REASON",
    "VAT_RATES",
    "EconomicChangeNotice",
    "Invoice",
    "InvoiceEvent",
    "InvoiceLine",
    "InvoiceLockedError",
    "InvoiceNumberCounter",
    "PartnerDocument",
    "PartnerDocumentDeadline",
    "PartnerDocumentKind",
    "VatCategory",
    "VatRate",
    "due_date_for",
    "partner_document_upload_to",
    # Named by the first migration as the verification files' upload_to.
    "verification_upload_to",
]
