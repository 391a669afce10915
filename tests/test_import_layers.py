"""The apps depend downward only (docs/architecture.md): a module may import from its own app and from the
apps below it, never from one above. Tests and migrations are left out: a test may set up a world that
spans apps."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Lowest first. config (settings, root URLs, start page) and bench (the benchmark) stand above them all.
LAYERS = ("iop", "participants", "followup", "programmes", "invoicing", "reporting", "bench", "config")


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def upward_imports() -> list[str]:
    found = []
    for level, app in enumerate(LAYERS):
        for path in sorted((ROOT / app).rglob("*.py")):
            if {"tests", "migrations"} & set(path.relative_to(ROOT).parts):
                continue
            for line, module in _imported_modules(path):
                top = module.split(".")[0]
                if top in LAYERS and LAYERS.index(top) > level:
                    found.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return found


def test_no_app_imports_from_an_app_above_it():
    assert upward_imports() == []


def test_the_check_sees_an_upward_import(tmp_path, monkeypatch):
    (tmp_path / "iop").mkdir()
    (tmp_path / "iop" / "bad.py").write_text(
        "def f():\n    from reporting.indicators import compute_indicators\n"
    )
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert upward_imports() == ["iop/bad.py:2 imports reporting.indicators"]
