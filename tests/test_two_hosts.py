"""Beyond one machine: two web hosts, one worker, one database and one object store.

Starts two gunicorn processes (the project's `gunicorn.conf.py`, settings `config.settings`), each with a
MEDIA_ROOT of its own (nothing is shared through a local disk), against one database and one S3 server
(moto in server mode). A coordinator logged in on host A orders a report; the report is produced by a
real Celery worker when the suite has a broker (the PostgreSQL + Redis run: the worker has a Redis
database of its own, so the suite's worker does not take the job) or by host A's embedded background
worker when it has none (the SQLite run, on a SQLite file both hosts share). The same session then
downloads the file from host B, which never saw the request: sessions live in the database, files in
the object store. A user whose role may not see reports is refused on host B.
"""

import os
import re
import subprocess
import sys
import time
from contextlib import ExitStack, suppress
from datetime import date
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import boto3
import pytest
from moto.server import ThreadedMotoServer

from bench.server import HttpUser, free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent
BUCKET = "iop-two-hosts"
PASSWORD = "test-password-123"
# The broker's Redis database for this test's processes (the suite's own worker uses another one).
OWN_REDIS_DB = "14"

# Run in a subprocess against the shared database: the access-test world (coordinator w_samordnare,
# AMS officer w_ams, who has no report pages).
_DATA = """
from tests.access.world import build_world
w = build_world()
print("PARTNERSHIP", w.partnership.pk)
"""


def _database_url(tmp_path: Path) -> tuple[str, bool]:
    """The database both hosts share: the suite's PostgreSQL test database (committed rows, flushed after
    the test), or a SQLite file of this test's own that must be migrated first."""
    from django.conf import settings

    base = settings.DATABASES["default"]
    if not base["ENGINE"].endswith("postgresql"):
        return f"sqlite:///{tmp_path / 'shared.sqlite3'}", True
    from django.db import connection

    name = connection.settings_dict["NAME"]  # the test database (transaction=True: rows are committed)
    user = base.get("USER") or "postgres"
    return f"postgres://{user}@{base.get('HOST') or '127.0.0.1'}:{base.get('PORT') or 5432}/{name}", False


def _own_broker() -> str:
    """The suite's broker URL on another Redis database, or empty (no broker: Celery runs eagerly)."""
    from django.conf import settings

    url = settings.CELERY_BROKER_URL
    if not url:
        return ""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{OWN_REDIS_DB}"))


def _env(database_url: str, broker: str, s3_endpoint: str, media_root: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_", "OBJECT_STORE_", "AWS_", "CACHE_URL"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "true",  # static files without collectstatic; everything else as in production
            "SECRET_KEY": "two-hosts-test-" + "k" * 50,  # one key for every host
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(media_root),
            "OBJECT_STORE_BUCKET": BUCKET,
            "OBJECT_STORE_ENDPOINT_URL": s3_endpoint,
            "OBJECT_STORE_ACCESS_KEY_ID": "testing",
            "OBJECT_STORE_SECRET_ACCESS_KEY": "testing",
            "OBJECT_STORE_REGION": "us-east-1",
            "LOG_LEVEL": "WARNING",
        }
    )
    if broker:
        env["CELERY_BROKER_URL"] = broker
    return env


def _run(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _start(stack: ExitStack, name: str, args: list[str], env: dict[str, str], logs: Path):
    """A process of this test, stopped (and waited for) when the stack closes."""
    log = stack.enter_context(open(logs / f"{name}.log", "w+"))  # noqa: SIM115
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, *args], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )

    def stop() -> None:
        """SIGTERM, SIGKILL after 20 s, and wait for the end either way."""
        proc.terminate()
        with suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=20)
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)

    stack.callback(stop)
    return proc


def _gunicorn(port: int) -> list[str]:
    return [
        "-m",
        "gunicorn",
        "config.wsgi",
        "--config",
        "gunicorn.conf.py",
        "--bind",
        f"127.0.0.1:{port}",
    ] + [
        "--workers",
        "1",
        "--threads",
        "2",
        "--timeout",
        "120",
    ]


def _csrf(user: HttpUser, path: str) -> str:
    status, body = user.request("GET", path)
    assert status == 200, status
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert match
    return match.group(1).decode()


def _logs(logs: Path) -> str:
    return "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in sorted(logs.glob("*.log")))


@pytest.mark.django_db(transaction=True)
def test_a_report_ordered_on_host_a_is_downloaded_from_host_b(tmp_path):
    database_url, migrate = _database_url(tmp_path)
    broker = _own_broker()
    logs = tmp_path / "logs"
    logs.mkdir()
    with ExitStack() as stack:
        s3_port = free_port()
        s3 = ThreadedMotoServer(ip_address="127.0.0.1", port=s3_port, verbose=False)
        s3.start()
        stack.callback(s3.stop)
        endpoint = f"http://127.0.0.1:{s3_port}"
        bucket = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            region_name="us-east-1",
        )

        env_a = _env(database_url, broker, endpoint, tmp_path / "host-a-files")
        env_b = _env(database_url, broker, endpoint, tmp_path / "host-b-files")
        if migrate:
            _run(env_a, "manage.py", "migrate", "--noinput", "-v", "0")
        # The deployment's release step (docker-compose.yml) creates the private bucket.
        assert f"bucket {BUCKET} created" in _run(env_a, "manage.py", "prepare_storage")
        partnership = int(
            _run(env_a, "manage.py", "shell", "-c", _DATA).split("PARTNERSHIP", 1)[1].split()[0]
        )

        port_a, port_b = free_port(), free_port()
        _start(stack, "host-a", _gunicorn(port_a), env_a, logs)
        _start(stack, "host-b", _gunicorn(port_b), env_b, logs)
        if broker:
            worker_env = _env(database_url, broker, endpoint, tmp_path / "worker-files")
            worker_args = ["-m", "celery", "-A", "config", "worker", "-l", "warning", "--concurrency", "1"]
            worker_args += ["--without-gossip", "--without-mingle", "-n", f"two-hosts-{os.getpid()}@%h"]
            _start(stack, "worker", worker_args, worker_env, logs)
        assert wait_for(port_a, timeout=90) and wait_for(port_b, timeout=90), _logs(logs)

        # Host A: the coordinator logs in and orders the partnership summary of last year.
        coordinator = HttpUser(port_a, timeout=120)
        assert coordinator.login("w_samordnare", PASSWORD), _logs(logs)
        form = {
            "csrfmiddlewaretoken": _csrf(coordinator, "/rapporter/"),
            "kind": "partnership_summary",
            "partnership": str(partnership),
            "year": str(date.today().year - 1),
        }
        status, _body = coordinator.request(
            "POST",
            "/rapporter/bestall/",
            body=urlencode(form),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{port_a}/rapporter/",
            },
        )
        assert status == 302, _logs(logs)

        # Host B, the same session cookie: the job's list shows the finished file.
        on_b = HttpUser(port_b, timeout=120)
        on_b.cookies = dict(coordinator.cookies)
        download = None
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and download is None:
            status, body = on_b.request("GET", "/rapporter/")
            assert status == 200, (status, _logs(logs))  # logged in on B without logging in there
            found = re.search(rb'href="(/rapporter/fil/\d+/)"', body)
            download = found.group(1).decode() if found else None
            if download is None:
                time.sleep(0.5)
        assert download, _logs(logs)

        status, content = on_b.request("GET", download)
        assert status == 200, _logs(logs)
        assert content.startswith(b"%PDF-")

        # The file is in the object store, nowhere on either host's disk.
        keys = [o["Key"] for o in bucket.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
        assert len(keys) == 1 and keys[0].startswith("reports/partnership_summary/"), keys
        assert bucket.get_object(Bucket=BUCKET, Key=keys[0])["Body"].read() == content
        for host in ("host-a-files", "host-b-files"):
            folder = tmp_path / host
            assert not folder.exists() or not [p for p in folder.rglob("*") if p.is_file()], host

        # A user whose role has no report pages is refused on host B; so is an anonymous request.
        ams = HttpUser(port_b, timeout=60)
        assert ams.login("w_ams", PASSWORD)
        status, content = ams.request("GET", download)
        assert status == 403 and not content.startswith(b"%PDF-")
        status, content = HttpUser(port_b, timeout=60).request("GET", download)
        assert status == 302 and not content.startswith(b"%PDF-")
