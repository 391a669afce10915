"""The load test: gunicorn on loopback and a thread pool of HTTP users with their roles' typical mix."""

from __future__ import annotations

import os
import re
import socket
import subprocess  # nosec B404 - starts gunicorn and worker processes of this project only
import sys
import threading
import time
from collections import Counter, defaultdict

from bench.environment import ROOT
from bench.measure import ms, pct


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, path: str = "/halsa/", timeout: float = 60) -> bool:
    import http.client

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


class HttpUser:
    """One simulated user: a keep-alive connection and the session cookie of a real form login."""

    def __init__(self, port: int, timeout: float = 30):
        import http.client

        self.port = port
        self.timeout = timeout
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None):
        import http.client

        hdrs = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        hdrs.update(headers or {})
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=hdrs)
                resp = self.conn.getresponse()
                data = resp.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
                if attempt == 2:
                    raise
        for header in resp.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return resp.status, data

    def login(self, username: str, password: str) -> bool:
        from urllib.parse import urlencode

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


def run_load(
    env: dict, world, *, seconds: int, users: int, think: tuple[float, float], measured: dict
) -> dict:
    import random

    from bench.accounts import BENCH_PASSWORD
    from bench.targets import LOAD_MIX, LOAD_USERS, PAGES, Skip

    urls: dict[str, str] = {}
    for page in PAGES:
        # Only pages that answered 200 to the test client (not skipped, not an error).
        if "p50_ms" in measured.get(page.key, {}):
            try:
                urls[page.key] = page.url(world)
            except Skip:
                pass
    mixes = {}
    for role, mix in LOAD_MIX.items():
        usable = {k: w for k, w in mix.items() if k in urls}
        if usable:
            mixes[str(role)] = usable
    if not mixes:
        return {"skipped": "no page of the load mix exists yet"}
    port = free_port()
    log = open(ROOT / "var" / "bench-gunicorn.log", "w")  # noqa: SIM115
    gunicorn = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "60",
        ],
        env={**os.environ, **env},
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        if not wait_for(port):
            return {"error": "gunicorn did not start (see var/bench-gunicorn.log)"}
        roles = [str(r) for r, n in LOAD_USERS.items() for _ in range(n) if str(r) in mixes]
        roles = (roles * (users // max(1, len(roles)) + 1))[:users]
        records: list[tuple[str, int, float]] = []
        errors: Counter = Counter()
        lock = threading.Lock()
        login_failures = []
        start_barrier = threading.Barrier(len(roles) + 1)
        stop_at = [0.0]

        def user_loop(i: int, role: str) -> None:
            rng = random.Random(i)
            u = HttpUser(port)
            if not u.login(world.users[role].username, BENCH_PASSWORD):
                login_failures.append(role)
            keys, weights = zip(*mixes[role].items(), strict=True)
            start_barrier.wait(timeout=120)
            local = []
            while time.monotonic() < stop_at[0]:
                key = rng.choices(keys, weights)[0]
                t0 = time.perf_counter()
                try:
                    status, _ = u.request("GET", urls[key])
                except OSError as exc:
                    status = 0
                    with lock:
                        errors[f"{key}: {type(exc).__name__}"] += 1
                local.append((key, status, time.perf_counter() - t0))
                if status != 200:
                    with lock:
                        errors[f"{key}: HTTP {status}"] += 1
                time.sleep(rng.uniform(*think))  # think time between clicks
            with lock:
                records.extend(local)

        threads = [threading.Thread(target=user_loop, args=(i, r), daemon=True) for i, r in enumerate(roles)]
        for t in threads:
            t.start()
        stop_at[0] = time.monotonic() + 10**6
        start_barrier.wait(timeout=120)
        began = time.monotonic()
        stop_at[0] = began + seconds
        for t in threads:
            t.join(timeout=seconds + 60)
        elapsed = time.monotonic() - began
        times = [r[2] for r in records]
        per_page = defaultdict(list)
        for key, _status, took in records:
            per_page[key].append(took)
        ok = sum(1 for r in records if r[1] == 200)
        return {
            "users": len(roles),
            "think_seconds": list(think),
            "roles": dict(Counter(roles)),
            "seconds": round(elapsed, 1),
            "requests": len(records),
            "errors": len(records) - ok,
            "error_kinds": dict(errors),
            "login_failures": len(login_failures),
            "throughput_rps": round(len(records) / elapsed, 1) if elapsed else None,
            "p50_ms": ms(pct(times, 0.5)),
            "p95_ms": ms(pct(times, 0.95)),
            "max_ms": ms(max(times)) if times else None,
            "pages": {
                k: {"n": len(v), "p50_ms": ms(pct(v, 0.5)), "p95_ms": ms(pct(v, 0.95))}
                for k, v in sorted(per_page.items())
            },
        }
    finally:
        gunicorn.terminate()
        try:
            gunicorn.wait(timeout=20)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
        log.close()
