"""`make bench` / `python -m bench.run [--scale 0.1] [--database-url URL]`: the benchmark.

1. Creates the PostgreSQL database if missing, migrates it and (re)generates load data when the scale,
   seed or set of apps differs from what is there (the marker is a COMMENT ON DATABASE).
2. Measures with Django's test client, logged in as the page's role: p50/p95 latency and query count of
   the key pages, and the same client's latency on the `healthz` view (the baseline), so every result
   is also a ratio to the baseline; then report builders and the indicators command in-process, and the
   peak memory (max RSS) of a fresh worker process building each report.
3. Runs gunicorn (2 workers) on loopback and a thread-pool load generator: 20 users with the roles'
   typical mix for 60 s; errors, throughput, p50/p95.
4. Writes bench/results/latest.json and latest.md. It never fails on a time: exit code 0 unless the
   benchmark itself could not run.

Everything that is not built yet (a URL name that does not resolve, a missing model or builder) is
skipped with the reason printed and recorded.

The steps live in `database`, `measure`, `http_load` and `summary`; `environment` holds what they share.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from bench.database import collect_static_if_changed, ensure_database, prepare_data
from bench.environment import DEFAULT_DATABASE_URL, RESULTS, ROOT, bench_env, say
from bench.http_load import run_load
from bench.measure import child_report, measure_jobs, measure_pages, measure_report_memory
from bench.summary import machine, markdown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", "0.1")))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL
    )
    parser.add_argument("--recreate", action="store_true", help="drop and recreate a non-default database")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page")
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--load-users", type=int, default=20)
    parser.add_argument(
        "--think", default="0.5,2.0", help="think time between a user's requests, min,max seconds"
    )
    parser.add_argument("--no-load", action="store_true")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--child-report", help=argparse.SUPPRESS)
    parser.add_argument("--prepare-static", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)

    if args.child_report:
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
    from bench.targets import build_world

    world = build_world()
    say(f"bench: pages ({args.repeat} requests each)")
    pages = measure_pages(world, args.repeat)
    say("bench: reports and commands")
    jobs = measure_jobs(world)
    say("bench: report memory")
    memory = measure_report_memory(env, jobs)
    load: dict = {"skipped": "--no-load"}
    if not args.no_load:
        say(f"bench: load, {args.load_users} users for {args.load_seconds} s")
        from django.db import connections

        connections.close_all()
        lo, hi = (float(x) for x in args.think.split(","))
        load = run_load(
            env, world, seconds=args.load_seconds, users=args.load_users, think=(lo, hi), measured=pages
        )
        say(f"  {json.dumps({k: v for k, v in load.items() if k != 'pages'})}")
    import datetime as dt

    results = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "scale": args.scale,
        "seed": args.seed,
        "machine": machine(args.database_url),
        "data": data,
        "pages": pages,
        "jobs": jobs,
        "memory": memory,
        "load": load,
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
