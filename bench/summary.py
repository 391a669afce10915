"""The benchmark's results as a table: the machine it ran on and the markdown summary."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess  # nosec B404 - starts gunicorn and worker processes of this project only
from pathlib import Path

from bench.database import _pg_connect
from bench.environment import ROOT


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
