"""Gunicorn as the Dockerfile and docker-compose.yml run it writes no personnummer and no query strings.

Gunicorn's access log (`--access-logfile -`) has its own handler, outside Django's LOGGING and its
personnummer filter. These tests start gunicorn with exactly the command of the Dockerfile and of the
compose file (only the bind address is moved to a free loopback port, one worker), with production
settings, send a search with a personnummer (in the query string and in the referer) and scan all it
wrote.
"""

import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from bench.server import free_port, wait_for
from iop.gunicorn_logging import without_query
from tests.log_scan import PERSONAL_NUMBER_LIKE

ROOT = Path(__file__).resolve().parents[2]
PNR = "19850312-2384"


def _dockerfile_command() -> list[str]:
    lines = [line for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith("CMD ")]
    assert len(lines) == 1
    return json.loads(lines[0][len("CMD ") :])


def _compose_command() -> list[str]:
    command = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["web"]["command"]
    # sh -c "python manage.py migrate --noinput && gunicorn ..."
    script = shlex.split(command)[-1]
    parts = [p.strip() for p in script.split("&&")]
    (serve,) = [p for p in parts if p.startswith("gunicorn")]
    return shlex.split(serve)


def _local(command: list[str], port: int) -> list[str]:
    """The production command on a loopback port with one worker, run by this interpreter."""
    assert command[0] == "gunicorn"
    args = list(command[1:])
    for flag, value in (("--bind", f"127.0.0.1:{port}"), ("--workers", "1")):
        if flag in args:
            args[args.index(flag) + 1] = value
    return [sys.executable, "-m", "gunicorn", *args]


def _production_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false",
            "SECRET_KEY": "gunicorn-log-test-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "SECURE_SSL_REDIRECT": "false",
            "MEDIA_ROOT": str(tmp_path / "files"),
            "LOG_LEVEL": "INFO",
        }
    )
    return env


def _serve_and_search(command: list[str], tmp_path: Path) -> str:
    import http.client

    port = free_port()
    out_path = tmp_path / "gunicorn.out"
    with open(out_path, "w") as out:
        server = subprocess.Popen(  # noqa: S603
            _local(command, port), cwd=ROOT, env=_production_env(tmp_path), stdout=out, stderr=out
        )
        try:
            assert wait_for(port, timeout=90), out_path.read_text()[-3000:]
            for path, referer in (
                (f"/deltagare/?q={PNR}", f"http://127.0.0.1:{port}/deltagare/?q={PNR}"),
                (f"/deltagare/?q={PNR.replace('-', '')}&sida=2", "-"),
                (f"/halsa/?sok={PNR}", f"http://127.0.0.1:{port}/deltagare/?q={PNR}"),
            ):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", path, headers={"Referer": referer})
                conn.getresponse().read()
                conn.close()
            time.sleep(0.5)  # the access log line is written after the response
        finally:
            server.terminate()
            server.wait(timeout=30)
    return out_path.read_text()


@pytest.mark.parametrize("source", ["Dockerfile", "docker-compose.yml"])
def test_gunicorn_as_deployed_logs_a_search_without_the_personnummer(source, tmp_path):
    command = _dockerfile_command() if source == "Dockerfile" else _compose_command()
    assert "--access-logfile" in command  # the access log is on: it must be scanned, not switched off
    output = _serve_and_search(command, tmp_path)
    # The requests were logged (an empty log would pass the scan for nothing)…
    assert '"GET /deltagare/?… HTTP/1.1" 302' in output, output[-3000:]
    assert '"GET /halsa/?… HTTP/1.1" 200' in output, output[-3000:]
    # …without the personnummer in any form, and without the query strings.
    assert not PERSONAL_NUMBER_LIKE.search(output), [
        line for line in output.splitlines() if PERSONAL_NUMBER_LIKE.search(line)
    ]
    assert "q=" not in output and "sok=" not in output


def test_without_query_keeps_the_path_and_drops_the_rest():
    assert without_query(f"/deltagare/?q={PNR}") == "/deltagare/?…"
    assert without_query("http://iop.example/deltagare/?q=Anna+Svensson") == "http://iop.example/deltagare/?…"
    assert without_query("/halsa/") == "/halsa/"
    assert without_query("-") == "-"
