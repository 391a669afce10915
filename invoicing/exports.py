"""One entry point for every export format of an invoice, used by the download view and the CLI."""

from dataclasses import dataclass

from iop.xlsx import CONTENT_TYPE as XLSX

from .documentation import (
    invoice_documentation,
    make_invoice_documentation_csv,
    make_invoice_documentation_pdf,
    make_invoice_documentation_xlsx,
)
from .models import Invoice
from .ubl import build_ubl

FORMATS = ("pdf", "xlsx", "csv", "ubl")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": XLSX,
    "csv": "text/csv; charset=utf-8",
    "ubl": "application/xml",
}


class NotExportable(Exception):
    """The invoice cannot be exported in this format (only an approved invoice has an e-invoice)."""


@dataclass
class Export:
    content: bytes
    content_type: str
    filename: str


def export_invoice(invoice: Invoice, fmt: str) -> Export:
    if fmt not in FORMATS:
        raise NotExportable(f"unknown format {fmt}")
    org = invoice.seller.org_number.replace("-", "")
    number = invoice.document_number or f"utkast-{invoice.pk}"
    if fmt == "ubl":
        if not invoice.is_issued:
            # The number is given at approval; before that there is no e-invoice to hand over.
            raise NotExportable("Fakturan är inte attesterad och har ingen e-faktura ännu.")
        kind = "kreditnota" if invoice.is_credit_note else "faktura"
        return Export(build_ubl(invoice), CONTENT_TYPES[fmt], f"{kind}-{org}-{number}.xml")
    context = invoice_documentation(invoice)
    maker = {
        "pdf": make_invoice_documentation_pdf,
        "xlsx": make_invoice_documentation_xlsx,
        "csv": make_invoice_documentation_csv,
    }[fmt]
    return Export(maker(context), CONTENT_TYPES[fmt], f"fakturaunderlag-{org}-{number}.{fmt}")
