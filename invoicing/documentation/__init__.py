"""Invoice documentation (fakturaunderlag): one context, three faces (PDF, xlsx, csv).

`invoice_documentation(invoice)` (in `context`) is the selector that gathers everything; the
`make_*` functions (in `render`) are pure: context in, bytes out. The PDF is made with WeasyPrint
as tagged PDF/UA-1.
"""

from .context import (
    CategoryRow,
    InKindRow,
    InvoiceDocumentation,
    LineRow,
    Stamp,
    VatRow,
    Volume,
    invoice_documentation,
    period_volume,
)
from .render import (
    make_approved_invoices_xlsx,
    make_invoice_documentation_csv,
    make_invoice_documentation_pdf,
    make_invoice_documentation_xlsx,
)

__all__ = [
    "CategoryRow",
    "InKindRow",
    "InvoiceDocumentation",
    "LineRow",
    "Stamp",
    "VatRow",
    "Volume",
    "invoice_documentation",
    "make_approved_invoices_xlsx",
    "make_invoice_documentation_csv",
    "make_invoice_documentation_pdf",
    "make_invoice_documentation_xlsx",
    "period_volume",
]
