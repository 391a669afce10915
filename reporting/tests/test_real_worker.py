"""End to end: a request in the UI's service reaches a real Celery worker, which produces the PDF.

With CELERY_BROKER_URL set (CI: PostgreSQL + Redis) the root conftest starts a real `celery worker`
against the test database; without it Celery is eager and the same path runs in-process.
"""

import io
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

import iop.settings_test
from iop.demo import seed_stadsmission
from reporting.models import ReportJob
from reporting.services import report_request
from tests.factories import UserFactory


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_produces_the_partnership_summary(real_celery_worker, settings):
    if real_celery_worker is not None:
        assert not settings.CELERY_TASK_ALWAYS_EAGER
        print(f"real Celery worker pid {real_celery_worker.pid}")  # noqa: T201
        # The worker process writes under the test settings' MEDIA_ROOT, not this test's tmp folder.
        settings.MEDIA_ROOT = iop.settings_test.MEDIA_ROOT
    partnership = seed_stadsmission()
    user = UserFactory()
    job = report_request(
        kind="partnership_summary", params={"partnership": partnership.pk, "year": 2025}, user=user
    )

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.state in (ReportJob.State.DONE, ReportJob.State.FAILED):
            break
        time.sleep(0.25)
    assert job.state == ReportJob.State.DONE, (job.state, job.failure_reason)
    assert job.dispatched_at is not None
    report = job.report
    path = Path(settings.MEDIA_ROOT) / report.file.name
    content = path.read_bytes()
    try:
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).replace("\xa0", " ")
        assert "ASN-2024-1234" in text
        assert "1 926 637 kr" in text
        assert report.size == len(content)
    finally:
        if real_celery_worker is not None:
            path.unlink(missing_ok=True)
