"""Money is Decimal everywhere: the invoicing code path must never turn amounts into floats."""

import re
from pathlib import Path

APP = Path(__file__).resolve().parent.parent
FLOAT_CALL = re.compile(r"\bfloat\s*\(")


def _sources():
    return [p for p in APP.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts]


def test_the_invoicing_code_has_sources_to_check():
    # A module may be a package (`services/`): name it by its first path part without ".py".
    names = {p.relative_to(APP).parts[0].removesuffix(".py") for p in _sources()}
    assert {"models", "services", "money", "ubl", "documentation"} <= names


def test_no_invoicing_module_calls_float():
    offenders = [
        f"{path.relative_to(APP)}:{number}"
        for path in _sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if FLOAT_CALL.search(line)
    ]
    assert offenders == []


def test_the_guard_would_notice_a_float_call():
    assert FLOAT_CALL.search("total = float(invoice.total)")
    assert not FLOAT_CALL.search("no_floating_point(here)")
