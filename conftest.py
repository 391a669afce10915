"""Shared pytest fixtures."""

import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded and generated files go to a per-test folder."""
    settings.MEDIA_ROOT = tmp_path / "files"


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
    env["DJANGO_SETTINGS_MODULE"] = "iop.settings_test"
    env["IOP_TEST_MEDIA_ROOT"] = str(settings.MEDIA_ROOT)
    proc = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "iop",
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
    from iop.celery import app

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
