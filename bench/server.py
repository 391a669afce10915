"""The real server for the HTTP measurements: gunicorn with the project's `gunicorn.conf.py` and
2 workers on a free loopback port, and HTTP users that log in through the login form."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import socket
import subprocess  # nosec B404 - starts gunicorn of this project only
import sys
import time
from collections.abc import Iterator
from urllib.parse import urlencode

from bench.environment import ROOT

WORKERS = 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, path: str = "/halsa/", timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def gunicorn_command(
    port: int, *, workers: int, timeout: int | None = None, extra: tuple[str, ...] = ()
) -> list[str]:
    """The command that serves this project with gunicorn on 127.0.0.1:`port` (bench and fault drills);
    without `timeout`, gunicorn's (or the config file's) own."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        *extra,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        *(("--timeout", str(timeout)) if timeout is not None else ()),
    ]


@contextlib.contextmanager
def gunicorn(env: dict, log_name: str = "bench-gunicorn.log") -> Iterator[int]:
    """Gunicorn as in the Dockerfile (`--config gunicorn.conf.py --workers 2`, default 30 s timeout);
    yields its port and stops it (by its pid) afterwards."""
    port = free_port()
    (ROOT / "var").mkdir(exist_ok=True)
    with open(ROOT / "var" / log_name, "w") as log:
        proc = subprocess.Popen(  # noqa: S603
            gunicorn_command(port, workers=WORKERS, extra=("--config", "gunicorn.conf.py")),
            env={**os.environ, **env},
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            if not wait_for(port):
                raise RuntimeError(f"gunicorn did not start (see var/{log_name})")
            yield port
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


class HttpUser:
    """One simulated user: a connection and the session cookie of a real form login. `cookie` can be
    handed to other `HttpUser`s (the same person in several browser tabs)."""

    def __init__(self, port: int, timeout: float = 60, cookie: str = ""):
        self.port = port
        self.timeout = timeout
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.cookies: dict[str, str] = dict(part.split("=", 1) for part in cookie.split("; ") if "=" in part)

    @property
    def cookie(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None):
        """Sends one request; returns (status, body). Reconnects and resends once when the connection
        fails at once (a connection the server had closed); a request that failed after a while (a
        worker killed at gunicorn's timeout) is not sent again: the error is the result."""
        hdrs = {"Cookie": self.cookie} if self.cookies else {}
        hdrs.update(headers or {})
        for attempt in (1, 2):
            t0 = time.monotonic()
            try:
                self.conn.request(method, path, body=body, headers=hdrs)
                resp = self.conn.getresponse()
                data = resp.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
                if attempt == 2 or time.monotonic() - t0 > 1:
                    raise
        for header in resp.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return resp.status, data

    def login(self, username: str, password: str) -> bool:
        status, body = self.request("GET", "/logga-in/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not match:
            return False
        form = urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": match.group(1).decode()}
        )
        status, _ = self.request(
            "POST",
            "/logga-in/",
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}/logga-in/",
            },
        )
        return status == 302


def log_in_roles(port: int, world, roles) -> dict[str | None, str]:
    """One form login per role; returns each role's session cookie ('' for anonymous)."""
    from bench.accounts import BENCH_PASSWORD

    cookies: dict[str | None, str] = {None: ""}
    for role in roles:
        if role is None:
            continue
        user = HttpUser(port)
        if not user.login(world.users[str(role)].username, BENCH_PASSWORD):
            raise RuntimeError(f"login through the form failed for {role}")
        cookies[str(role)] = user.cookie
    return cookies
