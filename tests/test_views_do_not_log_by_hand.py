"""Views neither write the access log nor open transactions themselves (docs/architecture.md, "Where an
access decision lives"): reads are logged by each app's access module (`participants.access`,
`followup.access`), logged writes by the services, which also own the transactions."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("iop", "participants", "followup", "programmes", "invoicing", "reporting", "bench", "config")
FORBIDDEN = re.compile(
    r"\blog_access\(|\blog_denied\(|\blog_reads\(|\btransaction\.atomic\b|participants\.access_log\b"
)


def view_modules(root: Path) -> list[Path]:
    """Every app's views: a `views` package, `views.py` and modules named `*_views.py`."""
    found: list[Path] = []
    for app in APPS:
        base = root / app
        found += sorted((base / "views").rglob("*.py"))
        found += sorted(p for p in base.glob("*views.py"))
    return [p for p in found if "tests" not in p.relative_to(root).parts]


def hand_written_logging(root: Path) -> list[str]:
    hits = []
    for path in view_modules(root):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if FORBIDDEN.search(line):
                hits.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    return hits


def test_the_views_of_every_app_are_found():
    names = {str(p.relative_to(ROOT)) for p in view_modules(ROOT)}
    assert {"config/views.py", "iop/views/partnerships.py", "followup/views/_common.py"} <= names
    assert "participants/views/referrals.py" in names
    assert "reporting/figure_views.py" in names


def test_no_view_logs_access_or_opens_a_transaction_by_hand():
    assert hand_written_logging(ROOT) == []


def test_the_check_sees_a_view_that_logs_by_hand(tmp_path):
    (tmp_path / "participants" / "views").mkdir(parents=True)
    (tmp_path / "participants" / "views" / "bad.py").write_text(
        "def v(request):\n    with transaction.atomic():\n        log_access(request_or_user=request)\n"
    )
    assert hand_written_logging(tmp_path) == [
        "participants/views/bad.py:2: with transaction.atomic():",
        "participants/views/bad.py:3: log_access(request_or_user=request)",
    ]
