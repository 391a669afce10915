#!/usr/bin/env python
"""A real Celery worker (prefork) whose report builders first wait FAULTS_RENDER_SECONDS (default 8).

For worker_killed.py only: a report built from the fault scripts' small data is done in well under a
second, so a `kill -9` could land after the job finished. The wait makes every render last long enough
for the kill to land mid-render; everything else (task, claim, row lock, store, redelivery) is the
production code. The builders are wrapped before the pool forks, so every child has the wait.

    python scripts/faults/slow_worker.py worker -l info --concurrency 1 --pool prefork -n NAME@%h
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from config.celery import app  # noqa: E402
from reporting.builders import REPORT_BUILDERS  # noqa: E402

DELAY = float(os.environ.get("FAULTS_RENDER_SECONDS", "8"))


def _slow(builder):
    def build(params: dict):
        time.sleep(DELAY)
        return builder(params)

    return build


for kind, builder in list(REPORT_BUILDERS.items()):
    REPORT_BUILDERS[kind] = _slow(builder)

if __name__ == "__main__":
    app.worker_main(sys.argv[1:])
