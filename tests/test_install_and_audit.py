"""`make install` and the image upgrade the venv's own setuptools past its published advisories, and CI's
pip-audit step says plainly when it could not audit."""

import json
import re
import shlex
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
# Python 3.11's bundled setuptools, and the last version before the fix of CVE-2025-47273.
VULNERABLE = ("65.5.0", "70.0.0", "78.1.0")
FIXED = "78.1.1"


def _tool_requirements(lines: list[str]) -> dict[str, Requirement]:
    """Requirements named by `pip install --upgrade …` lines (not the project's own install)."""
    found: dict[str, Requirement] = {}
    for line in lines:
        if "pip install" not in line or "--upgrade" not in line:
            continue
        for word in shlex.split(line.replace("\\", " ")):
            if re.match(r"^[A-Za-z][\w.-]*\s*[<>=!~]", word):
                requirement = Requirement(word)
                found[requirement.name] = requirement
    return found


def _make_install_commands() -> list[str]:
    result = subprocess.run(  # noqa: S603, S607
        ["make", "-n", "-B", "install"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def _assert_safe_tools(tools: dict[str, Requirement]) -> None:
    assert "setuptools" in tools, tools
    spec = tools["setuptools"].specifier
    for version in VULNERABLE:
        assert not spec.contains(version), f"setuptools {version} is still allowed by {spec}"
    assert spec.contains(FIXED) or spec.contains("80.10.2")
    assert "pip" in tools


def test_make_install_upgrades_pip_and_setuptools_in_the_venv():
    commands = _make_install_commands()
    _assert_safe_tools(_tool_requirements(commands))
    # …before the project is installed into it.
    upgrade = next(i for i, c in enumerate(commands) if "setuptools" in c)
    project = next(i for i, c in enumerate(commands) if "-e '.[dev]'" in c)
    assert upgrade < project


def test_the_image_upgrades_pip_and_setuptools_too():
    text = (ROOT / "Dockerfile").read_text()
    tools = _tool_requirements([line for line in text.splitlines() if line.startswith("RUN ")])
    _assert_safe_tools(tools)
    assert str(tools["setuptools"].specifier) == str(
        _tool_requirements(_make_install_commands())["setuptools"].specifier
    )


def test_the_venv_running_these_tests_has_no_vulnerable_setuptools():
    try:
        installed = metadata.version("setuptools")
    except metadata.PackageNotFoundError:
        return  # no setuptools at all: nothing to be vulnerable
    from packaging.version import Version

    assert Version(installed) >= Version(FIXED), (
        f"setuptools {installed} in {sys.prefix}: run `make install` (it upgrades pip and setuptools)"
    )


# --- CI's pip-audit step ------------------------------------------------------------------------------


def _audit_script() -> str:
    text = (ROOT / ".ci" / "run").read_text()
    match = re.search(r"<<'PY'\n(.*?)\nPY\n", text, re.S)
    assert match, "the pip-audit step's report script is not in .ci/run"
    return match.group(1)


def _report(tmp_path: Path, content: str | None, rc: int) -> subprocess.CompletedProcess:
    path = tmp_path / "audit.json"
    if content is not None:
        path.write_text(content)
    (tmp_path / "audit.json.err").write_text("connection refused")
    return subprocess.run(  # noqa: S603
        [sys.executable, "-", str(path), str(rc)],
        input=_audit_script(),
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "content, rc",
    [
        (None, 1),  # pip-audit wrote nothing
        ("not json", 1),
        (json.dumps({"dependencies": [{"name": "django", "version": "5.2", "skip_reason": "404"}]}), 0),
    ],
)
def test_the_audit_step_says_plainly_when_it_could_not_audit(tmp_path, content, rc):
    result = _report(tmp_path, content, rc)
    assert result.returncode == 0
    assert "AUDIT NOT PERFORMED" in result.stdout


def test_the_audit_step_fails_on_a_vulnerable_package(tmp_path):
    deps = [
        {"name": "setuptools", "version": "65.5.0", "vulns": [{"id": "PYSEC-2025-49"}]},
        {"name": "django", "version": "5.2.19", "vulns": []},
    ]
    result = _report(tmp_path, json.dumps({"dependencies": deps}), 1)
    assert result.returncode == 1
    assert "VULNERABLE setuptools 65.5.0: PYSEC-2025-49" in result.stdout
    assert "AUDIT NOT PERFORMED" not in result.stdout


def test_the_audit_step_passes_a_clean_environment(tmp_path):
    deps = [{"name": "django", "version": "5.2.19", "vulns": []}]
    result = _report(tmp_path, json.dumps({"dependencies": deps}), 0)
    assert result.returncode == 0
    assert "1 audited, 0 vulnerable" in result.stdout
