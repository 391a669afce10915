"""Writes of invoicing: the invoice workflow (draft → submitted → approved or returned → paid),
credit notes, gap-free numbering, reminders for periods not invoiced, and what the partner delivers
(yearly documents, notices of economic change).

Every service is keyword-only, checks who acts, validates, and writes inside one transaction.
The services live in modules by stage; their public names are importable from here too.
"""

from .checks import submission_problems, vat_problems
from .credit import credit_note_create
from .drafts import COST_LINE_FIELDS, HEADER_FIELDS, invoice_create, invoice_update_draft
from .partner_deliveries import (
    PARTNER_DOCUMENT_TYPES,
    economic_change_acknowledge,
    economic_change_notify,
    partner_document_deadline_set,
    partner_document_receive,
    partner_document_upload,
    remind_partner_documents,
)
from .reminders import remind_uninvoiced_periods
from .workflow import (
    allocate_invoice_number,
    invoice_approve,
    invoice_mark_paid,
    invoice_return,
    invoice_submit,
)

__all__ = [
    "COST_LINE_FIELDS",
    "HEADER_FIELDS",
    "PARTNER_DOCUMENT_TYPES",
    "allocate_invoice_number",
    "credit_note_create",
    "economic_change_acknowledge",
    "economic_change_notify",
    "invoice_approve",
    "invoice_create",
    "invoice_mark_paid",
    "invoice_return",
    "invoice_submit",
    "invoice_update_draft",
    "partner_document_deadline_set",
    "partner_document_receive",
    "partner_document_upload",
    "remind_partner_documents",
    "remind_uninvoiced_periods",
    "submission_problems",
    "vat_problems",
]
