"""Retention of export files: deleted from the storage after EXPORT_RETENTION_DAYS (never the board's
reports), by the daily task and the command; the job page and the download say that the file expired."""

import datetime as dt
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from iop.storage import private_file_exists
from reporting import tasks
from reporting.exports import retention
from reporting.models import GeneratedReport, ReportJob
from reporting.services import run_report_job
from reporting.tests.test_views import login
from tests.object_store import BUCKET, s3_bucket_fixture  # noqa: F401 - the fixture s3_bucket

pytestmark = pytest.mark.django_db


def _age(job: ReportJob, days: float) -> GeneratedReport:
    GeneratedReport.objects.filter(job=job).update(created_at=timezone.now() - dt.timedelta(days=days))
    return GeneratedReport.objects.get(job=job)


def test_an_export_file_past_the_retention_is_deleted_and_the_boards_reports_are_kept(world):
    export = _age(world.export_job, 8)
    report = _age(world.report_job, 400)
    assert private_file_exists(export.file.name) and private_file_exists(report.file.name)

    assert retention.expire_export_files() == 1

    export.refresh_from_db()
    report.refresh_from_db()
    assert export.expired_at is not None and not private_file_exists(export.file.name)
    assert report.expired_at is None and private_file_exists(report.file.name)
    assert retention.expire_export_files() == 0  # already expired: nothing more to do


def test_an_export_file_younger_than_the_period_is_kept_and_the_period_is_a_setting(world, settings):
    export = _age(world.export_job, 6)
    assert retention.expire_export_files() == 0
    assert private_file_exists(export.file.name)
    settings.EXPORT_RETENTION_DAYS = 5
    assert retention.expire_export_files() == 1
    assert not private_file_exists(export.file.name)


def test_the_default_retention_is_seven_days():
    assert django_settings.EXPORT_RETENTION_DAYS == 7


def test_a_file_the_storage_cannot_delete_is_left_for_the_next_run_without_stopping_others(
    world, monkeypatch
):
    _age(world.export_job, 8)
    second = _second_export(world)
    _age(second, 8)
    real_delete = retention.delete_private_file
    broken = world.export_job.report.file.name

    def delete(name: str) -> None:
        if name == broken:
            raise OSError("store unreachable")
        real_delete(name)

    monkeypatch.setattr(retention, "delete_private_file", delete)
    assert retention.expire_export_files() == 1
    assert GeneratedReport.objects.get(job=world.export_job).expired_at is None
    assert GeneratedReport.objects.get(job=second).expired_at is not None


def _second_export(world) -> ReportJob:
    """A real export job of the coordinator's, produced by the job machinery."""
    from reporting.exports.services import export_request

    job = export_request(
        kind="access_log_export",
        params={"start": "2025-02-01", "end": "2025-02-28", "format": "csv"},
        user=world.users["samordnare"],
    )
    assert run_report_job(job_id=job.pk) is not None
    return job


def test_the_job_page_says_the_file_expired_and_links_to_a_new_export(client, world):
    _age(world.export_job, 8)
    retention.expire_export_files()
    login(client, world, "samordnare")
    for name in ("reporting:export_job", "reporting:export_job_status_hx"):
        page = client.get(reverse(name, kwargs={"pk": world.export_job.pk}))
        html = page.content.decode()
        assert page.status_code == 200
        assert "data-file-expired" in html and "Beställ en ny export" in html
        assert reverse("reporting:export_download", kwargs={"pk": world.export_job.pk}) not in html
        assert f"{reverse('participants:access_log_export')}?date_from=2025-01-01" in html


def test_a_live_export_page_says_when_the_file_will_be_deleted(client, world):
    page = login(client, world, "samordnare").get(reverse("reporting:export_job", args=[world.export_job.pk]))
    assert page.context["expires_at"] == world.export_job.report.created_at + dt.timedelta(days=7)
    assert "data-file-expired" not in page.content.decode()


def test_the_download_of_an_expired_file_answers_410_with_a_clear_message(client, world):
    _age(world.export_job, 8)
    retention.expire_export_files()
    url = reverse("reporting:export_download", kwargs={"pk": world.export_job.pk})
    response = login(client, world, "samordnare").get(url)
    assert response.status_code == 410
    assert "Filen har gått ut" in response.content.decode()
    # Still the owner's alone.
    assert login(client, world, "styrgrupp").get(url).status_code == 404


def test_the_download_of_a_file_missing_from_the_storage_answers_404_with_a_clear_message(client, world):
    from iop.storage import delete_private_file

    delete_private_file(world.export_job.report.file.name)
    url = reverse("reporting:export_download", kwargs={"pk": world.export_job.pk})
    response = login(client, world, "samordnare").get(url)
    assert response.status_code == 404
    assert "Filen finns inte längre" in response.content.decode()


def test_retention_deletes_from_the_object_store_and_keeps_the_reports_there(s3_bucket, world):
    export = _second_export(world)
    stored = export.report.file.name
    board_report = world.report_job.report.file.name
    assert {stored, board_report} <= _keys(s3_bucket)
    _age(export, 8)
    _age(world.report_job, 400)
    assert retention.expire_export_files() == 1
    assert stored not in _keys(s3_bucket)
    assert board_report in _keys(s3_bucket)


def _keys(client) -> set[str]:
    return {o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def test_the_command_counts_with_dry_run_and_deletes_without(world):
    _age(world.export_job, 8)
    out = StringIO()
    call_command("expire_exports", "--dry-run", stdout=out)
    assert out.getvalue().startswith("1 exportfiler")
    assert GeneratedReport.objects.get(job=world.export_job).expired_at is None
    call_command("expire_exports", stdout=out)
    assert GeneratedReport.objects.get(job=world.export_job).expired_at is not None


def test_the_daily_task_expires_the_files(world):
    _age(world.export_job, 8)
    assert tasks.expire_export_files.apply().get() == 1


def test_the_task_is_scheduled_daily_and_a_migrate_brings_back_a_missing_schedule():
    entry = django_settings.PERIODIC_TASKS["reporting: gallra exportfiler"]
    assert entry["task"] == "reporting.tasks.expire_export_files"
    PeriodicTask.objects.filter(name="reporting: gallra exportfiler").delete()
    from django.apps import apps

    # What `migrate` sends when it is done, whether or not it applied a migration.
    iop = apps.get_app_config("iop")
    post_migrate.send(
        sender=iop, app_config=iop, verbosity=0, interactive=False, using="default", apps=apps, plan=[]
    )
    task = PeriodicTask.objects.get(name="reporting: gallra exportfiler")
    assert task.enabled and (task.crontab.hour, task.crontab.minute) == ("3", "15")
