"""Measuring in-process: page latency and query counts with the test client, report builders and
commands, and the peak memory of a fresh process building each report."""

from __future__ import annotations

import os
import re
import statistics
import subprocess  # nosec B404 - starts gunicorn and worker processes of this project only
import sys
import time
from pathlib import Path
from typing import Any

from bench.environment import ROOT, say
from bench.stats import ms, pct


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
    out: dict[str, dict[str, Any]] = {}
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
