"""On PostgreSQL a redelivered task leaves a job alone while the first worker is still rendering it."""

import threading

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from iop.demo import seed_stadsmission
from reporting.models import GeneratedReport, ReportJob
from reporting.services import run_report_job
from reporting.tests.factories import ReportJobFactory

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
