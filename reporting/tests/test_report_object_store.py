"""Generated reports in the object store (S3 via django-storages, moto in process): stored through the
storage API, streamed back by the access-checked download view, nothing left behind on a failure."""

from unittest import mock

import pytest
from django.urls import reverse

from reporting.builders import REPORT_BUILDERS
from reporting.models import GeneratedReport, ReportJob
from reporting.services import run_report_job
from reporting.tests.factories import ReportJobFactory
from reporting.tests.test_views import login
from tests.object_store import BUCKET, s3_bucket_fixture  # noqa: F401 - the fixture s3_bucket

pytestmark = pytest.mark.django_db


def _keys(client) -> set[str]:
    return {o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def test_a_report_is_stored_in_the_bucket_and_downloaded_from_it(
    s3_bucket, client, world, monkeypatch, settings
):
    monkeypatch.setitem(REPORT_BUILDERS, "partnership_summary", lambda params: (b"%PDF-1.7 s3", "x.pdf"))
    job = ReportJobFactory(partnership=world.partnership)
    report = run_report_job(job_id=job.pk)
    assert report is not None and report.file.name == f"reports/partnership_summary/x-v{report.version}.pdf"
    assert s3_bucket.get_object(Bucket=BUCKET, Key=report.file.name)["Body"].read() == b"%PDF-1.7 s3"
    assert not settings.MEDIA_ROOT.exists()  # nothing on this host's disk

    response = login(client, world, "ekonomi").get(reverse("reporting:download", args=[report.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 s3"
    assert response["Content-Type"] == "application/pdf"
    assert f'attachment; filename="x-v{report.version}.pdf"' in response["Content-Disposition"]
    assert login(client, world, "ams").get(reverse("reporting:download", args=[report.pk])).status_code == 403


def test_a_report_missing_from_the_bucket_is_not_found(s3_bucket, client, world):
    s3_bucket.delete_object(Bucket=BUCKET, Key=world.generated_report.file.name)
    url = reverse("reporting:download", args=[world.generated_report.pk])
    assert login(client, world, "samordnare").get(url).status_code == 404


def test_a_failure_while_storing_leaves_no_object_and_no_row(s3_bucket, world, monkeypatch):
    before = _keys(s3_bucket)
    monkeypatch.setitem(REPORT_BUILDERS, "partnership_summary", lambda params: (b"%PDF-1.7", "x.pdf"))
    job = ReportJobFactory(partnership=world.partnership)
    real_save = ReportJob.save

    def save_fails_when_marking_done(self, *args, **kwargs):
        if "finished_at" in (kwargs.get("update_fields") or []):
            raise RuntimeError("db gone")
        return real_save(self, *args, **kwargs)

    with mock.patch.object(ReportJob, "save", save_fails_when_marking_done), pytest.raises(RuntimeError):
        run_report_job(job_id=job.pk)
    assert not GeneratedReport.objects.filter(job=job).exists()
    assert _keys(s3_bucket) == before
