"""The dashboards' warm-up (förberäkning): the overview and every partnership's dashboard of the period
each shows by default, computed ahead of the first viewer whenever the data changed.

A dashboard is cached per data version (`reporting.dashboard_cache`), so the first viewer after any
write paid the whole computation (at city scale about a second for the overview). The warm-up runs
every minute (django-celery-beat, `settings.PERIODIC_TASKS`) and fills exactly the keys the views read,
through the same cached getters (`reporting.dashboard_content`): the overview of this year for the
coordinators, and per partnership its default year raw (coordinators) and protected (everyone else), each
with its rendered tables (the page's cached part, `dashboard_content.render_body`).
The indicators of all partnerships of one year come from one engine run (`compute_indicators_many`), the
same figures as one run per partnership. Cheap when nothing changed: one cache read of the marker
(data version and day) of the last warm-up. A cached value older than `RENEW_AFTER` is computed again, so
a dashboard is renewed before its timeout ends. Like the views, it caches presentations of aggregates
only, never a person-level row.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from iop.cache_version import data_version
from iop.models import Partnership
from iop.periods import year_window
from reporting.dashboard_cache import DASHBOARD_TIMEOUT
from reporting.dashboard_content import (
    default_year,
    overview_body_context,
    overview_cached,
    partnership_body_context,
    partnership_cached,
    render_body,
)
from reporting.indicators import IndicatorResult, compute_indicators_many, period_partnerships

WARMED_KEY = "dashboard-warmup:done"  # (data version, day) of the last complete warm-up
LOCK_KEY = "dashboard-warmup:running"
LOCK_SECONDS = 10 * 60  # a worker killed mid-run leaves the lock this long at most
# Renewed when older than this: before the cache's own timeout, with a few runs to spare.
RENEW_AFTER = dt.timedelta(seconds=DASHBOARD_TIMEOUT - 5 * 60)
# Even without writes the warm-up looks again this often, to renew what gets old.
WARMED_TIMEOUT = 4 * 60


def warm_dashboards() -> int:
    """Compute the default dashboards missing from the cache (or about to expire) for the current data
    version; 0 when nothing changed since the last run or another run is busy. Returns how many
    dashboards were computed."""
    with translation.override(settings.LANGUAGE_CODE):  # the language is part of the key, as in a view
        marker = (data_version(), timezone.localdate())
        if cache.get(WARMED_KEY) == marker:
            return 0
        if not cache.add(LOCK_KEY, True, LOCK_SECONDS):
            return 0
        try:
            computed = _warm()
            cache.set(WARMED_KEY, marker, WARMED_TIMEOUT)
        finally:
            cache.delete(LOCK_KEY)
    return computed


def _warm() -> int:
    partnerships = list(
        Partnership.objects.exclude(status=Partnership.Status.DRAFT)
        .prefetch_related("periods")
        .order_by("pk")
    )
    by_year: dict[int, list[Partnership]] = defaultdict(list)
    for p in partnerships:
        by_year[default_year(p)].append(p)
    this_year = timezone.localdate().year
    by_year.setdefault(this_year, [])
    computed = 0
    for year, group in sorted(by_year.items()):
        window = year_window(year)
        results = _engine_run(group, window.start, window.end, with_total=year == this_year)
        if year == this_year:
            overview = overview_cached(window.start, window.end, results=results, renew_after=RENEW_AFTER)
            if not overview.from_cache:
                render_body(overview_body_context(overview, window.start, window.end))
                computed += 1
        for p in group:
            for protected in (False, True):
                dashboard = partnership_cached(
                    p,
                    window.start,
                    window.end,
                    protected=protected,
                    result=functools.partial(_result_of, results, p.pk),
                    renew_after=RENEW_AFTER,
                )
                if not dashboard.from_cache:
                    render_body(partnership_body_context(dashboard, p, window.start, window.end))
                    computed += 1
    return computed


def _result_of(results: Callable[[], dict[int | None, IndicatorResult]], pk: int) -> IndicatorResult:
    return results()[pk]


def _engine_run(
    group: list[Partnership], start: dt.date, end: dt.date, *, with_total: bool
) -> Callable[[], dict[int | None, IndicatorResult]]:
    """The indicators of the group (and with `with_total` of every partnership of the period and all
    together, as the overview needs), computed at the first call only: nothing when all is cached."""

    @functools.cache
    def results() -> dict[int | None, IndicatorResult]:
        scope = {p.pk: p for p in group}
        if with_total:
            scope |= {p.pk: p for p in period_partnerships(start, end) if p.pk not in scope}
        return compute_indicators_many(list(scope.values()), start=start, end=end, with_total=with_total)

    return results
