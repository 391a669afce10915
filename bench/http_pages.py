"""Pages on the real server: shuffled rounds over every key page, one request at a time, each role
logged in through the login form; the first hit of each page after gunicorn started is its cold sample,
the rest are warm samples for p50/p95. Pages slower than `HEAVY_SECONDS` (whole-log exports) are
requested only every `heavy_every`-th round so a run stays within minutes; their n says so. A page that
answers other than 200 (or not at all, e.g. past gunicorn's 30 s worker timeout) is reported with the
status and time and not requested again.

Pages cached per data version (the dashboards, `Page.versioned`) get two more kinds of sample every
`heavy_every`-th round, kept apart from the warm ones: "after a change" (the data version bumped just
before the request, as after any write: what a viewer pays when the warm-up has not run yet) and "after
the warm-up" (bumped, then `reporting.dashboard_warmup` run, then the request: what a viewer pays when
it has). Gunicorn's workers and the benchmark share one cache (`CACHE_URL`), as production's processes
share Redis, so a bump here is seen by both workers."""

from __future__ import annotations

import http.client
import random
import time
from collections.abc import Callable, Collection

from bench.environment import say
from bench.server import HttpUser, gunicorn, log_in_roles
from bench.stats import add_ratios, after_change, summarise

HEAVY_SECONDS = 1.0


def resolve(world, pages) -> tuple[dict[str, str], dict[str, dict]]:
    """URLs of the pages that exist; rows saying why the others are skipped."""
    from bench.targets import Skip

    urls, skipped = {}, {}
    for page in pages:
        try:
            urls[page.key] = page.url(world)
        except Skip as exc:
            skipped[page.key] = {"label": page.label, "skipped": str(exc)}
    return urls, skipped


def measure_http_pages(env: dict, world, *, rounds: int, heavy_every: int = 10, seed: int = 1) -> dict:
    from django.core.cache import cache

    from bench.targets_http import BASELINE, HTTP_PAGES
    from iop.cache_version import bump_data_version
    from reporting.dashboard_warmup import warm_dashboards

    urls, out = resolve(world, HTTP_PAGES)
    pages = {p.key: p for p in HTTP_PAGES if p.key in urls}
    cache.clear()  # the cold samples are cold: nothing left from an earlier run in the shared cache
    with gunicorn(env, "bench-gunicorn-pages.log") as port:
        cookies = log_in_roles(port, world, {p.role for p in pages.values()})
        users = {role: HttpUser(port, cookie=cookie) for role, cookie in cookies.items()}
        rows = run_rounds(
            pages,
            urls,
            lambda page, url: _timed(users[str(page.role) if page.role else None], url),
            rounds=rounds,
            heavy_every=heavy_every,
            rng=random.Random(seed),
            versioned={key for key, page in pages.items() if page.versioned},
            bump=bump_data_version,
            warm=warm_dashboards,
        )
    out.update(rows)
    add_ratios(out, BASELINE)
    return {key: out[key] for key in [p.key for p in HTTP_PAGES] if key in out}


def _timed(user: HttpUser, url: str) -> tuple[int, float, int]:
    """(status, seconds, bytes); status 0 when no response came (connection closed or timed out)."""
    t0 = time.perf_counter()
    try:
        status, body = user.request("GET", url)
    except (http.client.HTTPException, OSError):
        return 0, time.perf_counter() - t0, 0
    return status, time.perf_counter() - t0, len(body)


def run_rounds(
    pages: dict,
    urls: dict[str, str],
    fetch,
    *,
    rounds: int,
    heavy_every: int,
    rng,
    versioned: Collection[str] = (),
    bump: Callable[[], None] | None = None,
    warm: Callable[[], object] | None = None,
) -> dict:
    """`rounds` + 1 shuffled passes over the pages (the first pass gives the cold samples). A page that
    answers other than 200 is dropped with the status recorded; one slower than HEAVY_SECONDS at its
    first hit and its first warm sample is from then on requested every `heavy_every`-th round only.
    With `bump`, every `heavy_every`-th round ends with the `versioned` pages' samples after a change
    and (with `warm`) after the warm-up (`_after_change`)."""
    cold: dict[str, float] = {}
    warm_samples: dict[str, list[float]] = {k: [] for k in pages}
    changed: dict[str, list[float]] = {k: [] for k in versioned if k in pages}
    warmed: dict[str, list[float]] = {k: [] for k in changed}
    size: dict[str, int] = {}
    errors: dict[str, str] = {}
    heavy: set[str] = set()
    for r in range(rounds + 1):
        order = [k for k in pages if k not in errors and (r % heavy_every == 0 or k not in heavy)]
        rng.shuffle(order)
        for key in order:
            status, took, length = fetch(pages[key], urls[key])
            if status == 0:
                errors[key] = f"no response after {took:.1f} s (worker killed at gunicorn's timeout?)"
                continue
            if status != 200:
                errors[key] = f"HTTP {status} after {took:.1f} s for {urls[key]}"
                continue
            if r == 0:
                cold[key] = took
                continue
            warm_samples[key].append(took)
            size[key] = length
            if len(warm_samples[key]) == 1 and min(took, cold.get(key, took)) > HEAVY_SECONDS:
                heavy.add(key)  # both the cold and the first warm sample: one noisy spike is not enough
        if bump is not None and r and r % heavy_every == 0:
            keys = [k for k in changed if k not in errors]
            rng.shuffle(keys)
            _after_change(keys, lambda key: _ok(fetch(pages[key], urls[key])), bump, warm, changed, warmed)
        if r % 20 == 0:
            say(f"  round {r}/{rounds}")
    out: dict[str, dict] = {}
    for key, page in pages.items():
        row = {"label": page.label, "role": str(page.role) if page.role else "anonymous", "url": urls[key]}
        if key in errors:
            row["error"] = errors[key]
        else:
            row |= summarise(cold.get(key), warm_samples[key]) | {
                "bytes": size.get(key),
                "heavy": key in heavy,
            }
            if changed.get(key):
                row |= after_change(changed[key], warmed[key])
        out[key] = row
    return out


def _ok(sample: tuple[int, float, int]) -> float | None:
    status, took, _length = sample
    return took if status == 200 else None


def _after_change(keys, fetch_one, bump, warm, changed: dict, warmed: dict) -> None:
    """Each page once right after its own bump (the computation a viewer pays without the warm-up); then
    one bump, the warm-up and each page once more (what a viewer pays after it). Without `warm` the
    second pass is not recorded: it only leaves the pages cached again for the next warm samples."""
    for key in keys:
        bump()
        took = fetch_one(key)
        if took is not None:
            changed[key].append(took)
    bump()
    if warm is not None:
        warm()
    for key in keys:
        took = fetch_one(key)
        if took is not None and warm is not None:
            warmed[key].append(took)
