"""Dashboards cached per (scope, fixed period, data version): what every viewer of a scope sees alike.

A dashboard is the same for every reader of the same scope (one partnership as a coordinator sees it,
the same partnership after disclosure control, or the overview), so it is computed once and kept in
the configured cache (Redis in production, see config.settings) under a key holding the data version
(`iop.cache_version`). Every write the engine reads bumps that version, so the next view computes
anew; nothing needs deleting. Only the finished presentation is stored, never a person-level row:
protected presentations are stored after disclosure control. Free periods (coordinators' own
windows) are computed every time, so the cache holds the fixed reporting periods only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from iop.cache_version import data_version
from iop.periods import fixed_window

# A safety net for writes that bypass the services (admin, bulk loads): nothing lives longer than this.
DASHBOARD_TIMEOUT = 15 * 60

T = TypeVar("T")


@dataclass
class Computed(Generic[T]):
    """A dashboard's content and when it was computed (shown as "Beräknad kl. HH:MM")."""

    value: T
    computed_at: dt.datetime
    from_cache: bool = False
    key: str = ""  # the cache key; empty when not cached (a free period)

    def template_context(self) -> dict:
        """For the page's `{% cache body_timeout "dashboard-body" body_key query %}`: the rendered
        tables are kept under the same key as the figures (timeout 0, nothing kept, when not cached)."""
        return {
            "computed_at": self.computed_at,
            "body_key": self.key,
            "body_timeout": DASHBOARD_TIMEOUT if self.key else 0,
        }


def dashboard_key(scope: str, start: dt.date, end: dt.date) -> str:
    # Today is part of the key: figures of the running period (pro-rata targets, active now) move with it.
    today = timezone.localdate()
    return f"dashboard:{scope}:{start:%Y%m%d}:{end:%Y%m%d}:{today:%Y%m%d}:v{data_version()}:{get_language() or ''}"


def cached_dashboard(
    scope: str,
    start: dt.date,
    end: dt.date,
    compute: Callable[[], T],
    *,
    renew_after: dt.timedelta | None = None,
) -> Computed[T]:
    """The dashboard of `scope` for `start`..`end`: from the cache when the data has not changed since
    it was computed, else computed now (and stored when the period is a fixed reporting period).
    `renew_after` (the warm-up): a cached value older than this is computed again and replaced, so that
    it is renewed before it expires."""
    if fixed_window(start, end) is None:
        return Computed(compute(), timezone.now())
    key = dashboard_key(scope, start, end)
    hit = cache.get(key)
    if hit is not None:
        value, computed_at = hit
        if renew_after is None or timezone.now() - computed_at < renew_after:
            return Computed(value, computed_at, from_cache=True, key=key)
    computed = Computed(compute(), timezone.now(), key=key)
    cache.set(key, (computed.value, computed.computed_at), DASHBOARD_TIMEOUT)
    return computed
