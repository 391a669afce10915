"""`manage.py export_approved_invoices`: the page's export (the job's checks, rows and streamed writer)
written straight to a file, complete or not at all."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from invoicing import services
from invoicing.tests.factories import setup
from iop.export_jobs import APPROVED_INVOICES_EXPORT
from iop.storage import read_private_file
from reporting.exports import files
from reporting.exports.services import export_request
from reporting.services import run_report_job

pytestmark = pytest.mark.django_db


def issued(s, start=dt.date(2025, 1, 1)):
    invoice = services.invoice_create(partnership=s.partnership, period_start=start, by=s.ekonomi)
    invoice = services.invoice_submit(invoice=invoice, by=s.ekonomi)
    return services.invoice_approve(invoice=invoice, by=s.attestant)


def _export(out, start="2025-01-01", end="2025-03-31") -> None:
    call_command("export_approved_invoices", "--from", start, "--to", end, "--output", str(out))


def _rows(content: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(content))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def test_the_command_writes_the_periods_approved_invoices(tmp_path):
    s = setup()
    issued(s)
    issued(s, dt.date(2025, 4, 1))
    out = tmp_path / "q1.xlsx"
    _export(out)
    rows = _rows(out.read_bytes())["Fakturor"]
    assert [r[2] for r in rows[1:-1]] == ["IOP-1"]


def test_the_command_writes_the_same_workbook_as_the_pages_export_job(tmp_path):
    s = setup()
    issued(s)
    issued(s, dt.date(2025, 4, 1))
    out = tmp_path / "h1.xlsx"
    _export(out, end="2025-06-30")
    job = export_request(
        kind=APPROVED_INVOICES_EXPORT,
        params={"start": "2025-01-01", "end": "2025-06-30", "format": "xlsx"},
        user=s.attestant,
    )
    report = run_report_job(job_id=job.pk)
    assert report is not None
    written = _rows(out.read_bytes())
    assert [r[2] for r in written["Fakturor"][1:-1]] == ["IOP-1", "IOP-2"]
    assert written == _rows(read_private_file(report.file.name))


def test_the_command_streams_the_rows_through_the_jobs_writer(tmp_path, monkeypatch):
    """No list of invoices, no workbook in memory: the rows reach the write-only writer one at a time."""
    issued(setup())
    seen = []
    real = files.write_xlsx

    def spy(handle, sheets):
        seen.extend(type(sheet.rows).__name__ for sheet in sheets)
        return real(handle, sheets)

    monkeypatch.setattr(files, "write_xlsx", spy)
    _export(tmp_path / "q1.xlsx")
    assert seen == ["generator", "generator"]


def test_a_bad_period_is_a_clear_error_at_its_option_and_writes_nothing(tmp_path):
    out = tmp_path / "q1.xlsx"
    with pytest.raises(CommandError, match="--from: Ange ett datum"):
        _export(out, start="2025-13-01")
    with pytest.raises(CommandError, match="--to: Slutdatum kan inte ligga före startdatum"):
        _export(out, start="2025-04-01")
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_a_clear_error_without_traceback(tmp_path):
    missing = tmp_path / "finns-inte" / "q1.xlsx"
    with pytest.raises(CommandError, match="Mappen .*finns-inte finns inte"):
        _export(missing)
    assert not missing.parent.exists()


def test_a_failure_while_writing_leaves_neither_half_a_file_nor_a_temporary_one(tmp_path, monkeypatch):
    issued(setup())
    out = tmp_path / "q1.xlsx"
    out.write_bytes(b"gammal fil")

    def broken(handle, sheets):
        handle.write(b"PK half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files, "write_xlsx", broken)
    with pytest.raises(CommandError, match="No space left"):
        _export(out)
    assert out.read_bytes() == b"gammal fil"
    assert [p.name for p in tmp_path.iterdir()] == ["q1.xlsx"]
