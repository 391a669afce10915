#!/usr/bin/env python
"""Fault: the Celery worker is killed (`kill -9`) while it renders a report; once the main process,
once only its pool child.

Own Redis on 127.0.0.1:6391, own database, a real `celery beat` (which sends the sweeper every minute)
and a prefork worker with one child whose renders first wait FAULTS_RENDER_SECONDS (slow_worker.py), so
the kill always lands mid-render. For each case the script orders a report through the outbox service,
waits until the job row says `running`, kills, and records every state the job row (which the report page
shows) goes through until it is done.

- Pool child killed: the main process sees the child die (WorkerLostError); acks_late +
  reject_on_worker_lost requeue the message, the new child takes over the running job (the dead child's
  row lock went with its connection) and produces it.
- Main process killed (and its child): the unacknowledged message comes back only after Redis's
  visibility timeout (2 h), but the sweeper finds the running job unlocked (no live render holds it)
  one minute after it started, gives it back to the queue and publishes it; a fresh worker produces it.

Passes when each job was `running` when killed, ends `done` with exactly one GeneratedReport and is never
shown as failed.

    .venv/bin/python scripts/faults/worker_killed.py      # about 3 minutes
"""

from __future__ import annotations

import json
import os
import signal
import subprocess  # nosec B404
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _faults import (  # noqa: E402
    PG_URL,
    PY,
    ROOT,
    Cleanup,
    app_env,
    manage,
    prepare_database,
    result_line,
    say,
    start_redis,
    start_worker,
)

REDIS_PORT = int(os.environ.get("FAULTS_WORKER_REDIS_PORT", "6391"))
DB_URL = PG_URL.rsplit("/", 1)[0] + "/bench_faults_worker"
KINDS = ("quarterly", "overview", "annual", "partnership_summary")


def shell(env: dict, code: str) -> str:
    result = manage(env, "shell", "-c", code, timeout=180)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-1500:])
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def children_of(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def job(db, job_id: int) -> tuple[str, int]:
    row = db.execute(
        "SELECT j.state, (SELECT count(*) FROM reporting_generatedreport g WHERE g.job_id = j.id) "
        "FROM reporting_reportjob j WHERE j.id = %s",
        [job_id],
    ).fetchone()
    return row[0], row[1]


def start_beat(cleanup: Cleanup, env: dict) -> subprocess.Popen:
    """The real scheduler: it sends the sweeper (dispatch_pending_reports) every minute, as in production."""
    log = open(ROOT / "var" / "faults-beat.log", "a")  # noqa: SIM115
    proc = subprocess.Popen(  # noqa: S603
        [PY, "-m", "celery", "-A", "config", "beat", "-l", "info", "-s", str(ROOT / "var" / "faults-beat")],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    cleanup.process(proc, "celery beat")
    cleanup.add(log.close)
    say(f"celery beat pid {proc.pid}")
    return proc


def run_case(cleanup: Cleanup, env: dict, db, kind: str, params: dict, target: str, n: int) -> dict:
    worker = start_worker(cleanup, env, f"faults-kill-{n}", slow_render=True)
    time.sleep(4)  # let it connect before the task is published
    last = db.execute("SELECT coalesce(max(id), 0) FROM reporting_reportjob").fetchone()[0]
    ordering = subprocess.Popen(  # noqa: S603
        [
            PY,
            "manage.py",
            "shell",
            "-c",
            "from reporting.builders import REPORT_NEEDS\n"
            "from reporting.services import report_request\n"
            f"params = {{k: v for k, v in {params!r}.items() if k in REPORT_NEEDS[{kind!r}]}}\n"
            f"print(report_request(kind={kind!r}, params=params, user=None).pk)",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    state, job_id = "queued", None
    while time.monotonic() < deadline:
        row = db.execute(
            "SELECT id, state FROM reporting_reportjob WHERE id > %s ORDER BY id LIMIT 1", [last]
        ).fetchone()
        if row:
            job_id, state = row
            if state != "queued":
                break
        time.sleep(0.05)
    ordering.wait(timeout=60)
    if state != "running":
        return {
            "kind": kind,
            "target": target,
            "error": f"job {job_id} went {state} before it could be killed",
        }
    time.sleep(1)  # mid-render: the slow worker's render lasts FAULTS_RENDER_SECONDS
    children = children_of(worker.pid)  # the pool child rendering it
    victim = worker.pid if target == "main process" else (children[0] if children else None)
    if victim is None:
        return {"kind": kind, "target": target, "error": "no pool child found"}
    os.kill(victim, signal.SIGKILL)
    killed_at = time.monotonic()
    say(f"kill -9 {target} (pid {victim}) while job {job_id} ({kind}) was running")
    if target == "main process":
        for child in children:  # an orphaned child would finish the task on its own; kill it too
            try:
                os.kill(child, signal.SIGKILL)
            except ProcessLookupError:
                pass
    shown_after_kill = job(db, job_id)[0]
    fresh = (
        start_worker(cleanup, env, f"faults-kill-{n}b", slow_render=True)
        if target == "main process"
        else worker
    )
    # What the report page shows meanwhile is the job row's state: record each change with its time.
    states: list[tuple[float, str]] = [(0.0, shown_after_kill)]
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        state, files = job(db, job_id)
        if state != states[-1][1]:
            states.append((round(time.monotonic() - killed_at, 1), state))
        if state in ("done", "failed"):
            break
        time.sleep(0.5)
    state, files = job(db, job_id)
    for proc in {worker, fresh}:  # gone before the next case, so only one worker takes its task
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        for child in children_of(proc.pid):
            os.kill(child, signal.SIGKILL)
    return {
        "kind": kind,
        "target": target,
        "job": job_id,
        "state_shown_after_kill": shown_after_kill,
        "states_seen": states,
        "final_state": state,
        "generated_reports": files,
        "seconds_to_done": round(time.monotonic() - killed_at, 1),
    }


def main() -> int:
    import psycopg

    with Cleanup() as cleanup:
        (ROOT / "var").mkdir(exist_ok=True)
        start_redis(cleanup, REDIS_PORT)
        prepare_database(cleanup, DB_URL)
        env = app_env(DB_URL, f"redis://127.0.0.1:{REDIS_PORT}/0")
        available = shell(
            env,
            "import json\n"
            "try:\n"
            "    from reporting.builders import REPORT_BUILDERS; from reporting.services import report_request\n"
            "    print(json.dumps(sorted(REPORT_BUILDERS)))\n"
            "except ImportError as e:\n"
            "    print(json.dumps({'skip': str(e)}))",
        )
        kinds = json.loads(available)
        if isinstance(kinds, dict):
            say(f"skipped: reporting outbox/builders not there yet ({kinds['skip']})")
            return result_line("worker_killed", True, {"skipped": kinds["skip"]})
        kind = next((k for k in KINDS if k in kinds), None)
        if kind is None:
            return result_line("worker_killed", True, {"skipped": f"no known report kind in {kinds}"})
        pk, year = shell(
            env,
            "from iop.models import Partnership; p = Partnership.objects.order_by('pk').first(); print(p.pk, 2025)",
        ).split()
        params = {"partnership": int(pk), "year": int(year), "quarter": 3}
        cases = []
        start_beat(cleanup, env)
        with psycopg.connect(DB_URL.replace("postgres://", "postgresql://"), autocommit=True) as db:
            for n, target in enumerate(("main process", "pool child"), start=1):
                params["year"] = 2025 - n  # a different report each time (one active job per request)
                case = run_case(cleanup, env, db, kind, dict(params), target, n)
                say(f"{target}: {case}")
                cases.append(case)
        # Killed mid-render (the row said `running`), produced exactly once, never shown as failed.
        ok = all(
            c.get("state_shown_after_kill") == "running"
            and c.get("final_state") == "done"
            and c.get("generated_reports") == 1
            and all(s in ("running", "queued", "done") for _t, s in c.get("states_seen", []))
            for c in cases
        )
        return result_line("worker_killed", ok, {"cases": cases})


if __name__ == "__main__":
    sys.exit(main())
