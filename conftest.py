"""Shared pytest fixtures."""

import logging
import os
import tempfile
from pathlib import Path

import pytest

from tests.log_scan import Tee, findings

_LOG_COPY = Path(tempfile.gettempdir()) / f"iop-test-log-{os.getpid()}.txt"


@pytest.fixture(scope="session", autouse=True)
def _copy_the_application_log():
    """Everything the application's log handler (the one with the personnummer filter) writes during the
    run also goes to a file; pytest_sessionfinish scans it."""
    from iop.logging import RedactPersonalNumbersFilter

    handlers = [
        h
        for h in logging.getLogger().handlers
        if isinstance(h, logging.StreamHandler)
        and any(isinstance(f, RedactPersonalNumbersFilter) for f in h.filters)
    ]
    with open(_LOG_COPY, "w", encoding="utf-8") as copy:
        old = [h.setStream(Tee(h.stream, copy)) for h in handlers]
        yield
        for handler, stream in zip(handlers, old, strict=True):
            handler.setStream(stream)


def pytest_sessionfinish(session, exitstatus):
    """Fail the run when the application log of the whole run holds a personnummer-like string."""
    if not _LOG_COPY.exists():
        return
    found = findings(_LOG_COPY)
    size = _LOG_COPY.stat().st_size
    _LOG_COPY.unlink()
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if found:
        if reporter:
            reporter.write_line(
                f"Personnummer-like strings in the application log of this run ({len(found)}):"
            )
            for line in found[:20]:
                reporter.write_line(f"  {line}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    elif reporter:
        reporter.write_line(f"application log of this run: {size} bytes, no personnummer-like strings")


@pytest.fixture(autouse=True)
def _placement_facts_follow_orm_shortcuts(request):
    """Tests write talks, self-assessments and placements with the ORM where the product uses services:
    keep followup's per-placement facts in step as the services do (tests/facts_sync.py)."""
    if request.node.get_closest_marker("facts_by_services_only"):
        yield
        return
    from tests.facts_sync import follow_orm_writes

    with follow_orm_writes():
        yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded and generated files go to a per-test folder."""
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: cached dashboards (reporting.dashboard_cache) are keyed by
    the data version, which rows written by factories (not services) do not bump."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _reports_in_the_request(settings):
    """With eager Celery, ordered reports are produced inside the test (not on a background thread, which
    could not see the test's uncommitted rows); reporting/tests/test_embedded_background.py covers the
    thread."""
    settings.REPORTS_EMBEDDED_IN_BACKGROUND = False


@pytest.fixture
def world(db):
    """The standard access-test world (tests/access/world.py) with every app's extensions."""
    from tests.access.world import build_world
    from tests.test_access_matrix import _extenders

    w = build_world()
    for extend in _extenders():
        extend(w)
    return w


@pytest.fixture(scope="session")
def real_celery_worker(django_db_setup, django_db_blocker):
    """A real `celery worker` process against the test database, when a broker is configured.

    Without CELERY_BROKER_URL (the embedded default) tasks run eagerly and this yields None.
    Tests using it must be `django_db(transaction=True)` so the worker sees committed rows.
    """
    import os
    import subprocess
    import sys
    import time

    from django.conf import settings
    from django.db import connection

    if settings.CELERY_TASK_ALWAYS_EAGER:
        yield None
        return
    with django_db_blocker.unblock():
        db_name = connection.settings_dict["NAME"]
    env = dict(os.environ)
    base = settings.DATABASES["default"]
    env["DATABASE_URL"] = (
        f"postgres://{base.get('USER') or 'postgres'}@{base.get('HOST') or '127.0.0.1'}:{base.get('PORT') or 5432}/{db_name}"
    )
    env["DEBUG"] = "true"
    env["DJANGO_SETTINGS_MODULE"] = "config.settings_test"
    env["IOP_TEST_MEDIA_ROOT"] = str(settings.MEDIA_ROOT)
    proc = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-l",
            "warning",
            "--concurrency",
            "1",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"test-{os.getpid()}@%h",
        ],
        env=env,
    )
    from config.celery import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if app.control.inspect(timeout=1).ping():
                break
        except Exception:  # noqa: BLE001,S110 - broker not ready yet
            pass
        time.sleep(0.5)
    else:
        proc.terminate()
        raise RuntimeError("Celery worker did not start within 60 s")
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def _reference_data_survives_flush():
    """A flush (the end of every transactional test) re-creates the data migrations' rows
    (tests/reference_data.py): with pytest-xdist, plain tests may run after transactional ones."""
    from django.db.models.signals import post_migrate

    from tests.reference_data import reseed

    def receiver(sender, **kwargs):
        if sender.label == "iop":
            reseed(sender, **kwargs)

    post_migrate.connect(receiver, weak=False, dispatch_uid="iop-tests-reference-data")


def pytest_configure(config):
    """`IOP_TEST_TODAY=2028-02-29 make test` runs the whole suite as if that were today: the clock is moved
    to noon in Stockholm of that day before the tests are even collected (so module-level dates agree)
    and ticks on from there. It finds tests whose outcome depends on the calendar (docs/testing.md).
    Processes outside pytest (a real Celery worker, the browser) keep the real clock."""
    _reference_data_survives_flush()
    value = os.environ.get("IOP_TEST_TODAY")
    if value:
        import datetime as dt
        from zoneinfo import ZoneInfo

        import time_machine

        start = dt.datetime.combine(
            dt.date.fromisoformat(value), dt.time(12), tzinfo=ZoneInfo("Europe/Stockholm")
        )
        config._iop_travel = time_machine.travel(start, tick=True)
        config._iop_travel.start()
