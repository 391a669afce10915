"""The scan that fails a test run whose application log holds a personnummer (tests/log_scan.py)."""

import io

from tests.log_scan import Tee, findings


def test_the_scan_finds_personnummer_and_samordningsnummer_in_any_shape(tmp_path):
    log = tmp_path / "log.txt"
    log.write_text(
        "2026-12-01 10:00:00,123 INFO x deltagare 19850312-1234\n"
        "ok line\n"
        "y 8503121234 och 850372+1234 och 198503121234\n",
        encoding="utf-8",
    )
    found = findings(log)
    assert len(found) == 4
    assert found[0].startswith("line 1: NNNNNNNN-NNNN")
    assert all("1234" not in f for f in found)


def test_the_scan_leaves_dates_amounts_invoice_numbers_and_masks_alone(tmp_path):
    log = tmp_path / "log.txt"
    log.write_text(
        "2026-12-01 10:00:00,123 WARNING faktura 2025-0042 på 1 926 637,00 kr, "
        "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08, [personnummer borttaget]\n",
        encoding="utf-8",
    )
    assert findings(log) == []


def test_the_tee_writes_to_both_streams():
    a, b = io.StringIO(), io.StringIO()
    tee = Tee(a, b)
    tee.write("rad\n")
    tee.flush()
    assert a.getvalue() == b.getvalue() == "rad\n"
