"""The data version (dataversion): one counter in the configured cache that every write the dashboards
read bumps, so a cached dashboard is keyed by the version it was computed at and is never served
after the data changed.

It lives in `iop`, the lowest app, so that participants, followup, invoicing and reporting can bump it
without importing upward. The bump runs when the write's transaction commits: bumping before the
commit would let a concurrent request compute from the old rows and store them under the new version.
A missing counter (evicted, cache restarted) starts again from the clock, never from a number an old
entry may still carry.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "iop:data-version"
# The counter is kept for a long time; cached pages expire on their own (reporting.dashboard_cache).
VERSION_TIMEOUT = 60 * 60 * 24 * 30

P = ParamSpec("P")
R = TypeVar("R")


def _fresh() -> int:
    return time.time_ns() // 1000


def data_version() -> int:
    """The current version of the data the dashboards read."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _fresh(), VERSION_TIMEOUT)
        version = cache.get(VERSION_KEY)
    return int(version) if version is not None else _fresh()


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
        # Some backends' incr (file, database) stores the new value with the default timeout (5 minutes):
        # the counter would expire and start again from the clock, leaving every cached dashboard unread.
        cache.touch(VERSION_KEY, VERSION_TIMEOUT)
    except ValueError:  # no counter yet (or evicted): start from the clock
        cache.set(VERSION_KEY, _fresh(), VERSION_TIMEOUT)


def bump_data_version() -> None:
    """Mark the dashboards' data as changed, when the current transaction commits (at once outside one)."""
    transaction.on_commit(_bump)


def bumps_data_version(service: Callable[P, R]) -> Callable[P, R]:
    """Decorate a write service: a successful call bumps the data version on commit."""

    @functools.wraps(service)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        result = service(*args, **kwargs)
        bump_data_version()
        return result

    return wrapper
