"""Capacity on the real server: a closed loop of N users without think time (each sends its next request
as soon as the last one answered), N stepped up; throughput and p95 per step, and the throughput at
which p95 passes 150 ms (`bench.stats.capacity`).

Every request picks a role by the roles' share of users (`LOAD_USERS`) and then a page by that role's
mix (`LOAD_MIX`), so the mix is the same at every N. Each role is logged in once through the login
form; the simulated users of a role share its session like tabs of one browser."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter

from bench.environment import say
from bench.server import HttpUser, gunicorn, log_in_roles
from bench.stats import capacity, ms, pct

DEFAULT_STEPS = (1, 2, 4, 8, 16, 32)


def run_capacity(env: dict, world, measured: dict, *, steps, seconds: float, seed: int = 1) -> dict:
    from bench.targets import LOAD_MIX, LOAD_USERS, PAGES

    urls = {p.key: measured[p.key]["url"] for p in PAGES if measured.get(p.key, {}).get("p50_ms") is not None}
    mix = {
        str(role): {k: w for k, w in pages.items() if k in urls}
        for role, pages in LOAD_MIX.items()
        if any(k in urls for k in pages)
    }
    if not mix:
        return {"skipped": "no page of the load mix answered"}
    shares = {role: LOAD_USERS.get(role, 1) for role in mix}
    with gunicorn(env, "bench-gunicorn-load.log") as port:
        cookies = log_in_roles(port, world, mix)
        results = []
        for n in steps:
            step = run_step(port, cookies, urls, mix, shares, users=n, seconds=seconds, seed=seed)
            say(
                f"  {n:>3} users: {step['throughput_rps']:>6} req/s  p50 {step['p50_ms']} ms  "
                f"p95 {step['p95_ms']} ms  errors {step['errors']}"
            )
            results.append(step)
    return {
        "steps": results,
        "seconds_per_step": seconds,
        "mix": mix,
        "role_shares": shares,
        "capacity": capacity(results),
    }


def run_step(port, cookies, urls, mix, shares, *, users: int, seconds: float, seed: int) -> dict:
    records: list[tuple[str, int, float]] = []
    errors: Counter = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(users + 1)
    deadline = [0.0]
    roles, role_weights = zip(*shares.items(), strict=True)

    def loop(i: int) -> None:
        rng = random.Random(seed * 1000 + i)
        clients = {role: HttpUser(port, cookie=cookies[role]) for role in roles}
        local = []
        barrier.wait(timeout=60)
        while time.monotonic() < deadline[0]:
            role = rng.choices(roles, role_weights)[0]
            keys, weights = zip(*mix[role].items(), strict=True)
            key = rng.choices(keys, weights)[0]
            t0 = time.perf_counter()
            try:
                status, _ = clients[role].request("GET", urls[key])
            except OSError as exc:
                status = 0
                with lock:
                    errors[f"{key}: {type(exc).__name__}"] += 1
            local.append((key, status, time.perf_counter() - t0))
            if status not in (0, 200):
                with lock:
                    errors[f"{key}: HTTP {status}"] += 1
        with lock:
            records.extend(local)

    threads = [threading.Thread(target=loop, args=(i,), daemon=True) for i in range(users)]
    for t in threads:
        t.start()
    deadline[0] = time.monotonic() + 10**6
    barrier.wait(timeout=60)
    began = time.monotonic()
    deadline[0] = began + seconds
    for t in threads:
        t.join(timeout=seconds + 120)
    elapsed = time.monotonic() - began
    times = [r[2] for r in records]
    ok = sum(1 for r in records if r[1] == 200)
    return {
        "users": users,
        "seconds": round(elapsed, 1),
        "requests": len(records),
        "errors": len(records) - ok,
        "error_kinds": dict(errors),
        "throughput_rps": round(ok / elapsed, 1) if elapsed else 0.0,
        "p50_ms": ms(pct(times, 0.5)) if times else None,
        "p95_ms": ms(pct(times, 0.95)) if times else None,
        "max_ms": ms(max(times)) if times else None,
    }
