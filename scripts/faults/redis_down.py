#!/usr/bin/env python
"""Fault: Redis (the Celery broker) hangs (`kill -STOP`) and then really stops, under load.

Own Redis on 127.0.0.1:6390 (never the shared one on 6379), own database, gunicorn with 2 workers.
Passes when: no request takes over 5 s; pages that do not queue work stay 100 % successful in every
phase; a report requested while the broker hangs is answered (with a message) and its job row stays
queued; after `kill -CONT` and a stop/start of Redis, a worker plus the sweeper complete every queued
report. The report part is skipped with a printed reason when the reporting app has no ReportJob yet.

    .venv/bin/python scripts/faults/redis_down.py      # about 2 minutes
"""

from __future__ import annotations

import os
import signal
import subprocess  # nosec B404
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _faults import (  # noqa: E402
    PG_URL,
    ROOT,
    Cleanup,
    HttpUser,
    Load,
    app_env,
    manage,
    prepare_database,
    result_line,
    say,
    start_gunicorn,
    start_redis,
    start_worker,
)

REDIS_PORT = int(os.environ.get("FAULTS_REDIS_PORT", "6390"))
PHASE_SECONDS = float(os.environ.get("FAULTS_PHASE_SECONDS", "10"))
RECOVERY_SECONDS = float(os.environ.get("FAULTS_RECOVERY_SECONDS", "360"))


def shell(env: dict, code: str) -> str:
    result = manage(env, "shell", "-c", code, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-1500:])
    return result.stdout.strip()


def has_reporting(env: dict) -> str | None:
    """None when the outbox exists, else the reason to skip the report part."""
    out = shell(
        env,
        "from django.apps import apps\n"
        "from django.urls import reverse\n"
        "try:\n"
        "    apps.get_model('reporting', 'ReportJob'); reverse('reporting:request')\n"
        "    import reporting.services, reporting.tasks\n"
        "    print('yes')\n"
        "except Exception as e:\n"
        "    print('no:', type(e).__name__, e)\n",
    )
    return None if out.endswith("yes") else f"reporting outbox not there yet ({out})"


def job_states(env: dict) -> dict:
    out = shell(
        env,
        "import json; from django.db.models import Count; from reporting.models import ReportJob\n"
        "print(json.dumps({r['state']: r['n'] for r in ReportJob.objects.values('state').annotate(n=Count('pk'))}))",
    )
    import json

    return json.loads(out.splitlines()[-1])


def job_details(env: dict) -> str:
    """Every job's timestamps, to tell a job never re-dispatched from one the worker never took."""
    return shell(
        env,
        "from reporting.models import ReportJob\n"
        "for j in ReportJob.objects.order_by('pk'):\n"
        "    print(j.pk, j.state, j.requested_at, j.dispatched_at, j.started_at, j.finished_at, j.attempts)",
    )


def request_report(port: int, username: str, password: str, partnership_pk: int, year: int) -> dict:
    import re
    from urllib.parse import urlencode

    user = HttpUser(port, timeout=30)
    user.login(username, password)
    status, body = user.request("GET", "/rapporter/")
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    token = match.group(1).decode() if match else ""
    form = urlencode(
        {
            "kind": "partnership_summary",
            "partnership": partnership_pk,
            "year": year,
            "csrfmiddlewaretoken": token,
        }
    )
    t0 = time.perf_counter()
    status, body = user.request(
        "POST",
        "/rapporter/bestall/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{port}/rapporter/",
        },
    )
    seconds = time.perf_counter() - t0
    page_status, page = user.request("GET", "/rapporter/")
    text = page.decode("utf-8", "replace")
    message = re.search(r'class="alert[^"]*"[^>]*>\s*(.*?)\s*<', text, re.S)
    return {
        "status": status,
        "seconds": round(seconds, 2),
        "message": message.group(1).strip()[:160] if message else "",
    }


def main() -> int:
    with Cleanup() as cleanup:
        (ROOT / "var").mkdir(exist_ok=True)
        redis_pid, _ = start_redis(cleanup, REDIS_PORT)
        broker = f"redis://127.0.0.1:{REDIS_PORT}/0"
        prepare_database(cleanup, PG_URL)
        env = app_env(PG_URL, broker)
        skip_reports = has_reporting(env)
        if skip_reports:
            say(f"skipped (report part): {skip_reports}")
        info = shell(
            env,
            "from iop.models import Partnership\np = Partnership.objects.order_by('pk').first(); print(p.pk)",
        ).splitlines()[-1]
        partnership_pk = int(info)
        port = start_gunicorn(cleanup, env)
        from bench.accounts import BENCH_PASSWORD

        paths = ["/halsa/", "/", "/partnerskap/", f"/partnerskap/{partnership_pk}/"]
        users = [("bench-samordnare", BENCH_PASSWORD)] * 3 + [("bench-styrgrupp", BENCH_PASSWORD)] * 2
        load = Load(port, users, paths, timeout=10)
        load.start()
        time.sleep(PHASE_SECONDS)

        load.phase = "redis_paused"
        os.kill(redis_pid, signal.SIGSTOP)
        say("kill -STOP redis")
        reports = []
        if not skip_reports:
            for year in (2024, 2025):
                reports.append(request_report(port, "bench-samordnare", BENCH_PASSWORD, partnership_pk, year))
                say(f"report requested while paused: {reports[-1]}")
        time.sleep(PHASE_SECONDS)
        queued_while_paused = job_states(env) if not skip_reports else {}
        os.kill(redis_pid, signal.SIGCONT)
        say("kill -CONT redis")

        load.phase = "redis_stopped"
        os.kill(redis_pid, signal.SIGTERM)
        say("redis stopped (SIGTERM)")
        if not skip_reports:
            reports.append(request_report(port, "bench-samordnare", BENCH_PASSWORD, partnership_pk, 2023))
            say(f"report requested while stopped: {reports[-1]}")
        time.sleep(PHASE_SECONDS)
        redis_pid, _ = start_redis(cleanup, REDIS_PORT)

        load.phase = "after"
        completed = None
        if not skip_reports:
            start_worker(cleanup, env, "faults-redis")
            # Generous: the last job only becomes due for re-dispatch 60 s after it was requested, and
            # on a busy CI machine the worker's start and each render take tens of seconds.
            deadline = time.monotonic() + RECOVERY_SECONDS
            while time.monotonic() < deadline:
                # The sweeper (what celery beat runs every minute), with the outbox's re-dispatch delay
                # already passed: requests are older than REDISPATCH_AFTER by now or soon.
                shell(env, "from reporting.services import dispatch_pending; print(dispatch_pending())")
                states = job_states(env)
                if states and set(states) <= {"done"}:
                    completed = states
                    break
                time.sleep(5)
            completed = completed or job_states(env)
            say(f"jobs after recovery: {completed}")
            if set(completed) - {"done"}:
                details_of_jobs = job_details(env)
                say(f"jobs not done: {details_of_jobs}")
        else:
            time.sleep(PHASE_SECONDS)
        load.stop()

        phases = {p: load.summary(p) for p in ("before", "redis_paused", "redis_stopped", "after")}
        for p, s in phases.items():
            say(f"{p:<14} {s}")
        all_rows = load.summary()
        ok = all_rows["over_5s"] == 0 and all(
            s["ok_percent"] == 100.0 for s in phases.values() if s["requests"]
        )
        details: dict = {"phases": phases}
        if not skip_reports:
            ok = ok and all(r["seconds"] < 5 and r["status"] in (200, 302) for r in reports)
            ok = ok and queued_while_paused.get("queued", 0) >= 2 and set(completed) <= {"done"}
            details |= {"reports": reports, "jobs_while_paused": queued_while_paused, "jobs_after": completed}
            if set(completed) - {"done"}:
                details["jobs_not_done"] = details_of_jobs
        else:
            details["skipped"] = skip_reports
        return result_line("redis_down", ok, details)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.TimeoutExpired as exc:
        sys.exit(result_line("redis_down", False, {"error": f"timeout: {exc}"}))
