"""One entry point for every export format of an invoice, used by the download view and the CLI."""

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from iop.xlsx import CONTENT_TYPE as XLSX
from iop.xlsx import CSV_CONTENT_TYPE

from .documentation.context import invoice_documentation
from .documentation.render import (
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
    "csv": CSV_CONTENT_TYPE,
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


def write_file_atomically(output: str | Path, content: bytes) -> Path:
    """Write an export's bytes to a file so that it is either complete or not there (`open_atomically`)."""
    with open_atomically(output) as handle:
        handle.write(content)
    return Path(output)


@contextmanager
def open_atomically(output: str | Path) -> Iterator[BinaryIO]:
    """A binary file to write an export into, row by row, that appears under `output` only when complete:
    a temporary file in the same folder, flushed to disk, then renamed over the target when the block
    ends (a crash, an error or a full disk never leaves half a file under the real name). A missing folder
    is an `OSError` with a clear text."""
    path = Path(output)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FileNotFoundError(f"Mappen {folder} finns inte; skapa den först eller ange en annan --output.")
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w+b") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
