"""The invoice documentation's faces: pure functions from the context to PDF, xlsx or csv bytes,
and the xlsx list of approved invoices."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.template.loader import render_to_string

from iop.models import BudgetLine
from iop.xlsx import Sheet, column_widths, fitted_widths, make_csv, make_xlsx

from ..models import Invoice
from ..money import ZERO
from .context import InvoiceDocumentation


def make_invoice_documentation_pdf(context: InvoiceDocumentation) -> bytes:
    """Render the fakturaunderlag as a tagged, accessible PDF (PDF/UA-1, Swedish)."""
    from weasyprint import HTML

    from iop.pdf_tags import finish_tagged_pdf

    html = render_to_string("invoicing/invoice_documentation_pdf.html", {"doc": context})
    return finish_tagged_pdf(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"))


def _table_rows(doc: InvoiceDocumentation) -> list[tuple[str, list[list]]]:
    """The documentation as titled tables of plain values: the common source of xlsx and csv."""
    vol = doc.volume
    header: list[list[Any]] = [
        ["Dokument", doc.kind_label],
        ["Nummer", doc.number],
        *([] if doc.is_issued else [["Observera", "UTKAST – ej attesterad, ingen faktura"]]),
        ["OCR-nummer", doc.ocr_reference],
        ["Status", doc.status_label],
        ["Krediterar faktura", doc.credits_number],
        ["Diarienummer (ordernummer)", doc.case_number],
        ["Partnerskap", doc.partnership_title],
        ["Säljare", doc.seller.get("name", "")],
        ["Säljarens organisationsnummer", doc.seller.get("org_number", "")],
        ["Köpare", doc.buyer.get("name", "")],
        ["Köparens organisationsnummer", doc.buyer.get("org_number", "")],
        ["Köparens referens", doc.buyer_reference],
        ["Period från", doc.period_start],
        ["Period till", doc.period_end],
        ["Budgetår", doc.budget_year],
        ["Fakturadatum", doc.invoice_date],
        ["Förfallodatum", doc.due_date],
        ["Betalningsdatum", doc.paid_on],
        ["Faktureringsmodell", doc.method_label],
        ["Betalningssätt", f"{doc.payment_means_label} {doc.payment_account}".strip()],
        ["Inskickad av", doc.submitted.name if doc.submitted else ""],
        ["Inskickad", doc.submitted.at.strftime("%Y-%m-%d %H:%M") if doc.submitted else ""],
        ["Attesterad av", doc.approved.name if doc.approved else ""],
        ["Attesterad", doc.approved.at.strftime("%Y-%m-%d %H:%M") if doc.approved else ""],
        ["Deltagare aktiva under perioden", vol.participants_active],
        ["Använda platser per dag i snitt", vol.average_places_used],
        ["Betalda platser", vol.places_paid_for],
        ["Belopp exkl. moms", doc.total_net],
        ["Moms", doc.total_vat],
        ["Att betala", doc.total],
    ]
    # Cells are text, numbers, dates or empty: the xlsx and csv writers format each kind.
    categories: list[list[Any]] = [
        ["Kategori", "Årets budget", "Fakturerat tidigare", "Denna faktura", "Kvar"]
    ]
    categories += [
        [r.label, r.budget, r.invoiced_earlier, r.this_invoice, r.remaining] for r in doc.categories
    ]
    t = doc.category_totals
    categories.append(["Summa", t["budget"], t["invoiced_earlier"], t["this_invoice"], t["remaining"]])
    if doc.amendment_increase:
        categories.append(["Budgetökning genom ändring", doc.amendment_increase, None, None, None])
    lines: list[list[Any]] = [
        [
            "Rad",
            "Kategori",
            "Budgetrad",
            "Beskrivning",
            "Kostnadsdatum",
            "Belopp exkl. moms",
            "Moms %",
            "Verifikation",
        ]
    ]
    lines += [
        [
            r.position,
            r.category_label,
            r.budget_line,
            r.description,
            r.cost_date,
            r.amount,
            r.vat_rate,
            r.verification,
        ]
        for r in doc.lines
    ]
    vat: list[list[Any]] = [["Momssats %", "Underlag", "Moms"]] + [
        [r.rate, r.taxable, r.vat] for r in doc.vat
    ]
    in_kind: list[list[Any]] = [
        ["Egen insats (faktureras inte)", "Uppskattat värde för året", "Andel för perioden"]
    ]
    in_kind += [[r.description, r.estimated_value, r.period_share] for r in doc.in_kind]
    return [
        ("Underlag", header),
        ("Budget", categories),
        ("Rader", lines),
        ("Moms", vat),
        ("Egen insats", in_kind),
    ]


def make_invoice_documentation_xlsx(context: InvoiceDocumentation) -> bytes:
    sheets = [
        Sheet(title, header=rows[0], rows=rows[1:], widths=fitted_widths(rows))
        for title, rows in _table_rows(context)
    ]
    return make_xlsx(sheets, title=context.title)


def make_invoice_documentation_csv(context: InvoiceDocumentation) -> bytes:
    """The application's csv dialect (`iop.xlsx.make_csv`); the first column names the section."""
    return make_csv([title, *row] for title, rows in _table_rows(context) for row in rows)


def make_approved_invoices_xlsx(invoices: list[Invoice], start: dt.date, end: dt.date) -> bytes:
    """Bulk export for the city's administrators: every approved invoice of a period, one row each,
    and their lines on a second sheet."""
    return make_xlsx(approved_invoices_sheets(invoices, start, end))


def approved_invoices_sheets(invoices: Iterable[Invoice], start: dt.date, end: dt.date) -> list[Sheet]:
    """The sheets of the approved-invoices export, rows produced lazily. `invoices` is read twice (the
    invoices, then their lines): a list, or an iterable that reads the database anew in chunks each time
    (the export job's, which never holds every invoice at once)."""
    header = [
        "Säljare",
        "Organisationsnummer",
        "Fakturanummer",
        "Typ",
        "Krediterar",
        "Diarienummer",
        "Period från",
        "Period till",
        "Fakturadatum",
        "Förfallodatum",
        "Status",
        "Attesterad av",
        "Betald",
        "Belopp exkl. moms",
        "Moms",
        "Att betala",
    ]
    lines_header = [
        "Organisationsnummer",
        "Fakturanummer",
        "Rad",
        "Kategori",
        "Budgetrad",
        "Beskrivning",
        "Belopp exkl. moms",
        "Moms %",
        "Verifikation",
    ]
    # Labels translated once, not per row.
    kinds = {value: str(label) for value, label in Invoice.Kind.choices}
    statuses = {value: str(label) for value, label in Invoice.Status.choices}
    categories = {value: str(label) for value, label in BudgetLine.Category.choices}

    def invoice_rows():
        net = vat = total = ZERO
        for invoice in invoices:
            yield [
                invoice.seller.name,
                invoice.seller.org_number,
                invoice.document_number,
                kinds.get(invoice.kind, invoice.kind),
                invoice.credits.document_number if invoice.credits_id else None,
                invoice.order_reference,
                invoice.period_start,
                invoice.period_end,
                invoice.invoice_date,
                invoice.due_date,
                statuses.get(invoice.status, invoice.status),
                str(invoice.approved_by) if invoice.approved_by_id else "",
                invoice.paid_on,
                invoice.total_net,
                invoice.total_vat,
                invoice.total,
            ]
            net += invoice.total_net
            vat += invoice.total_vat
            total += invoice.total
        yield [f"Summa {start:%Y-%m-%d} – {end:%Y-%m-%d}"] + [None] * 12 + [net, vat, total]

    def line_rows():
        for invoice in invoices:
            for line in invoice.lines.all():
                yield [
                    invoice.seller.org_number,
                    invoice.document_number,
                    line.position,
                    categories.get(line.category, line.category),
                    line.budget_line.description if line.budget_line_id else "",
                    line.description,
                    line.amount,
                    line.vat_rate,
                    line.verification_label,
                ]

    return [
        Sheet("Fakturor", header, invoice_rows(), widths=column_widths([18] * len(header))),
        Sheet("Rader", lines_header, line_rows(), widths=column_widths([18] * len(lines_header))),
    ]
