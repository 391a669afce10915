#!/usr/bin/env python
"""Fault: PostgreSQL restarts under load.

Creates its own throw-away cluster (initdb as the postgres user into a temporary directory, port 5440,
loopback only; never the shared cluster on 5432), a database with a little load data, gunicorn with
2 workers, and then stops the cluster for a few seconds and starts it again while simulated users keep
requesting pages. Passes when: every failed request during the outage got the friendly 500 page with
an incident number (templates/500.html), no request took over 5 s, and from 5 s after the cluster is
back there are 0 errors (CONN_HEALTH_CHECKS lets the persistent connections recover without a restart).

    .venv/bin/python scripts/faults/postgres_restart.py     # about 1.5 minutes
"""

from __future__ import annotations

import os
import shutil
import subprocess  # nosec B404
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _faults import ROOT, Cleanup, Load, app_env, prepare_database, result_line, say, start_gunicorn  # noqa: E402

PG_PORT = int(os.environ.get("FAULTS_PG_PORT", "5440"))
OUTAGE_SECONDS = float(os.environ.get("FAULTS_OUTAGE_SECONDS", "6"))
PHASE_SECONDS = float(os.environ.get("FAULTS_PHASE_SECONDS", "10"))


def pg_bin(name: str) -> str:
    for candidate in (shutil.which(name), *sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))):
        if candidate:
            return str(candidate)
    raise SystemExit(f"{name} not found")


def as_postgres(args: list[str]) -> list[str]:
    """initdb/pg_ctl refuse to run as root: run them as the postgres user when we are root."""
    if os.geteuid() == 0:
        return [shutil.which("runuser") or "/usr/sbin/runuser", "-u", "postgres", "--", *args]
    return args


def pg_ctl(datadir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        as_postgres([pg_bin("pg_ctl"), "-D", str(datadir), *args]), capture_output=True, text=True, timeout=60
    )


def main() -> int:
    with Cleanup() as cleanup:
        (ROOT / "var").mkdir(exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix="faults-pg-"))
        cleanup.add(lambda: shutil.rmtree(tmp, ignore_errors=True))
        datadir = tmp / "data"
        if os.geteuid() == 0:
            shutil.chown(tmp, "postgres", "postgres")
        subprocess.run(  # noqa: S603
            as_postgres(
                [pg_bin("initdb"), "-D", str(datadir), "--auth=trust", "-U", "postgres", "-E", "UTF8"]
            ),
            check=True,
            capture_output=True,
        )
        opts = f"-p {PG_PORT} -c listen_addresses=127.0.0.1 -k {tmp} -c fsync=off"
        start = pg_ctl(datadir, "-o", opts, "-l", str(tmp / "pg.log"), "-w", "start")
        if start.returncode != 0:
            raise SystemExit(f"own cluster did not start: {start.stderr}")
        cleanup.add(
            lambda: say(f"cluster stopped: {pg_ctl(datadir, '-m', 'immediate', 'stop').returncode == 0}")
        )
        say(f"own PostgreSQL cluster on 127.0.0.1:{PG_PORT} in {datadir}")
        url = f"postgres://postgres@127.0.0.1:{PG_PORT}/faults"
        prepare_database(cleanup, url, keep=True)  # the whole cluster is thrown away
        env = app_env(url)
        port = start_gunicorn(cleanup, env)
        from bench.accounts import BENCH_PASSWORD

        paths = ["/", "/partnerskap/", "/halsa/"]
        load = Load(port, [("bench-samordnare", BENCH_PASSWORD)] * 4, paths, timeout=10)
        load.start()
        time.sleep(PHASE_SECONDS)

        load.phase = "outage"
        stopped_at = time.monotonic()
        say(f"pg_ctl stop -m fast: {pg_ctl(datadir, '-m', 'fast', '-w', 'stop').returncode}")
        time.sleep(OUTAGE_SECONDS)
        result = pg_ctl(datadir, "-o", opts, "-l", str(tmp / "pg.log"), "-w", "start")
        back_at = time.monotonic()
        say(f"pg_ctl start: {result.returncode} (outage {back_at - stopped_at:.1f} s)")
        load.phase = "recovery"
        time.sleep(5)
        load.phase = "after"
        after_from = time.monotonic()
        time.sleep(PHASE_SECONDS)
        load.stop()

        phases = {p: load.summary(p) for p in ("before", "outage", "recovery", "after")}
        for p, s in phases.items():
            say(f"{p:<9} {s}")
        outage_failures = [s for s in load.samples if s.phase in ("outage", "recovery") and s.status != 200]
        friendly = sum(1 for s in outage_failures if s.status == 500 and s.incident)
        after = load.summary(since=after_from)
        # Requests that started before the stop but finished after it belong to the outage.
        before = load.summary(until=stopped_at)
        details = {
            "phases": phases,
            "finished_before_stop": before,
            "outage_failures": len(outage_failures),
            "outage_failures_with_incident_page": friendly,
            "after_5s_errors": after["requests"] - after["ok"],
        }
        ok = (
            before["ok_percent"] == 100.0
            and friendly == len(outage_failures)
            and after["requests"] > 0
            and after["requests"] == after["ok"]
            and load.summary()["over_5s"] == 0
        )
        return result_line("postgres_restart", ok, details)


if __name__ == "__main__":
    sys.exit(main())
