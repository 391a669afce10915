"""`make bench` / `python -m bench.run [--scale 0.1] [--database-url URL]`: the benchmark.

1. Creates the PostgreSQL database if missing, migrates it and (re)generates load data when the scale,
   seed or set of apps differs from what is there (the marker is a COMMENT ON DATABASE).
2. Measures with Django's test client, logged in as the page's role: p50/p95 latency and query count of
   the key pages, and the same client's latency on the `healthz` view (the baseline), so every result
   is also a ratio to the baseline; then report builders and the indicators command in-process, and the
   peak memory (max RSS) of a fresh worker process building each report.
3. Runs gunicorn (2 workers) on loopback and a thread-pool load generator: 20 users with the roles'
   typical mix for 60 s; errors, throughput, p50/p95.
4. Writes bench/results/latest.json and latest.md. It never fails on a time: exit code 0 unless the
   benchmark itself could not run.

Everything that is not built yet (a URL name that does not resolve, a missing model or builder) is
skipped with the reason printed and recorded.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess  # nosec B404 - starts gunicorn and worker processes of this project only
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench"


def say(msg: str) -> None:
    sys.stdout.write(msg + "\n")
    sys.stdout.flush()


def bench_env(database_url: str) -> dict[str, str]:
    """Production-like settings (DEBUG off, persistent connections), on loopback over plain HTTP."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        "CELERY_BROKER_URL": "",
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "MEDIA_ROOT": str(ROOT / "var" / "bench-files"),
    }


# --- database -----------------------------------------------------------------------------------


def _pg_connect(url: str, dbname: str | None = None):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname=dbname or parts.path.lstrip("/"),
        autocommit=True,
        connect_timeout=10,
    )


def ensure_database(url: str, *, drop: bool = False) -> None:
    name = urlsplit(url).path.lstrip("/")
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise SystemExit(f"bench: unsupported database name {name!r}")
    with _pg_connect(url, "postgres") as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and drop:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            say(f"bench: created database {name}")


def data_marker(scale: float, seed: int) -> dict:
    from django.apps import apps

    optional = sorted(m for m in ("followup.Talk", "invoicing.Invoice") if _model_exists(apps, m))
    return {"scale": scale, "seed": seed, "models": optional}


def _model_exists(apps, label: str) -> bool:
    try:
        apps.get_model(label)
        return True
    except LookupError:
        return False


def read_marker(url: str) -> dict | None:
    name = urlsplit(url).path.lstrip("/")
    with _pg_connect(url, "postgres") as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
    try:
        return json.loads(row[0]) if row and row[0] else None
    except ValueError:
        return None


def write_marker(url: str, marker: dict) -> None:
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    with _pg_connect(url, "postgres") as conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(json.dumps(marker))
            )
        )


def prepare_data(args) -> dict:
    """Migrate; regenerate into a fresh database when the marker differs. Returns generation info."""
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0, interactive=False)
    marker = data_marker(args.scale, args.seed)
    stored = read_marker(args.database_url)
    if stored and {k: stored.get(k) for k in marker} == marker:
        say(f"bench: load data at scale {args.scale} is there ({stored.get('counts')})")
        return stored
    from bench.generate import generate, load_data_present

    if load_data_present():
        if urlsplit(args.database_url).path.lstrip("/") != "bench" and not args.recreate:
            raise SystemExit(
                "bench: the database holds other load data; pass --recreate to drop and recreate it"
            )
        say("bench: scale, seed or apps changed: recreating the database")
        connections.close_all()
        ensure_database(args.database_url, drop=True)
        call_command("migrate", verbosity=0, interactive=False)
    say(f"bench: generating load data at scale {args.scale} (seed {args.seed})")
    started = time.monotonic()
    result = generate(scale=args.scale, seed=args.seed, log=say)
    elapsed = time.monotonic() - started
    for reason in result.skipped:
        say(f"  skipped: {reason}")
    _analyze()
    marker |= {"counts": result.counts, "skipped": result.skipped, "generate_seconds": round(elapsed, 1)}
    write_marker(args.database_url, marker)
    say(f"bench: generated in {elapsed:.1f} s: {result.counts}")
    return marker


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def collect_static_if_changed() -> None:
    """DEBUG off needs the static manifest; compressing it takes a minute, so only when sources change."""
    import hashlib

    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders
    from django.core.management import call_command

    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in finder.list([]):
            full = Path(storage.path(path))
            digest.update(f"{path}:{full.stat().st_mtime_ns}:{full.stat().st_size}".encode())
    stamp = ROOT / "var" / "bench-static.stamp"
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists() and stamp.exists() and stamp.read_text() == digest.hexdigest():
        return
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(digest.hexdigest())


# --- measuring ---------------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def measure_pages(world, repeat: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.targets import PAGES, Skip

    out: dict = {}
    clients: dict = {}
    for page in PAGES:
        try:
            url = page.url(world)
        except Skip as exc:
            say(f"  {page.key:<24} skipped: {exc}")
            out[page.key] = {"label": page.label, "skipped": str(exc)}
            continue
        client = clients.get(page.role)
        if client is None:
            client = Client()
            if page.role:
                client.force_login(world.users[str(page.role)])
            clients[page.role] = client
        client.get(url)
        response = client.get(url)  # warm-up (template and URL caches, persistent connection)
        if response.status_code != 200:
            reason = f"HTTP {response.status_code} for {url}"
            say(f"  {page.key:<24} error: {reason}")
            out[page.key] = {"label": page.label, "url": url, "error": reason}
            continue
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        # Read now: the next request's request_started signal clears the connection's query log.
        n_queries = len(ctx.captured_queries)
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            r = client.get(url)
            times.append(time.perf_counter() - t0)
            if r.status_code != 200:
                break
        out[page.key] = {
            "label": page.label,
            "role": str(page.role) if page.role else "anonymous",
            "url": url,
            "queries": n_queries,
            "p50_ms": ms(pct(times, 0.5)),
            "p95_ms": ms(pct(times, 0.95)),
            "n": len(times),
            "bytes": len(response.content),
        }
        say(
            f"  {page.key:<24} p50 {out[page.key]['p50_ms']:>8} ms  p95 {out[page.key]['p95_ms']:>8} ms  {n_queries:>3} queries"
        )
    base = out.get("baseline", {}).get("p50_ms")
    if base:
        for row in out.values():
            if "p50_ms" in row:
                row["p50_ratio"] = round(row["p50_ms"] / base, 1)
                row["p95_ratio"] = round(row["p95_ms"] / base, 1)
    return out


def measure_jobs(world) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.targets import JOBS, Skip

    out: dict = {}
    for job in JOBS:
        try:
            call = job.prepare(world)
        except Skip as exc:
            say(f"  {job.key:<24} skipped: {exc}")
            out[job.key] = {"label": job.label, "skipped": str(exc)}
            continue
        times = []
        try:
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                result = call()
                times.append(time.perf_counter() - t0)
            n_queries = len(ctx.captured_queries)
            for _ in range(job.repeat - 1):
                t0 = time.perf_counter()
                call()
                times.append(time.perf_counter() - t0)
        except Exception as exc:  # noqa: BLE001 - recorded; a benchmark reports, it does not crash
            reason = f"{type(exc).__name__}: {exc}"[:300]
            say(f"  {job.key:<24} error: {reason}")
            out[job.key] = {"label": job.label, "error": reason}
            continue
        size = len(result[0]) if isinstance(result, tuple) and isinstance(result[0], bytes) else None
        out[job.key] = {
            "label": job.label,
            "queries": n_queries,
            "p50_ms": ms(statistics.median(times)),
            "max_ms": ms(max(times)),
            "n": len(times),
            "bytes": size,
        }
        say(
            f"  {job.key:<24} p50 {out[job.key]['p50_ms']:>8} ms  max {out[job.key]['max_ms']:>8} ms  {n_queries:>4} queries"
        )
    return out


def measure_report_memory(env: dict, jobs: dict) -> dict:
    """Peak RSS of a fresh process (like a Celery pool child) that builds each report once."""
    out = {}
    for key, row in jobs.items():
        if not key.endswith("_pdf") or "p50_ms" not in row:
            continue
        proc = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "bench.run", "--child-report", key],
            env={**os.environ, **env},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
        match = re.search(r"MAXRSS_KB=(\d+)", proc.stdout)
        before = re.search(r"BEFORE_KB=(\d+)", proc.stdout)
        if match:
            out[key] = {
                "max_rss_mb": round(int(match.group(1)) / 1024, 1),
                "before_build_mb": round(int(before.group(1)) / 1024, 1) if before else None,
            }
            say(
                f"  {key:<24} max RSS {out[key]['max_rss_mb']} MB (before building: {out[key]['before_build_mb']} MB)"
            )
        else:
            out[key] = {"error": (proc.stderr or proc.stdout)[-300:]}
    return out


def child_report(key: str) -> None:
    import django

    django.setup()
    from bench.targets import JOBS, build_world

    world = build_world()
    job = next(j for j in JOBS if j.key == key)
    call = job.prepare(world)
    say(f"BEFORE_KB={_peak_rss_kb()}")
    call()
    say(f"MAXRSS_KB={_peak_rss_kb()}")


def _peak_rss_kb() -> int:
    """This process's peak RSS (VmHWM). Not getrusage's ru_maxrss: Linux carries the parent's peak over
    fork+exec into it, so a child of a big parent would report the parent's size."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# --- load ------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, path: str = "/halsa/", timeout: float = 60) -> bool:
    import http.client

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


class HttpUser:
    """One simulated user: a keep-alive connection and the session cookie of a real form login."""

    def __init__(self, port: int, timeout: float = 30):
        import http.client

        self.port = port
        self.timeout = timeout
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None):
        import http.client

        hdrs = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        hdrs.update(headers or {})
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=hdrs)
                resp = self.conn.getresponse()
                data = resp.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
                if attempt == 2:
                    raise
        for header in resp.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return resp.status, data

    def login(self, username: str, password: str) -> bool:
        from urllib.parse import urlencode

        status, body = self.request("GET", "/logga-in/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not match:
            return False
        form = urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": match.group(1).decode()}
        )
        status, _ = self.request(
            "POST",
            "/logga-in/",
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}/logga-in/",
            },
        )
        return status == 302


def run_load(
    env: dict, world, *, seconds: int, users: int, think: tuple[float, float], measured: dict
) -> dict:
    import random

    from bench.generate import BENCH_PASSWORD
    from bench.targets import LOAD_MIX, LOAD_USERS, PAGES, Skip

    urls: dict[str, str] = {}
    for page in PAGES:
        # Only pages that answered 200 to the test client (not skipped, not an error).
        if "p50_ms" in measured.get(page.key, {}):
            try:
                urls[page.key] = page.url(world)
            except Skip:
                pass
    mixes = {}
    for role, mix in LOAD_MIX.items():
        usable = {k: w for k, w in mix.items() if k in urls}
        if usable:
            mixes[str(role)] = usable
    if not mixes:
        return {"skipped": "no page of the load mix exists yet"}
    port = free_port()
    log = open(ROOT / "var" / "bench-gunicorn.log", "w")  # noqa: SIM115
    gunicorn = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "60",
        ],
        env={**os.environ, **env},
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        if not wait_for(port):
            return {"error": "gunicorn did not start (see var/bench-gunicorn.log)"}
        roles = [str(r) for r, n in LOAD_USERS.items() for _ in range(n) if str(r) in mixes]
        roles = (roles * (users // max(1, len(roles)) + 1))[:users]
        records: list[tuple[str, int, float]] = []
        errors: Counter = Counter()
        lock = threading.Lock()
        login_failures = []
        start_barrier = threading.Barrier(len(roles) + 1)
        stop_at = [0.0]

        def user_loop(i: int, role: str) -> None:
            rng = random.Random(i)
            u = HttpUser(port)
            if not u.login(world.users[role].username, BENCH_PASSWORD):
                login_failures.append(role)
            keys, weights = zip(*mixes[role].items(), strict=True)
            start_barrier.wait(timeout=120)
            local = []
            while time.monotonic() < stop_at[0]:
                key = rng.choices(keys, weights)[0]
                t0 = time.perf_counter()
                try:
                    status, _ = u.request("GET", urls[key])
                except OSError as exc:
                    status = 0
                    with lock:
                        errors[f"{key}: {type(exc).__name__}"] += 1
                local.append((key, status, time.perf_counter() - t0))
                if status != 200:
                    with lock:
                        errors[f"{key}: HTTP {status}"] += 1
                time.sleep(rng.uniform(*think))  # think time between clicks
            with lock:
                records.extend(local)

        threads = [threading.Thread(target=user_loop, args=(i, r), daemon=True) for i, r in enumerate(roles)]
        for t in threads:
            t.start()
        stop_at[0] = time.monotonic() + 10**6
        start_barrier.wait(timeout=120)
        began = time.monotonic()
        stop_at[0] = began + seconds
        for t in threads:
            t.join(timeout=seconds + 60)
        elapsed = time.monotonic() - began
        times = [r[2] for r in records]
        per_page = defaultdict(list)
        for key, _status, t in records:
            per_page[key].append(t)
        ok = sum(1 for r in records if r[1] == 200)
        return {
            "users": len(roles),
            "think_seconds": list(think),
            "roles": dict(Counter(roles)),
            "seconds": round(elapsed, 1),
            "requests": len(records),
            "errors": len(records) - ok,
            "error_kinds": dict(errors),
            "login_failures": len(login_failures),
            "throughput_rps": round(len(records) / elapsed, 1) if elapsed else None,
            "p50_ms": ms(pct(times, 0.5)),
            "p95_ms": ms(pct(times, 0.95)),
            "max_ms": ms(max(times)) if times else None,
            "pages": {
                k: {"n": len(v), "p50_ms": ms(pct(v, 0.5)), "p95_ms": ms(pct(v, 0.95))}
                for k, v in sorted(per_page.items())
            },
        }
    finally:
        gunicorn.terminate()
        try:
            gunicorn.wait(timeout=20)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
        log.close()


# --- output --------------------------------------------------------------------------------------


def machine(database_url: str) -> dict:
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    pg = ""
    try:
        with _pg_connect(database_url) as conn:
            pg = conn.execute("SHOW server_version").fetchone()[0]
    except Exception:  # noqa: BLE001,S110 - informational only
        pass
    try:
        commit = subprocess.run(  # noqa: S603
            [shutil.which("git") or "/usr/bin/git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "nproc": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "postgresql": pg,
        "commit": commit,
    }


def _cell(row: dict, key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value)


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        f"Benchmark at scale {results['scale']} ({results['date']}, commit {m['commit']}): "
        f"{m['nproc']} CPUs, {m['memory_gb']} GB RAM, Python {m['python']}, PostgreSQL {m['postgresql']}.",
        "",
        f"Data: {results['data'].get('counts')}.",
        "",
        "Pages (Django test client, server time; ratio = p50 / p50 of the healthz baseline):",
        "",
        "| page | role | p50 ms | p95 ms | ratio | queries |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for row in results["pages"].values():
        if "p50_ms" in row:
            lines.append(
                f"| {row['label']} | {row['role']} | {row['p50_ms']} | {row['p95_ms']} | {_cell(row, 'p50_ratio')} | {row['queries']} |"
            )
        else:
            why = f"skipped: {row['skipped']}" if row.get("skipped") else f"error: {row.get('error')}"
            lines.append(f"| {row['label']} | {why} | | | | |")
    lines += [
        "",
        "Reports and commands (in-process; memory = max RSS of a fresh process building it once):",
        "",
        "| job | p50 ms | max ms | queries | max RSS MB |",
        "|---|---:|---:|---:|---:|",
    ]
    for key, row in results["jobs"].items():
        rss = results.get("memory", {}).get(key, {}).get("max_rss_mb", "")
        if "p50_ms" in row:
            lines.append(f"| {row['label']} | {row['p50_ms']} | {row['max_ms']} | {row['queries']} | {rss} |")
        else:
            why = f"skipped: {row['skipped']}" if row.get("skipped") else f"error: {row.get('error')}"
            lines.append(f"| {row['label']} | {why} | | | |")
    load = results.get("load") or {}
    lines += [
        "",
        "Load (gunicorn 2 workers on loopback, thread-pool client with the roles' mix, "
        f"think time {load.get('think_seconds')} s between a user's requests):",
        "",
    ]
    if "requests" in load:
        lines += [
            "| users | seconds | requests | errors | req/s | p50 ms | p95 ms | max ms |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
            f"| {load['users']} | {load['seconds']} | {load['requests']} | {load['errors']} | {load['throughput_rps']} | {load['p50_ms']} | {load['p95_ms']} | {load['max_ms']} |",
        ]
    else:
        lines.append(f"Not run: {load.get('skipped') or load.get('error')}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", "0.1")))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL
    )
    parser.add_argument("--recreate", action="store_true", help="drop and recreate a non-default database")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page")
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--load-users", type=int, default=20)
    parser.add_argument(
        "--think", default="0.5,2.0", help="think time between a user's requests, min,max seconds"
    )
    parser.add_argument("--no-load", action="store_true")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--child-report", help=argparse.SUPPRESS)
    parser.add_argument("--prepare-static", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)

    if args.child_report:
        child_report(args.child_report)
        return 0
    if args.prepare_static:
        import django

        django.setup()
        (ROOT / "var").mkdir(exist_ok=True)
        collect_static_if_changed()
        return 0

    if not args.database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("bench: needs PostgreSQL (--database-url postgres://…)")
    env = bench_env(args.database_url)
    os.environ.update(env)
    (ROOT / "var").mkdir(exist_ok=True)
    started = time.monotonic()
    ensure_database(args.database_url)

    import django

    django.setup()

    collect_static_if_changed()
    say(f"bench: static files collected ({time.monotonic() - started:.0f} s)")
    data = prepare_data(args)
    say(f"bench: data ready ({time.monotonic() - started:.0f} s)")
    from bench.targets import build_world

    world = build_world()
    say(f"bench: pages ({args.repeat} requests each)")
    pages = measure_pages(world, args.repeat)
    say("bench: reports and commands")
    jobs = measure_jobs(world)
    say("bench: report memory")
    memory = measure_report_memory(env, jobs)
    load: dict = {"skipped": "--no-load"}
    if not args.no_load:
        say(f"bench: load, {args.load_users} users for {args.load_seconds} s")
        from django.db import connections

        connections.close_all()
        lo, hi = (float(x) for x in args.think.split(","))
        load = run_load(
            env, world, seconds=args.load_seconds, users=args.load_users, think=(lo, hi), measured=pages
        )
        say(f"  {json.dumps({k: v for k, v in load.items() if k != 'pages'})}")
    import datetime as dt

    results = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "scale": args.scale,
        "seed": args.seed,
        "machine": machine(args.database_url),
        "data": data,
        "pages": pages,
        "jobs": jobs,
        "memory": memory,
        "load": load,
        "total_seconds": round(time.monotonic() - started, 1),
    }
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "latest.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    (args.output / "latest.md").write_text(markdown(results))
    say(markdown(results))
    say(f"bench: done in {results['total_seconds']} s; wrote {args.output / 'latest.json'} and latest.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
