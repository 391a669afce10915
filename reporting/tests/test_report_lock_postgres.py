"""On PostgreSQL a redelivered task leaves a job alone while the first worker is still rendering it."""

import datetime as dt
import threading
from unittest import mock

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from iop.demo import seed_stadsmission
from reporting.models import GeneratedReport, ReportJob
from reporting.services import dispatch_pending, run_report_job
from reporting.tests.factories import ReportJobFactory

PUBLISH = "reporting.tasks.generate_report.apply_async"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_a_duplicate_delivery_skips_a_job_another_live_worker_is_rendering():
    job = ReportJobFactory(
        partnership=seed_stadsmission(), state=ReportJob.State.RUNNING, started_at=timezone.now()
    )
    locked = threading.Event()
    release = threading.Event()

    def live_worker():
        try:
            with transaction.atomic():
                ReportJob.objects.select_for_update().get(pk=job.pk)
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    worker = threading.Thread(target=live_worker)
    worker.start()
    assert locked.wait(10)
    try:
        assert run_report_job(job_id=job.pk) is None
        assert not GeneratedReport.objects.exists()
    finally:
        release.set()
        worker.join()
    # Once the first worker is gone (lock released) the redelivery produces it.
    assert run_report_job(job_id=job.pk) is not None
    assert GeneratedReport.objects.count() == 1


def _held_lock(job_id, locked, release):
    def live_worker():
        try:
            with transaction.atomic():
                ReportJob.objects.select_for_update().get(pk=job_id)
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    return threading.Thread(target=live_worker)


def test_the_sweeper_requeues_a_running_job_whose_worker_is_gone_after_a_minute_not_two_hours():
    started = timezone.now() - dt.timedelta(minutes=2)
    job = ReportJobFactory(partnership=seed_stadsmission(), state=ReportJob.State.RUNNING, started_at=started)
    ReportJob.objects.filter(pk=job.pk).update(requested_at=started)  # ordered when it started
    with mock.patch(PUBLISH) as publish:
        assert dispatch_pending() == 1
    job.refresh_from_db()
    assert job.state == ReportJob.State.QUEUED
    publish.assert_called_once_with(args=[job.pk], retry=False)


def test_the_sweeper_leaves_a_running_job_alone_while_its_worker_holds_the_lock():
    started = timezone.now() - dt.timedelta(minutes=30)
    job = ReportJobFactory(partnership=seed_stadsmission(), state=ReportJob.State.RUNNING, started_at=started)
    locked, release = threading.Event(), threading.Event()
    worker = _held_lock(job.pk, locked, release)
    worker.start()
    assert locked.wait(10)
    try:
        with mock.patch(PUBLISH) as publish:
            assert dispatch_pending() == 0
        publish.assert_not_called()
    finally:
        release.set()
        worker.join()
    job.refresh_from_db()
    assert job.state == ReportJob.State.RUNNING


def test_the_sweeper_gives_a_just_claimed_job_its_grace_minute():
    job = ReportJobFactory(
        partnership=seed_stadsmission(), state=ReportJob.State.RUNNING, started_at=timezone.now()
    )
    with mock.patch(PUBLISH):
        assert dispatch_pending() == 0
    job.refresh_from_db()
    assert job.state == ReportJob.State.RUNNING
