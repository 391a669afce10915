"""`make bench` / `python -m bench.run [--scale 0.1] [--programme] [--database-url URL]`: the benchmark.

1. Creates the PostgreSQL database if missing, migrates it and (re)generates load data when the scale,
   seed, programme or set of apps differs from what is there (the marker is a COMMENT ON DATABASE).
2. Pages on the real server: gunicorn with `gunicorn.conf.py` and 2 workers, DEBUG off; every role
   logged in through the login form; shuffled rounds over every key page, one request at a time: the
   cold first hit and p50/p95 of the warm samples, as ratios to the logged-in bare view (one query)
   measured in the same rounds.
3. Capacity: a closed loop without think time, N users stepped up (1, 2, 4 … 32); throughput and p95
   per step and the throughput at which p95 passes 150 ms.
4. The old in-process measurements (test client, report builders, worker memory) as a second table
   (`--no-in-process` skips them).
5. Writes bench/results/latest.json and latest.md and prints the table. It never fails on a time:
   exit code 0 unless the benchmark itself could not run.

Everything that is not built yet (a URL name that does not resolve, a missing model or builder) is
skipped with the reason printed and recorded. docs/bench.md explains every figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

from bench.capacity import DEFAULT_STEPS, run_capacity
from bench.database import collect_static_if_changed, ensure_database, prepare_data
from bench.environment import DEFAULT_DATABASE_URL, RESULTS, ROOT, bench_env, say
from bench.summary import machine, markdown


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", "0.1")))
    add("--seed", type=int, default=1)
    add(
        "--programme",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="the large programme (seed 003's shape × scale) in the load data",
    )
    add("--database-url", default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL)
    add("--recreate", action="store_true", help="drop and recreate a non-default database")
    add("--rounds", type=int, default=100, help="shuffled rounds over the pages (warm samples per page)")
    add("--heavy-every", type=int, default=10, help="pages over 1 s: requested every k-th round only")
    add("--steps", default=",".join(map(str, DEFAULT_STEPS)), help="users per capacity step")
    add("--step-seconds", type=float, default=20)
    add("--no-load", action="store_true", help="skip the capacity steps")
    add("--no-in-process", action="store_true", help="skip the old in-process measurements")
    add("--repeat", type=int, default=20, help="in-process: timed requests per page")
    add("--output", type=Path, default=RESULTS)
    add("--child-report", help=argparse.SUPPRESS)
    add("--prepare-static", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    if args.child_report:
        from bench.measure import child_report

        child_report(args.child_report)
        return 0
    if args.prepare_static:
        import django

        django.setup()
        (ROOT / "var").mkdir(exist_ok=True)
        collect_static_if_changed()
        return 0

    if not args.database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("bench: needs PostgreSQL (--database-url postgres://…)")
    env = bench_env(args.database_url)
    os.environ.update(env)
    (ROOT / "var").mkdir(exist_ok=True)
    started = time.monotonic()
    ensure_database(args.database_url)

    import django

    django.setup()

    collect_static_if_changed()
    say(f"bench: static files collected ({time.monotonic() - started:.0f} s)")
    data = prepare_data(args)
    say(f"bench: data ready ({time.monotonic() - started:.0f} s)")
    from django.db import connections

    from bench.http_pages import measure_http_pages
    from bench.targets import build_world

    world = build_world()
    connections.close_all()
    say(f"bench: pages on gunicorn ({args.rounds} shuffled rounds)")
    http_pages = measure_http_pages(
        env, world, rounds=args.rounds, heavy_every=args.heavy_every, seed=args.seed
    )
    for key, row in http_pages.items():
        say(
            f"  {key:<26} {json.dumps({k: row.get(k) for k in ('cold_ms', 'p50_ms', 'p95_ms', 'n', 'p50_ratio', 'skipped', 'error') if row.get(k) is not None}, ensure_ascii=False)}"
        )
    load: dict = {"skipped": "--no-load"}
    if not args.no_load:
        steps = [int(x) for x in args.steps.split(",")]
        say(f"bench: capacity, closed loop without think time, users {steps}, {args.step_seconds:g} s each")
        load = run_capacity(env, world, http_pages, steps=steps, seconds=args.step_seconds, seed=args.seed)
        say(f"  {json.dumps(load.get('capacity') or load)}")
    pages: dict = {}
    jobs: dict = {}
    memory: dict = {}
    if not args.no_in_process:
        from bench.measure import measure_jobs, measure_pages, measure_report_memory

        say(f"bench: in-process pages ({args.repeat} requests each)")
        pages = measure_pages(world, args.repeat)
        say("bench: reports and commands")
        jobs = measure_jobs(world)
        say("bench: report memory")
        memory = measure_report_memory(env, jobs)

    results = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "scale": args.scale,
        "programme": args.programme,
        "seed": args.seed,
        "machine": machine(args.database_url),
        "data": data,
        "http_pages": http_pages,
        "load": load,
        "pages": pages,
        "jobs": jobs,
        "memory": memory,
        "total_seconds": round(time.monotonic() - started, 1),
    }
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "latest.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    (args.output / "latest.md").write_text(markdown(results))
    say(markdown(results))
    say(f"bench: done in {results['total_seconds']} s; wrote {args.output / 'latest.json'} and latest.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
