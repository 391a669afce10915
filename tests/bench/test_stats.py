"""The benchmark's statistics and report: percentiles, ratios to the baseline, the capacity figure, the
shuffled rounds (cold and warm samples, heavy pages sampled less) and the markdown table. No server, no
database: fast unit tests."""

import math
import random
from types import SimpleNamespace

import pytest

from bench.http_pages import run_rounds
from bench.stats import add_ratios, after_change, capacity, pct, summarise
from bench.summary import capacity_table, http_table, markdown


def test_percentiles_interpolate_between_ranks():
    values = [float(v) for v in range(1, 101)]  # 1..100
    assert pct(values, 0.5) == pytest.approx(50.5)
    assert pct(values, 0.95) == pytest.approx(95.05)
    assert pct([3.0, 1.0, 2.0], 0.5) == 2.0
    assert math.isnan(pct([], 0.5))


def test_summary_keeps_the_cold_sample_apart_from_the_warm_ones():
    row = summarise(2.0, [0.010, 0.020, 0.030])
    assert row == {"cold_ms": 2000.0, "n": 3, "p50_ms": 20.0, "p95_ms": 29.0, "max_ms": 30.0}
    assert summarise(None, [])["p50_ms"] is None


def test_ratios_are_to_the_baseline_p50():
    rows = {"bare": {"p50_ms": 5.0, "p95_ms": 8.0}, "page": {"p50_ms": 50.0, "p95_ms": 100.0}, "gone": {}}
    add_ratios(rows, "bare")
    assert rows["page"]["p50_ratio"] == 10.0
    assert rows["page"]["p95_ratio"] == 20.0
    assert rows["bare"]["p50_ratio"] == 1.0
    assert "p50_ratio" not in rows["gone"]


def _step(users, rps, p95, errors=0):
    return {"users": users, "throughput_rps": rps, "p95_ms": p95, "errors": errors}


def test_capacity_interpolates_where_p95_passes_the_target():
    steps = [_step(1, 10, 50), _step(2, 20, 100), _step(4, 30, 200), _step(8, 31, 400)]
    cap = capacity(steps)
    assert cap["best_rps"] == 20
    assert cap["rps_at_target"] == 25.0  # halfway from 100 to 200 ms: halfway from 20 to 30 req/s
    assert "2 and 4 users" in cap["note"]


def test_capacity_when_the_first_step_is_already_over_or_no_step_is():
    assert capacity([_step(1, 7, 280), _step(2, 8, 500)])["rps_at_target"] == 7
    assert capacity([_step(1, 7, 280)])["best_rps"] is None
    within = capacity([_step(1, 10, 50), _step(2, 19, 90)])
    assert within["rps_at_target"] is None
    assert within["best_rps"] == 19


def test_a_step_with_errors_counts_as_over_the_target():
    cap = capacity([_step(1, 10, 50), _step(2, 20, 60, errors=3)])
    assert cap["best_rps"] == 10
    assert cap["rps_at_target"] == 10


def _page(key, role="iop-samordnare"):
    return SimpleNamespace(key=key, label=key.title(), role=role)


def test_rounds_give_one_cold_sample_and_n_warm_samples_in_shuffled_order():
    pages = {k: _page(k) for k in ("bare", "list", "detail")}
    seen: list[str] = []

    def fetch(page, url):
        seen.append(page.key)
        return 200, {"bare": 0.005, "list": 0.05, "detail": 0.02}[page.key], 100

    rows = run_rounds(
        pages, {k: f"/{k}/" for k in pages}, fetch, rounds=30, heavy_every=10, rng=random.Random(1)
    )
    assert all(rows[k]["n"] == 30 for k in pages)
    assert rows["list"]["cold_ms"] == 50.0
    assert rows["list"]["p95_ms"] == 50.0
    orders = {tuple(seen[i : i + 3]) for i in range(0, len(seen), 3)}
    assert len(orders) > 1  # shuffled, not the same order every round


def test_a_heavy_page_is_sampled_every_kth_round_and_a_failing_page_is_dropped():
    pages = {k: _page(k) for k in ("bare", "export", "broken")}

    def fetch(page, url):
        if page.key == "broken":
            return 500, 0.01, 0
        return 200, 2.0 if page.key == "export" else 0.005, 10

    rows = run_rounds(
        pages, {k: f"/{k}/" for k in pages}, fetch, rounds=40, heavy_every=10, rng=random.Random(2)
    )
    assert rows["bare"]["n"] == 40
    assert rows["export"]["heavy"] is True
    assert rows["export"]["n"] == 1 + 4  # round 1, then rounds 10, 20, 30, 40
    assert rows["broken"]["error"] == "HTTP 500 after 0.0 s for /broken/"
    assert "p50_ms" not in rows["broken"]


def _results():
    pages = {
        "bare": {
            "label": "Bare",
            "role": "r",
            "cold_ms": 9.0,
            "p50_ms": 5.0,
            "p95_ms": 7.5,
            "n": 100,
            "bytes": 20,
            "p50_ratio": 1.0,
            "p95_ratio": 1.5,
        },
        "dash": {
            "label": "Dashboard",
            "role": "styrgrupp",
            "cold_ms": 400.0,
            "p50_ms": 200.0,
            "p95_ms": 224.0,
            "n": 100,
            "bytes": 153600,
            "p50_ratio": 40.0,
            "p95_ratio": 44.8,
            "changed_p50_ms": 350.0,
            "changed_max_ms": 420.0,
            "warmed_p50_ms": 30.0,
            "warmed_max_ms": 41.0,
        },
        "todo": {"label": "Not built", "skipped": "URL name not there yet: x"},
    }
    steps = [_step(1, 30.0, 40.0), _step(2, 40.0, 190.0)]
    for s in steps:
        s |= {"requests": 100, "p50_ms": 20.0, "max_ms": 300.0}
    return {
        "scale": 0.1,
        "date": "2026-12-07T10:00:00",
        "machine": {
            "commit": "abc1234",
            "cpu_model": "AMD EPYC",
            "nproc": 2,
            "memory_gb": 23.5,
            "python": "3.11.7",
            "postgresql": "15.20",
        },
        "data": {"counts": {"access_log": 100000}},
        "http_pages": pages,
        "load": {"steps": steps, "seconds_per_step": 20, "capacity": capacity(steps)},
    }


def test_the_markdown_report_names_the_machine_and_has_every_page_and_the_capacity():
    text = markdown(_results())
    assert "AMD EPYC, 2 cores, 23.5 GB RAM, Python 3.11.7, PostgreSQL 15.20" in text
    assert (
        "| Dashboard | styrgrupp | 400.0 | 350.0 / 420.0 | 30.0 / 41.0 | 200.0 | 224.0 | 100 | 40.0× | 44.8× | 150 |"
        in text
    )
    assert "| Bare | r | 9.0 |  |  | 5.0 | 7.5 | 100 | 1.0× | 1.5× | 0 |" in text
    assert "| Not built | skipped: URL name not there yet: x |" in text
    assert "**37.3 req/s at which p95 passes 150 ms**"  # 30 + 10 × 110/150 in text
    assert "In-process" not in text  # no old table when it was not measured


def test_tables_without_data_say_why():
    assert capacity_table({"skipped": "--no-load"}) == ["Not run: --no-load"]
    assert len(http_table({})) == 2


def test_a_page_without_a_response_is_reported_with_its_time_and_dropped():
    pages = {k: _page(k) for k in ("bare", "export")}

    def fetch(page, url):
        return (0, 30.5, 0) if page.key == "export" else (200, 0.005, 10)

    rows = run_rounds(
        pages, {k: f"/{k}/" for k in pages}, fetch, rounds=5, heavy_every=10, rng=random.Random(3)
    )
    assert rows["export"]["error"].startswith("no response after 30.5 s")
    assert rows["bare"]["n"] == 5


def test_one_slow_spike_does_not_make_a_page_heavy():
    pages = {k: _page(k) for k in ("bare", "spiky")}
    samples = iter([0.01, 1.5] + [0.01] * 100)  # spiky: cold fast, first warm sample slow

    def fetch(page, url):
        return 200, next(samples) if page.key == "spiky" else 0.005, 10

    rows = run_rounds(
        pages, {k: f"/{k}/" for k in pages}, fetch, rounds=20, heavy_every=10, rng=random.Random(4)
    )
    assert rows["spiky"]["heavy"] is False
    assert rows["spiky"]["n"] == 20


def test_a_cached_page_is_sampled_after_a_change_and_after_the_warm_up_apart_from_its_warm_samples():
    pages = {k: _page(k) for k in ("bare", "dash")}
    state = {"version": 0, "cached": None}
    events: list[str] = []

    def fetch(page, url):
        if page.key == "bare":
            return 200, 0.005, 10
        if state["cached"] == state["version"]:
            return 200, 0.01, 10  # from the cache
        state["cached"] = state["version"]
        return 200, 0.5, 10  # computed

    def bump():
        state["version"] += 1
        events.append("bump")

    def warm():
        state["cached"] = state["version"]
        events.append("warm")

    rows = run_rounds(
        pages,
        {k: f"/{k}/" for k in pages},
        fetch,
        rounds=30,
        heavy_every=10,
        rng=random.Random(5),
        versioned={"dash"},
        bump=bump,
        warm=warm,
    )
    dash = rows["dash"]
    assert dash["cold_ms"] == 500.0
    assert dash["max_ms"] == 10.0  # no computation among the warm samples
    assert (dash["n_changed"], dash["changed_p50_ms"], dash["warmed_p50_ms"]) == (3, 500.0, 10.0)
    assert events == ["bump", "bump", "warm"] * 3
    assert "n_changed" not in rows["bare"]


def test_without_a_warm_up_the_pages_are_cached_again_but_not_sampled():
    assert after_change([0.4, 0.6], []) == {"n_changed": 2, "changed_p50_ms": 500.0, "changed_max_ms": 600.0}
