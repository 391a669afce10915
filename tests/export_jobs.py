"""Test helper: ask for an export through its page and run the job in the test's own process.

The test's rows are never committed (the test runs in a transaction), so a real worker could not see the
job: whatever the Celery mode, the job is run here with `Task.apply` (the task's own code, retries and
failure handling, executed locally). reporting/tests/test_real_worker.py covers the worker itself."""

from unittest import mock

from django.urls import resolve, reverse

from reporting.models import ReportJob


def _run_here(*, job_id: int) -> bool:
    from reporting.tasks import generate_report

    generate_report.apply(args=[job_id])
    return True


def post_export(client, url, data, capture) -> ReportJob:
    """POST the export form with the after-commit callbacks run (the job is dispatched and produced at
    once, in this process); the job the response redirects to."""
    with mock.patch("reporting.services.dispatch_job", _run_here), capture(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    match = resolve(response["Location"])
    assert match.view_name == "reporting:export_job"
    return ReportJob.objects.get(pk=match.kwargs["pk"])


def download(client, job: ReportJob) -> bytes:
    response = client.get(reverse("reporting:export_download", kwargs={"pk": job.pk}))
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment;")
    return b"".join(response.streaming_content)
