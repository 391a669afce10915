"""The benchmark's PostgreSQL database: created and migrated when missing, its load data regenerated
when the marker (scale, seed, apps) differs, and the static files collected when they changed."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench.environment import ROOT, say


def _pg_connect(url: str, dbname: str | None = None):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname=dbname or parts.path.lstrip("/"),
        autocommit=True,
        connect_timeout=10,
    )


def ensure_database(url: str, *, drop: bool = False) -> None:
    name = urlsplit(url).path.lstrip("/")
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise SystemExit(f"bench: unsupported database name {name!r}")
    with _pg_connect(url, "postgres") as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and drop:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            say(f"bench: created database {name}")


def data_marker(scale: float, seed: int, programme: bool = False) -> dict:
    from django.apps import apps

    optional = sorted(m for m in ("followup.Talk", "invoicing.Invoice") if _model_exists(apps, m))
    # The generator's version: data of an older generator (no access log, no programme) is regenerated.
    return {"scale": scale, "seed": seed, "models": optional, "programme": programme, "generator": 2}


def _model_exists(apps, label: str) -> bool:
    try:
        apps.get_model(label)
        return True
    except LookupError:
        return False


def read_marker(url: str) -> dict | None:
    name = urlsplit(url).path.lstrip("/")
    with _pg_connect(url, "postgres") as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
    try:
        return json.loads(row[0]) if row and row[0] else None
    except ValueError:
        return None


def write_marker(url: str, marker: dict) -> None:
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    with _pg_connect(url, "postgres") as conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(json.dumps(marker))
            )
        )


def prepare_data(args) -> dict:
    """Migrate; regenerate into a fresh database when the marker differs. Returns generation info."""
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0, interactive=False)
    marker = data_marker(args.scale, args.seed, args.programme)
    stored = read_marker(args.database_url)
    if stored and {k: stored.get(k) for k in marker} == marker:
        say(f"bench: load data at scale {args.scale} is there ({stored.get('counts')})")
        return stored
    from bench.generate import generate, load_data_present

    if load_data_present():
        if urlsplit(args.database_url).path.lstrip("/") != "bench" and not args.recreate:
            raise SystemExit(
                "bench: the database holds other load data; pass --recreate to drop and recreate it"
            )
        say("bench: scale, seed or apps changed: recreating the database")
        connections.close_all()
        ensure_database(args.database_url, drop=True)
        call_command("migrate", verbosity=0, interactive=False)
    say(f"bench: generating load data at scale {args.scale} (seed {args.seed}, programme {args.programme})")
    started = time.monotonic()
    result = generate(scale=args.scale, seed=args.seed, log=say, programme=args.programme)
    elapsed = time.monotonic() - started
    for reason in result.skipped:
        say(f"  skipped: {reason}")
    _analyze()
    marker |= {"counts": result.counts, "skipped": result.skipped, "generate_seconds": round(elapsed, 1)}
    write_marker(args.database_url, marker)
    say(f"bench: generated in {elapsed:.1f} s: {result.counts}")
    return marker


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def collect_static_if_changed() -> None:
    """DEBUG off needs the static manifest; compressing it takes a minute, so only when sources change."""
    import hashlib

    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders
    from django.core.management import call_command

    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in finder.list([]):
            full = Path(storage.path(path))
            digest.update(f"{path}:{full.stat().st_mtime_ns}:{full.stat().st_size}".encode())
    stamp = ROOT / "var" / "bench-static.stamp"
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists() and stamp.exists() and stamp.read_text() == digest.hexdigest():
        return
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(digest.hexdigest())
