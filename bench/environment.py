"""Where the benchmark runs: the project's paths, the production-like environment of the processes
it starts, and its console output."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

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
        # One cache for both workers and the benchmark, as production's Redis: a data-version bump is
        # seen by every process (a per-process cache would keep a copy of each dashboard per worker). Room
        # for every dashboard: the file cache's default of 300 entries culls a third of them, at random.
        "CACHE_URL": os.environ.get("BENCH_CACHE_URL")
        or f"filecache://{ROOT / 'var' / 'bench-cache'}?max_entries=100000",
    }
