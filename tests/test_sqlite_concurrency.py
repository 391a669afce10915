"""The embedded default (`make run`: SQLite in a file, Django's threaded runserver) serves a handful of
concurrent users without "database is locked".

The suite's own database is SQLite in memory, which never locks like a file does, so this test starts the
real `manage.py runserver` in a subprocess against a migrated SQLite file with a little data, and lets
four logged-in clients read participant and placement pages at the same time. Every such page writes an
access-log row inside its transaction: with SQLite's default deferred transactions two of them upgrading
to a write lock at once made one fail at once ("database is locked", HTTP 500), whatever the busy timeout.
"""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bench.server import HttpUser, free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 4
ROUNDS = 8

# Run inside the subprocess (settings config.settings on the temporary file): the access-test world, whose
# case officer has a participant with an ongoing placement and a queued one, and the coordinator sees all.
_DATA = """
from tests.access.participants import extend_world
from tests.access.world import build_world
w = build_world()
extend_world(w)
print("IDS", w.participant.pk, w.referral.participant_id, w.placement.pk)
"""


def _env(db_file: Path, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "true",  # what `make run` writes into .env
            "DATABASE_URL": f"sqlite:///{db_file}",
            "MEDIA_ROOT": str(tmp_path / "files"),
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def _manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture
def file_database_server(tmp_path):
    """`manage.py runserver` (threaded, as `make run`) on a migrated SQLite file; yields (port, ids)."""
    db_file = tmp_path / "db.sqlite3"
    env = _env(db_file, tmp_path)
    _manage(env, "migrate", "--noinput", "-v", "0")
    out = _manage(env, "shell", "-c", _DATA)
    ids = [int(x) for x in out.split("IDS", 1)[1].split()]
    port = free_port()
    log = open(tmp_path / "server.log", "w+")  # noqa: SIM115 - closed below
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        assert wait_for(port, timeout=90), "runserver did not start"
        yield port, ids, db_file
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def test_the_settings_of_a_file_database_use_wal_immediate_transactions_and_a_busy_timeout(tmp_path):
    code = (
        "import django, json; django.setup(); from django.db import connection; "
        "c = connection.cursor(); "
        "print(json.dumps({'mode': connection.transaction_mode, "
        "'journal': c.execute('PRAGMA journal_mode').fetchone()[0], "
        "'busy': c.execute('PRAGMA busy_timeout').fetchone()[0]}))"
    )
    env = _env(tmp_path / "db.sqlite3", tmp_path)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    import json

    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["mode"] == "IMMEDIATE"
    assert values["journal"] == "wal"
    assert values["busy"] >= 10_000


def test_four_concurrent_users_read_participant_and_placement_pages_without_a_500(file_database_server):
    port, (participant, queued, placement), db_file = file_database_server
    pages = [f"/deltagare/{participant}/", f"/deltagare/{queued}/", f"/deltagare/plats/{placement}/"]
    users = [HttpUser(port, timeout=60) for _ in range(CLIENTS)]
    for user in users:
        assert user.login("w_samordnare", "test-password-123")
    start = threading.Barrier(CLIENTS)
    statuses: list[list[int]] = [[] for _ in range(CLIENTS)]
    errors: list[BaseException] = []

    def browse(n: int) -> None:
        try:
            start.wait(timeout=60)
            for _ in range(ROUNDS):
                for page in pages:
                    status, _body = users[n].request("GET", page)
                    statuses[n].append(status)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=browse, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    flat = [s for per_client in statuses for s in per_client]
    assert len(flat) == CLIENTS * ROUNDS * len(pages)
    assert flat.count(500) == 0, f"{flat.count(500)} of {len(flat)} requests failed with 500"
    assert set(flat) == {200}, sorted(set(flat))

    # Every page view was logged: the access-log rows were written, not lost.
    import sqlite3

    with sqlite3.connect(db_file) as db:
        rows = db.execute("SELECT COUNT(*) FROM participants_accesslog").fetchone()[0]
    assert rows >= len(flat)
