"""`manage.py generate_report` runs the registered builder synchronously."""

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from iop.demo import seed_stadsmission

pytestmark = pytest.mark.django_db


def test_it_writes_the_partnership_summary(tmp_path):
    seed_stadsmission()
    out = tmp_path / "sammanstallning.pdf"
    call_command(
        "generate_report",
        "partnership_summary",
        "--partnership",
        "ASN-2024-1234",
        "--year",
        "2025",
        "--output",
        str(out),
    )
    text = "".join(p.extract_text() for p in PdfReader(out).pages).replace("\xa0", " ")
    assert "1 926 637 kr" in text


def test_it_refuses_an_unknown_kind(tmp_path):
    with pytest.raises(CommandError, match="Okänd rapporttyp"):
        call_command("generate_report", "nonsense", "--output", str(tmp_path / "x.pdf"))


def test_it_refuses_an_unknown_partnership(tmp_path):
    with pytest.raises(CommandError, match="finns inte"):
        call_command(
            "generate_report",
            "partnership_summary",
            "--partnership",
            "ASN-2099-0001",
            "--year",
            "2025",
            "--output",
            str(tmp_path / "x.pdf"),
        )


def test_it_names_the_missing_parameters(tmp_path):
    seed_stadsmission()
    with pytest.raises(CommandError, match="--year"):
        call_command(
            "generate_report",
            "partnership_summary",
            "--partnership",
            "ASN-2024-1234",
            "--output",
            str(tmp_path / "x.pdf"),
        )
    assert not (tmp_path / "x.pdf").exists()
