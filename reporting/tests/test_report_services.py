"""Report jobs: one job per request, one file per job, the outbox survives a broker outage."""

import datetime as dt
import hashlib
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from iop.demo import seed_stadsmission
from reporting.builders import REPORT_BUILDERS
from reporting.models import GeneratedReport, ReportJob, params_key
from reporting.services import (
    MAX_ATTEMPTS,
    dispatch_pending,
    normalise_params,
    report_request,
    run_report_job,
)
from reporting.tasks import dispatch_pending_reports, generate_report
from reporting.tests.factories import ReportJobFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PUBLISH = "reporting.tasks.generate_report.apply_async"


@pytest.fixture
def partnership():
    return seed_stadsmission()


@pytest.fixture
def user():
    return UserFactory()


def _request(partnership, user, **extra):
    return report_request(
        kind="partnership_summary", params={"partnership": partnership.pk, "year": 2025, **extra}, user=user
    )


def test_the_same_request_twice_makes_one_job(partnership, user):
    with mock.patch(PUBLISH):
        first = _request(partnership, user)
        second = _request(partnership, user, quarter=3)  # parameters the kind does not use are dropped
    assert first.pk == second.pk
    assert ReportJob.objects.count() == 1
    assert first.params == {"partnership": partnership.pk, "year": 2025}


def test_a_new_request_after_the_job_is_done_makes_a_new_job(partnership, user):
    with mock.patch(PUBLISH):
        first = _request(partnership, user)
        ReportJob.objects.filter(pk=first.pk).update(state=ReportJob.State.DONE)
        second = _request(partnership, user)
    assert second.pk != first.pk


def test_the_database_refuses_two_active_jobs_for_one_request(partnership):
    job = ReportJobFactory(partnership=partnership)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportJob.objects.create(kind=job.kind, params=job.params, params_key=job.params_key)


def test_a_failed_job_must_have_a_reason(partnership):
    job = ReportJobFactory(partnership=partnership, state=ReportJob.State.FAILED, failure_reason="x")
    job.failure_reason = ""
    with pytest.raises(ValidationError):
        job.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        job.save()


def test_the_job_is_published_only_after_commit(partnership, user, django_capture_on_commit_callbacks):
    with mock.patch(PUBLISH) as publish:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            job = _request(partnership, user)
        publish.assert_not_called()
        for callback in callbacks:
            callback()
    publish.assert_called_once_with(args=[job.pk], retry=False)
    job.refresh_from_db()
    assert job.dispatched_at is not None


def test_when_the_broker_is_down_the_job_stays_queued_and_the_sweeper_sends_it_later(
    partnership, user, django_capture_on_commit_callbacks
):
    with mock.patch(PUBLISH, side_effect=OperationalError("Connection refused")):
        with django_capture_on_commit_callbacks(execute=True):
            job = _request(partnership, user)
    job.refresh_from_db()
    assert job.state == ReportJob.State.QUEUED
    assert job.dispatched_at is None

    with mock.patch(PUBLISH) as publish:
        assert dispatch_pending(now=timezone.now()) == 0  # too fresh: the request itself may still publish it
        publish.assert_not_called()
        assert dispatch_pending(now=timezone.now() + dt.timedelta(minutes=2)) == 1
    publish.assert_called_once_with(args=[job.pk], retry=False)
    job.refresh_from_db()
    assert job.dispatched_at is not None


def test_the_sweeper_stops_at_the_first_failure_while_the_broker_is_still_down(partnership):
    ReportJobFactory(partnership=partnership)
    ReportJobFactory(partnership=partnership, params={"partnership": partnership.pk, "year": 2024})
    later = timezone.now() + dt.timedelta(minutes=5)
    with mock.patch(PUBLISH, side_effect=ConnectionRefusedError) as publish:
        assert dispatch_pending(now=later) == 0
    assert publish.call_count == 1
    assert ReportJob.objects.filter(state=ReportJob.State.QUEUED).count() == 2


def test_the_sweeper_task_runs_the_sweeper(partnership):
    ReportJobFactory(partnership=partnership)
    with mock.patch(PUBLISH):
        with mock.patch(
            "reporting.services.timezone.now", return_value=timezone.now() + dt.timedelta(minutes=5)
        ):
            assert dispatch_pending_reports.apply().get() == 1


def test_a_job_whose_worker_died_is_queued_again_and_finally_failed(partnership):
    long_ago = timezone.now() - dt.timedelta(hours=3)
    retry = ReportJobFactory(
        partnership=partnership, state=ReportJob.State.RUNNING, started_at=long_ago, attempts=1
    )
    give_up = ReportJobFactory(
        partnership=partnership,
        params={"partnership": partnership.pk, "year": 2024},
        state=ReportJob.State.RUNNING,
        started_at=long_ago,
        attempts=MAX_ATTEMPTS,
    )
    with mock.patch(PUBLISH):
        dispatch_pending()
    retry.refresh_from_db()
    give_up.refresh_from_db()
    assert retry.state == ReportJob.State.QUEUED
    assert give_up.state == ReportJob.State.FAILED and give_up.failure_reason


def test_running_the_task_makes_the_file_and_marks_the_job_done(partnership, user, settings):
    with mock.patch(PUBLISH):
        job = _request(partnership, user)
    report_id = generate_report.apply(args=[job.pk]).get()
    job.refresh_from_db()
    report = GeneratedReport.objects.get(pk=report_id)
    assert job.state == ReportJob.State.DONE
    assert job.started_at and job.finished_at and job.attempts == 1
    content = Path(settings.MEDIA_ROOT, report.file.name).read_bytes()
    assert content.startswith(b"%PDF-")
    assert report.sha256 == hashlib.sha256(content).hexdigest()
    assert report.size == len(content)
    assert report.version == 1
    assert report.file.name == "reports/partnership_summary/sammanstallning-ASN-2024-1234-2025-v1.pdf"
    assert not list(Path(settings.MEDIA_ROOT, "reports/partnership_summary").glob(".tmp-*"))


def test_running_the_task_twice_for_one_job_makes_one_file(partnership, user, settings):
    with mock.patch(PUBLISH):
        job = _request(partnership, user)
    generate_report.apply(args=[job.pk])
    assert generate_report.apply(args=[job.pk]).get() is None  # a redelivered duplicate is a no-op
    assert GeneratedReport.objects.count() == 1
    assert len(list(Path(settings.MEDIA_ROOT, "reports").rglob("*.pdf"))) == 1


def test_a_running_job_whose_worker_died_is_taken_over_by_the_redelivery(partnership):
    # No live worker holds the row lock (its connection closed when it was killed).
    job = ReportJobFactory(partnership=partnership, state=ReportJob.State.RUNNING, started_at=timezone.now())
    assert run_report_job(job_id=job.pk) is not None
    assert run_report_job(job_id=job.pk) is None  # a further duplicate finds it done
    assert GeneratedReport.objects.count() == 1
    job.refresh_from_db()
    assert job.state == ReportJob.State.DONE


def test_a_finished_job_is_not_produced_again(partnership):
    job = ReportJobFactory(partnership=partnership)
    run_report_job(job_id=job.pk)
    assert run_report_job(job_id=job.pk) is None
    assert GeneratedReport.objects.count() == 1


def test_regenerating_makes_a_new_version(partnership, user):
    with mock.patch(PUBLISH):
        first = _request(partnership, user)
        run_report_job(job_id=first.pk)
        second = _request(partnership, user)
        run_report_job(job_id=second.pk)
    versions = sorted(GeneratedReport.objects.values_list("version", flat=True))
    assert versions == [1, 2]
    assert GeneratedReport.objects.get(version=2).filename.endswith("-v2.pdf")


def test_a_failing_builder_records_the_reason(partnership, monkeypatch):
    job = ReportJobFactory(partnership=partnership)

    def broken(params):
        raise ValueError("no data for that year")

    monkeypatch.setitem(REPORT_BUILDERS, "partnership_summary", broken)
    assert run_report_job(job_id=job.pk) is None
    job.refresh_from_db()
    assert job.state == ReportJob.State.FAILED
    assert "no data for that year" in job.failure_reason
    assert not GeneratedReport.objects.exists()


def test_a_transient_error_puts_the_job_back_in_the_queue_for_the_retry(partnership, monkeypatch):
    job = ReportJobFactory(partnership=partnership)
    monkeypatch.setitem(REPORT_BUILDERS, "partnership_summary", mock.Mock(side_effect=OSError("disk busy")))
    with pytest.raises(OSError):
        run_report_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == ReportJob.State.QUEUED and job.attempts == 1


def test_a_failure_while_storing_leaves_no_file_and_no_row(partnership, monkeypatch, settings):
    job = ReportJobFactory(partnership=partnership)
    monkeypatch.setitem(REPORT_BUILDERS, "partnership_summary", lambda params: (b"%PDF-1.7", "x.pdf"))
    real_save = ReportJob.save

    def save_fails_when_marking_done(self, *args, **kwargs):
        if "finished_at" in (kwargs.get("update_fields") or []):
            raise RuntimeError("db gone")
        return real_save(self, *args, **kwargs)

    with mock.patch.object(ReportJob, "save", save_fails_when_marking_done):
        with pytest.raises(RuntimeError):
            run_report_job(job_id=job.pk)
    assert not GeneratedReport.objects.exists()
    job.refresh_from_db()
    assert job.state == ReportJob.State.QUEUED  # back in the queue for the next attempt
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_parameters_are_validated_per_kind():
    with pytest.raises(ValidationError) as exc:
        normalise_params(kind="partnership_summary", params={"year": 1999})
    assert set(exc.value.message_dict) == {"partnership", "year"}
    with pytest.raises(ValidationError):
        normalise_params(kind="no_such_kind", params={})
    assert params_key({"a": 1, "b": 2}) == params_key({"b": 2, "a": 1})


def test_the_sweeper_is_scheduled_every_minute():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="reporting.tasks.dispatch_pending_reports")
    assert task.enabled
    assert (task.interval.every, task.interval.period) == (1, "minutes")
