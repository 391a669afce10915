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
        "cpu_model": _cpu_model(),
        "python": platform.python_version(),
        "postgresql": pg,
        "commit": commit,
    }


def _cell(row: dict, key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_line(m: dict) -> str:
    return (
        f"{m.get('cpu_model') or m.get('cpu')}, {m['nproc']} cores, {m['memory_gb']} GB RAM, "
        f"Python {m['python']}, PostgreSQL {m['postgresql']}"
    )


def _why(row: dict) -> str:
    return f"skipped: {row['skipped']}" if row.get("skipped") else f"error: {row.get('error')}"


def _after_change(row: dict) -> tuple[str, str]:
    """The "after a change" and "after the warm-up" cells: p50 / max of those samples, or empty."""

    def cell(kind: str) -> str:
        p50, top = row.get(f"{kind}_p50_ms"), row.get(f"{kind}_max_ms")
        return "" if p50 is None else f"{p50} / {top}"

    return cell("changed"), cell("warmed")


def http_table(pages: dict) -> list[str]:
    """The main table: the real server, ratio = p50 (or p95) / the bare view's p50."""
    lines = [
        "| page | role | cold ms | after change ms | after warm-up ms | p50 ms | p95 ms | n | p50 ratio | p95 ratio | KB |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in pages.values():
        if row.get("p50_ms") is None:
            lines.append(f"| {row['label']} | {_why(row)} | | | | | | | | | |")
            continue
        kb = round(row["bytes"] / 1024) if row.get("bytes") is not None else ""
        changed, warmed = _after_change(row)
        lines.append(
            f"| {row['label']} | {row['role']} | {_cell(row, 'cold_ms')} | {changed} | {warmed} | {row['p50_ms']} | "
            f"{row['p95_ms']} | {row['n']} | {_cell(row, 'p50_ratio')}× | {_cell(row, 'p95_ratio')}× | {kb} |"
        )
    return lines


def capacity_table(load: dict) -> list[str]:
    if "steps" not in load:
        return [f"Not run: {load.get('skipped') or load.get('error')}"]
    lines = [
        "| users | requests | errors | req/s | p50 ms | p95 ms | max ms |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in load["steps"]:
        lines.append(
            f"| {s['users']} | {s['requests']} | {s['errors']} | {s['throughput_rps']} | {s['p50_ms']} | "
            f"{s['p95_ms']} | {s['max_ms']} |"
        )
    cap = load["capacity"]
    lines += [
        "",
        f"Capacity: **{cap['rps_at_target']} req/s at which p95 passes {cap['target_ms']:g} ms** "
        f"({cap['note']}); best step within the target: {cap['best_rps']} req/s.",
    ]
    return lines


def in_process_lines(results: dict) -> list[str]:
    """The old measurement (Django's test client in-process, healthz baseline), kept for comparison."""
    lines = [
        "In-process (Django test client, server time without HTTP; ratio = p50 / healthz p50; the old figures):",
        "",
        "| page | role | p50 ms | p95 ms | ratio | queries |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for row in results.get("pages", {}).values():
        if "p50_ms" in row:
            lines.append(
                f"| {row['label']} | {row['role']} | {row['p50_ms']} | {row['p95_ms']} | {_cell(row, 'p50_ratio')} | {row['queries']} |"
            )
        else:
            lines.append(f"| {row['label']} | {_why(row)} | | | | |")
    lines += [
        "",
        "Reports and commands (in-process; memory = max RSS of a fresh process building it once):",
        "",
        "| job | p50 ms | max ms | queries | max RSS MB |",
        "|---|---:|---:|---:|---:|",
    ]
    for key, row in results.get("jobs", {}).items():
        rss = results.get("memory", {}).get(key, {}).get("max_rss_mb", "")
        if "p50_ms" in row:
            lines.append(f"| {row['label']} | {row['p50_ms']} | {row['max_ms']} | {row['queries']} | {rss} |")
        else:
            lines.append(f"| {row['label']} | {_why(row)} | | | |")
    return lines


def markdown(results: dict) -> str:
    m = results["machine"]
    http = results.get("http_pages") or {}
    lines = [
        f"Benchmark at scale {results['scale']} ({results['date']}, commit {m['commit']}): {machine_line(m)}.",
        "",
        f"Data: {results['data'].get('counts')}.",
        "",
    ]
    if http:
        lines += [
            "Pages on the real server (gunicorn, `gunicorn.conf.py`, 2 workers, DEBUG off; one request at a "
            "time over loopback, shuffled rounds; cold = first hit after start; after change = p50 / max of the "
            "dashboards' requests right after a data-version bump, without and after the warm-up; p50/p95 of "
            "the warm samples; ratio = time / p50 of the bare logged-in view):",
            "",
            *http_table(http),
            "",
        ]
    load = results.get("load") or {}
    lines += [
        "Capacity (closed loop without think time, the roles' mix, "
        f"{load.get('seconds_per_step', '?')} s per step):",
        "",
        *capacity_table(load),
        "",
    ]
    if results.get("pages") or results.get("jobs"):
        lines += in_process_lines(results)
    return "\n".join(lines) + "\n"
