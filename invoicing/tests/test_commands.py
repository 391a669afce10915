import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from invoicing import services
from invoicing.iop_rules import validate_iop_rules
from invoicing.peppol import validator

from .factories import partner_org, setup

pytestmark = pytest.mark.django_db


def issued(s, start=dt.date(2025, 1, 1)):
    invoice = services.invoice_create(partnership=s.partnership, period_start=start, by=s.ekonomi)
    invoice = services.invoice_submit(invoice=invoice, by=s.ekonomi)
    return services.invoice_approve(invoice=invoice, by=s.attestant)


@pytest.mark.parametrize(
    "fmt, magic", [("pdf", b"%PDF"), ("xlsx", b"PK"), ("csv", b"\xef\xbb\xbf"), ("ubl", b"<?xml")]
)
def test_export_invoice_writes_each_format(tmp_path, fmt, magic):
    issued(setup())
    out = tmp_path / f"faktura.{fmt}"
    call_command("export_invoice", "846004-8716:1", "--format", fmt, "--output", str(out))
    assert out.read_bytes().startswith(magic)
    if fmt == "ubl":
        xml = out.read_bytes()
        assert validate_iop_rules(xml) == []
        assert [str(f) for f in validator().errors(xml)] == []  # the official Peppol rules


def test_export_invoice_accepts_a_plain_number_when_it_is_unambiguous(tmp_path):
    issued(setup())
    out = tmp_path / "f.xml"
    call_command("export_invoice", "1", "--format", "ubl", "--output", str(out))
    assert etree.fromstring(out.read_bytes()).findtext("{*}ID") == "IOP-1"
    call_command("export_invoice", "IOP-1", "--format", "ubl", "--output", str(out))
    with pytest.raises(CommandError):
        call_command("export_invoice", "ABC-1", "--format", "ubl", "--output", str(out))


def test_export_invoice_refuses_an_ambiguous_or_unknown_number(tmp_path):
    issued(setup())
    other = setup(case_number="ASN-2024-7777", partner=partner_org("802000-0045", name="Annan stiftelse"))
    issued(other)
    with pytest.raises(CommandError, match="tvetydigt"):
        call_command("export_invoice", "1", "--format", "pdf", "--output", str(tmp_path / "x.pdf"))
    call_command("export_invoice", "8020000045:1", "--format", "csv", "--output", str(tmp_path / "x.csv"))
    assert "802000-0045" in (tmp_path / "x.csv").read_text(encoding="utf-8-sig")
    for bad in ("99", "846004-8716:2", "123:1", "abc"):
        with pytest.raises(CommandError):
            call_command("export_invoice", bad, "--format", "pdf", "--output", str(tmp_path / "y.pdf"))


def test_export_invoice_writes_csv_and_ubl_to_standard_output(capsys):
    issued(setup())
    call_command("export_invoice", "846004-8716:1", "--format", "ubl", "--output", "-")
    assert capsys.readouterr().out.startswith("<?xml")
    with pytest.raises(CommandError):
        call_command("export_invoice", "846004-8716:1", "--format", "pdf", "--output", "-")


def test_export_into_a_missing_folder_is_a_clear_error_without_traceback(tmp_path):
    issued(setup())
    missing = tmp_path / "finns-inte" / "f.pdf"
    with pytest.raises(CommandError, match="Mappen .*finns-inte finns inte"):
        call_command("export_invoice", "1", "--format", "pdf", "--output", str(missing))
    assert not missing.parent.exists()


def test_an_export_replaces_the_file_whole_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    issued(setup())
    out = tmp_path / "f.csv"
    out.write_bytes(b"gammal fil")
    import invoicing.exports as exports

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exports.os, "fsync", broken_fsync)
    with pytest.raises(CommandError, match="No space left"):
        call_command("export_invoice", "1", "--format", "csv", "--output", str(out))
    assert out.read_bytes() == b"gammal fil"  # the old file is untouched, not half overwritten
    assert [p.name for p in tmp_path.iterdir()] == ["f.csv"]
    monkeypatch.undo()
    call_command("export_invoice", "1", "--format", "csv", "--output", str(out))
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert [p.name for p in tmp_path.iterdir()] == ["f.csv"]
