"""End to end: a request in the UI's service reaches a real Celery worker, which produces the PDF.

With CELERY_BROKER_URL set (CI: PostgreSQL + Redis) the root conftest starts a real `celery worker`
against the test database; without it Celery is eager and the same path runs in-process.
"""

import io
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

import config.settings_test
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
        settings.MEDIA_ROOT = config.settings_test.MEDIA_ROOT
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


def _wait(job: ReportJob, seconds: float = 180) -> ReportJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.state in (ReportJob.State.DONE, ReportJob.State.FAILED):
            break
        time.sleep(0.25)
    return job


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_produces_the_three_reports_from_the_demo_data(real_celery_worker, settings):
    import datetime as dt

    from django.core.management import call_command

    from iop.models import Partnership
    from reporting.indicators import compute_indicators
    from reporting.presentation import present

    if real_celery_worker is not None:
        settings.MEDIA_ROOT = config.settings_test.MEDIA_ROOT
    call_command("seed_demo")  # transaction tests flush the database: seed inside the test
    partnership = Partnership.objects.get(case_number="ASN-2024-1234")
    user = UserFactory()
    jobs = {
        "annual": report_request(
            kind="annual", params={"partnership": partnership.pk, "year": 2025}, user=user
        ),
        "quarterly": report_request(kind="quarterly", params={"year": 2025, "quarter": 2}, user=user),
        "overview": report_request(kind="overview", params={"year": 2025}, user=user),
    }
    pres = present(
        compute_indicators(partnership=partnership, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)),
        protected=True,
    )
    active = str(pres.key_figures["active"])
    texts = {}
    paths = []
    try:
        for kind, job in jobs.items():
            job = _wait(job)
            assert job.state == ReportJob.State.DONE, (kind, job.state, job.failure_reason)
            path = Path(settings.MEDIA_ROOT) / job.report.file.name
            paths.append(path)
            content = path.read_bytes()
            assert job.report.size == len(content)
            text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
            texts[kind] = " ".join(text.replace("\xa0", " ").split())
        assert "ASN-2024-1234" in texts["annual"]
        assert f"Deltagare under perioden {active}" in texts["annual"]
        assert "1 926 637 kr" in texts["annual"]
        assert "i huvudsak uppfyller sitt syfte" in texts["annual"]  # reporting/demo.py narrative
        # Every flagged deviation shows its measure (reporting/demo.py) or "Åtgärd ej angiven".
        from reporting.deviations import quarterly_state

        flagged = [d for e in quarterly_state(2025, 2) for d in e.deviations]
        assert flagged
        for d in flagged:
            for shown in [m.text for m in d["measures"]] or ["Åtgärd ej angiven"]:
                assert " ".join(shown.split()) in texts["quarterly"]
        assert any(d["measures"] for d in flagged)
        assert "ASN-2024-1234" in texts["overview"] and "i huvudsak uppfyller sitt syfte" in texts["overview"]
    finally:
        if real_celery_worker is not None:
            for path in paths:
                path.unlink(missing_ok=True)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_writes_an_access_log_export_job(real_celery_worker, settings):
    """An export job on the real queue: the worker streams the rows into a file stored through the
    storage API, records how many rows it wrote, and only the owner's job points at it."""
    import csv
    import datetime as dt

    from django.utils import timezone

    from iop.roles import Role
    from participants.models import AccessLog
    from reporting.exports.services import export_request

    if real_celery_worker is not None:
        settings.MEDIA_ROOT = config.settings_test.MEDIA_ROOT
    day = dt.date(2026, 11, 20)
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    AccessLog.objects.bulk_create(
        [
            AccessLog(at=at, username=f"u{i}", action=AccessLog.Action.VIEW, detail=f"rad {i}")
            for i in range(2500)
        ]
    )
    owner = UserFactory(roles=[Role.SAMORDNARE])
    job = export_request(
        kind="access_log_export",
        params={"start": day.isoformat(), "end": day.isoformat(), "format": "csv"},
        user=owner,
    )
    job = _wait(job)
    assert job.state == ReportJob.State.DONE, (job.state, job.failure_reason)
    assert (job.rows_done, job.rows_total) == (2500, 2500)
    report = job.report
    try:
        with report.file.open("rb") as handle:
            content = handle.read()
        assert report.size == len(content)
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
        assert rows[0][0] == "tidpunkt" and len(rows) == 1 + 2500
        assert {r[-1] for r in rows[1:]} == {f"rad {i}" for i in range(2500)}
    finally:
        if real_celery_worker is not None:
            report.file.delete(save=False)
