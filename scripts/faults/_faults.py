"""Helpers shared by the fault scripts: own Redis / PostgreSQL / gunicorn / Celery processes on loopback,
a database with a little load data, a bounded load loop, and a summary line.

Every process a script starts is registered in `Cleanup` and stopped (by its pid) on exit, also on
Ctrl-C or an exception; temporary databases and directories are removed. Nothing touches the shared
Redis on 6379 or the shared PostgreSQL cluster's other databases.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess  # nosec B404 - starts this project's own processes only
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
PY = sys.executable

from bench.database import ensure_database  # noqa: E402
from bench.environment import bench_env  # noqa: E402
from bench.server import HttpUser, free_port, gunicorn_command, wait_for  # noqa: E402

PG_URL = os.environ.get("FAULTS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_faults")


def say(msg: str) -> None:
    sys.stdout.write(f"[{time.strftime('%H:%M:%S')}] {msg}\n")
    sys.stdout.flush()


class Cleanup:
    """Stops registered processes and runs registered callbacks in reverse order."""

    def __init__(self) -> None:
        self.actions: list[Callable[[], None]] = []

    def process(self, proc: subprocess.Popen, name: str) -> subprocess.Popen:
        def stop() -> None:
            if proc.poll() is None:
                try:
                    os.kill(proc.pid, signal.SIGCONT)
                    proc.terminate()
                    proc.wait(timeout=15)
                except (subprocess.TimeoutExpired, ProcessLookupError):
                    try:
                        proc.kill()
                    except ProcessLookupError:
                        pass
            say(f"stopped {name} (pid {proc.pid})")

        self.actions.append(stop)
        return proc

    def add(self, action: Callable[[], None]) -> None:
        self.actions.append(action)

    def __enter__(self) -> Cleanup:
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
        return self

    def __exit__(self, *exc) -> None:
        for action in reversed(self.actions):
            try:
                action()
            except Exception as e:  # noqa: BLE001 - best effort; report and continue
                say(f"cleanup step failed: {e!r}")


def start_redis(cleanup: Cleanup, port: int) -> tuple[int, Path]:
    """Own throw-away Redis (no persistence) on loopback; returns (pid, directory)."""
    workdir = Path(tempfile.mkdtemp(prefix="faults-redis-"))
    pidfile = workdir / "redis.pid"
    subprocess.run(  # noqa: S603
        [
            shutil.which("redis-server") or "/usr/bin/redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "yes",
            "--pidfile",
            str(pidfile),
            "--dir",
            str(workdir),
        ],
        check=True,
    )
    for _ in range(50):
        if pidfile.exists() and pidfile.read_text().strip():
            break
        time.sleep(0.1)
    pid = int(pidfile.read_text().strip())

    def stop() -> None:
        current = int(pidfile.read_text().strip()) if pidfile.exists() else pid
        for sig in (signal.SIGCONT, signal.SIGTERM):
            try:
                os.kill(current, sig)
            except ProcessLookupError:
                pass
        time.sleep(0.5)
        shutil.rmtree(workdir, ignore_errors=True)
        say(f"stopped redis on {port}")

    cleanup.add(stop)
    say(f"redis on 127.0.0.1:{port}, pid {pid}")
    return pid, workdir


def app_env(database_url: str, broker_url: str = "") -> dict[str, str]:
    env = {**os.environ, **bench_env(database_url)}
    env["CELERY_BROKER_URL"] = broker_url
    env["CELERY_TASK_ALWAYS_EAGER"] = "false" if broker_url else "true"
    env["LOG_LEVEL"] = "WARNING"
    env["SECRET_KEY"] = "faults-only-not-secret"  # noqa: S105 - loopback test processes only
    return env


def manage(env: dict, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [PY, "manage.py", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def prepare_database(
    cleanup: Cleanup, database_url: str, *, scale: float = 0.005, keep: bool = False
) -> None:
    """A fresh database with a little load data (dropped on exit unless keep)."""
    ensure_database(database_url, drop=True)
    if not keep:
        cleanup.add(lambda: ensure_database_dropped(database_url))
    env = app_env(database_url)
    for args in (("migrate", "--noinput", "-v0"), ("generate_load_data", "--scale", str(scale))):
        result = manage(env, *args)
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    result = subprocess.run(  # noqa: S603
        [PY, "-m", "bench.run", "--prepare-static"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"collectstatic failed: {result.stderr[-2000:]}")
    say(f"database ready: {database_url.rsplit('/', 1)[-1]}")


def ensure_database_dropped(database_url: str) -> None:
    from urllib.parse import urlsplit

    from bench.database import _pg_connect

    name = urlsplit(database_url).path.lstrip("/")
    try:
        with _pg_connect(database_url, "postgres") as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        say(f"dropped database {name}")
    except Exception as exc:  # noqa: BLE001 - the cluster may be gone already
        say(f"could not drop {name}: {exc.__class__.__name__}")


def start_gunicorn(cleanup: Cleanup, env: dict, *, workers: int = 2, timeout: int = 30) -> int:
    port = free_port()
    log = open(ROOT / "var" / f"faults-gunicorn-{port}.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(  # noqa: S603
        gunicorn_command(port, workers=workers, timeout=timeout, extra=("--graceful-timeout", "5")),
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    cleanup.process(proc, f"gunicorn :{port}")
    cleanup.add(log.close)
    if not wait_for(port, timeout=60):
        raise SystemExit(f"gunicorn did not start; see var/faults-gunicorn-{port}.log")
    say(f"gunicorn on 127.0.0.1:{port} (pid {proc.pid}, {workers} workers)")
    return port


def start_worker(
    cleanup: Cleanup, env: dict, name: str, *, concurrency: int = 1, slow_render: bool = False
) -> subprocess.Popen:
    """A prefork Celery worker; with `slow_render` every report render first waits (slow_worker.py)."""
    log = open(ROOT / "var" / f"faults-worker-{name}.log", "a")  # noqa: SIM115
    command = [PY, "scripts/faults/slow_worker.py"] if slow_render else [PY, "-m", "celery", "-A", "config"]
    proc = subprocess.Popen(  # noqa: S603
        [
            *command,
            "worker",
            "-l",
            "info",
            "--concurrency",
            str(concurrency),
            "--pool",
            "prefork",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"{name}@%h",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    cleanup.process(proc, f"celery worker {name}")
    cleanup.add(log.close)
    say(f"celery worker {name} pid {proc.pid}")
    return proc


@dataclass
class Sample:
    at: float
    phase: str
    path: str
    status: int
    seconds: float
    incident: bool = False
    title: str = ""


@dataclass
class Load:
    """Simulated users requesting `paths` in a loop until stopped; each sample is tagged with the phase."""

    port: int
    users: list[tuple[str, str]]  # (username, password)
    paths: list[str]
    timeout: float = 10
    phase: str = "before"
    samples: list[Sample] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> None:
        for i, (username, password) in enumerate(self.users):
            t = threading.Thread(target=self._loop, args=(i, username, password), daemon=True)
            t.start()
            self._threads.append(t)

    def _loop(self, i: int, username: str, password: str) -> None:
        rng = random.Random(i)
        user = HttpUser(self.port, timeout=self.timeout)
        for _ in range(20):
            try:
                if user.login(username, password):
                    break
            except OSError:
                pass
            time.sleep(0.5)
        while not self._stop.is_set():
            path = rng.choice(self.paths)
            phase = self.phase
            t0 = time.perf_counter()
            incident, title = False, ""
            try:
                status, body = user.request("GET", path)
                incident = b"incidentnummer" in body
                if status != 200:
                    sample_file = ROOT / "var" / f"faults-body-{status}.html"
                    if not sample_file.exists():
                        sample_file.write_bytes(body)
                    found = re.search(rb"<title>(.*?)</title>", body, re.S)
                    title = (found.group(1) if found else body[:80]).decode("utf-8", "replace")
            except OSError as exc:
                status, title = 0, type(exc).__name__
            self.samples.append(
                Sample(
                    time.monotonic(),
                    phase,
                    path,
                    status,
                    time.perf_counter() - t0,
                    incident,
                    title.strip()[:80],
                )
            )
            time.sleep(rng.uniform(0.05, 0.2))

    def stop(self) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=self.timeout + 5)

    def summary(
        self, phase: str | None = None, since: float | None = None, until: float | None = None
    ) -> dict:
        """Samples of a phase (tagged when the request started) and/or finished within [since, until)."""
        rows = [
            s
            for s in self.samples
            if (phase is None or s.phase == phase)
            and (since is None or s.at >= since)
            and (until is None or s.at < until)
        ]
        times = sorted(s.seconds for s in rows)
        statuses = Counter(s.status for s in rows)
        failures = Counter(f"{s.status} {s.path} {s.title}" for s in rows if s.status != 200)
        return {
            "requests": len(rows),
            "ok": statuses.get(200, 0),
            "statuses": dict(statuses),
            "ok_percent": round(100 * statuses.get(200, 0) / len(rows), 1) if rows else None,
            "p95_ms": round(times[int(0.95 * (len(times) - 1))] * 1000, 1) if times else None,
            "max_ms": round(times[-1] * 1000, 1) if times else None,
            "over_5s": sum(1 for t in times if t > 5),
            "failures": dict(failures.most_common(4)),
        }


def result_line(name: str, ok: bool, details: dict) -> int:
    """Print the machine-readable verdict (the pytest wrapper reads it) and return the exit code."""
    sys.stdout.write(
        "FAULT-RESULT " + json.dumps({"script": name, "ok": ok, **details}, ensure_ascii=False) + "\n"
    )
    sys.stdout.flush()
    return 0 if ok else 1
