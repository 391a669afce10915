"""The benchmark's statistics: percentiles of samples, a page's summary with its ratio to the baseline,
and the capacity read off a load test's steps. Pure functions (unit-tested in tests/bench/test_stats.py)."""

from __future__ import annotations

import math
from collections.abc import Sequence

P95_TARGET_MS = 150.0


def pct(values: Sequence[float], q: float) -> float:
    """The q-quantile (0..1) by linear interpolation between the closest ranks; NaN without samples."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def summarise(cold: float | None, warm: Sequence[float]) -> dict:
    """A page's samples (seconds) as milliseconds: the first hit (cold) and p50/p95/max of the rest."""
    return {
        "cold_ms": ms(cold) if cold is not None else None,
        "n": len(warm),
        "p50_ms": ms(pct(warm, 0.5)) if warm else None,
        "p95_ms": ms(pct(warm, 0.95)) if warm else None,
        "max_ms": ms(max(warm)) if warm else None,
    }


def after_change(changed: Sequence[float], warmed: Sequence[float]) -> dict:
    """A cached page's samples right after a data change, without and with the warm-up before them
    (seconds): their median and maximum in milliseconds."""
    out: dict[str, float] = {"n_changed": len(changed)}
    if changed:
        out |= {"changed_p50_ms": ms(pct(changed, 0.5)), "changed_max_ms": ms(max(changed))}
    if warmed:
        out |= {"warmed_p50_ms": ms(pct(warmed, 0.5)), "warmed_max_ms": ms(max(warmed))}
    return out


def add_ratios(rows: dict[str, dict], baseline_key: str) -> None:
    """Each row's p50 and p95 divided by the baseline's p50 (the ratio the issue's targets use)."""
    base = rows.get(baseline_key, {}).get("p50_ms")
    if not base:
        return
    for row in rows.values():
        if row.get("p50_ms") is not None:
            row["p50_ratio"] = round(row["p50_ms"] / base, 1)
            row["p95_ratio"] = round(row["p95_ms"] / base, 1)


def capacity(steps: Sequence[dict], target_ms: float = P95_TARGET_MS) -> dict:
    """What the load steps (each with `users`, `throughput_rps`, `p95_ms`, `errors`) say about capacity.

    `best_rps`: the highest throughput of a step whose p95 is within the target and without errors.
    `rps_at_target`: the throughput at which p95 passes the target, interpolated linearly between the
    last step within it and the first step over it (None when no step passes it: the load was too low
    to say; 0-step over: the first step is already over the target and the figure is that step's)."""
    ok = [
        s for s in steps if s.get("p95_ms") is not None and s["p95_ms"] <= target_ms and not s.get("errors")
    ]
    best = max((s["throughput_rps"] for s in ok), default=None)
    over_at = next(
        (
            i
            for i, s in enumerate(steps)
            if s.get("p95_ms") is None or s["p95_ms"] > target_ms or s.get("errors")
        ),
        None,
    )
    at_target: float | None
    if over_at is None:
        at_target, note = None, f"p95 stayed within {target_ms:g} ms at every step"
    elif over_at == 0:
        at_target, note = steps[0]["throughput_rps"], "p95 over the target already at the first step"
    else:
        below, above = steps[over_at - 1], steps[over_at]
        at_target = _interpolate(below, above, target_ms)
        note = f"between {below['users']} and {above['users']} users"
    return {"target_ms": target_ms, "best_rps": best, "rps_at_target": at_target, "note": note}


def _interpolate(below: dict, above: dict, target_ms: float) -> float:
    p0, p1 = below["p95_ms"], above["p95_ms"]
    r0, r1 = below["throughput_rps"], above["throughput_rps"]
    if p1 is None or math.isclose(p0, p1) or above.get("errors"):
        return round(r0, 1)
    share = min(1.0, max(0.0, (target_ms - p0) / (p1 - p0)))
    return round(r0 + (r1 - r0) * share, 1)
