"""Runs the fault scripts (scripts/faults/) when RUN_FAULT_TESTS=1; each prints a FAULT-RESULT line.

They start their own Redis (6390/6391), PostgreSQL cluster (5440), gunicorn and Celery processes on
loopback, so they are slow (1–3 minutes each) and not part of the default run.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = {
    "redis_down": [sys.executable, "scripts/faults/redis_down.py"],
    "postgres_restart": [sys.executable, "scripts/faults/postgres_restart.py"],
    "worker_killed": [sys.executable, "scripts/faults/worker_killed.py"],
    "concurrency": ["bash", "scripts/faults/concurrency.sh"],
}

pytestmark = [
    pytest.mark.faults,
    pytest.mark.skipif(
        os.environ.get("RUN_FAULT_TESTS") != "1",
        reason="fault scripts start their own Redis/PostgreSQL/gunicorn (minutes); set RUN_FAULT_TESTS=1",
    ),
]


@pytest.mark.parametrize("name", list(SCRIPTS))
def test_fault_script_passes(name):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    proc = subprocess.run(SCRIPTS[name], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("FAULT-RESULT ")]
    assert lines, f"{name} printed no result:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    result = json.loads(lines[-1].removeprefix("FAULT-RESULT "))
    print(name, json.dumps(result, ensure_ascii=False))  # noqa: T201 - the numbers, for the log
    if result.get("skipped"):
        pytest.skip(f"{name}: {result['skipped']}")
    assert result["ok"], result
    assert proc.returncode == 0
