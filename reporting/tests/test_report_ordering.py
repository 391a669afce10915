"""Ordering a report answers at once in every mode, with a message that says what happens next; the form
defaults to the last complete year and tells the browser which fields each report type needs."""

import contextlib
import threading
import time
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from reporting.builders import REPORT_NEEDS
from reporting.models import ReportJob

INDEX = reverse("reporting:index")
REQUEST = reverse("reporting:request")


def _needs_eager() -> None:
    if not django_settings.CELERY_TASK_ALWAYS_EAGER:
        print("skipped: a broker is configured, the job goes to a worker, not into the request")  # noqa: T201
        pytest.skip("a broker is configured (CELERY_BROKER_URL): the job goes to the worker")


def _wait(job: ReportJob, seconds: float = 30) -> ReportJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.state in (ReportJob.State.DONE, ReportJob.State.FAILED):
            return job
        time.sleep(0.1)
    return job


@contextlib.contextmanager
def _released_at_the_end(release: threading.Event):
    """A failing assertion must not leave the report thread waiting (and holding its connection)."""
    try:
        yield
    finally:
        release.set()


@pytest.mark.django_db(transaction=True)
def test_the_embedded_mode_answers_before_the_report_is_made_and_then_makes_it(client, world, settings):
    _needs_eager()
    settings.REPORTS_EMBEDDED_IN_BACKGROUND = True
    release = threading.Event()
    in_transaction: list[bool] = []

    def slow_builder(params):
        # The report cannot be finished before the test has seen the response.
        assert release.wait(20)
        in_transaction.append(connection.in_atomic_block)
        return b"%PDF-1.4 test", "rapport.pdf"

    client.force_login(world.users["styrgrupp"])
    with (
        mock.patch.dict("reporting.services.REPORT_BUILDERS", {"partnership_summary": slow_builder}),
        _released_at_the_end(release),
    ):
        response = client.post(
            REQUEST,
            {"kind": "partnership_summary", "partnership": world.partnership.pk, "year": 2024},
            follow=True,
        )
        assert response.status_code == 200
        job = ReportJob.objects.get(params__year=2024)
        assert job.state in (ReportJob.State.QUEUED, ReportJob.State.RUNNING)
        assert job.dispatched_at is not None
        assert [m.level_tag for m in response.context["messages"]] == ["success"]
        assert "tas fram nu" in [str(m) for m in response.context["messages"]][0]
        # The page polls the job's row while it is being made.
        assert f'hx-get="{reverse("reporting:job_status_hx", args=[job.pk])}"' in response.content.decode()
        release.set()
        job = _wait(job)
    assert job.state == ReportJob.State.DONE, job.failure_reason
    assert job.report.filename.endswith(".pdf")
    # Rendering holds a transaction (the job's row lock) only where the database has row locks: on
    # SQLite it would hold the whole database's write lock and every page that writes would wait.
    assert in_transaction == [connection.features.has_select_for_update]


@pytest.mark.django_db(transaction=True)
def test_a_report_done_before_the_redirect_says_it_is_ready(client, world):
    # Tests run eager Celery in the request (conftest): the report is finished when the page is shown.
    _needs_eager()
    client.force_login(world.users["styrgrupp"])
    with mock.patch.dict(
        "reporting.services.REPORT_BUILDERS", {"partnership_summary": lambda params: (b"%PDF", "r.pdf")}
    ):
        response = client.post(
            REQUEST,
            {"kind": "partnership_summary", "partnership": world.partnership.pk, "year": 2024},
            follow=True,
        )
    job = ReportJob.objects.get(params__year=2024)
    assert job.state == ReportJob.State.DONE
    assert [str(m) for m in response.context["messages"]] == [
        "Rapporten är klar. Ladda ned den i listan nedan."
    ]


@pytest.mark.django_db(transaction=True)
def test_a_failed_report_says_so_at_once(client, world):
    def broken(params):
        raise ValueError("trasig")

    _needs_eager()
    client.force_login(world.users["styrgrupp"])
    with mock.patch.dict("reporting.services.REPORT_BUILDERS", {"partnership_summary": broken}):
        response = client.post(
            REQUEST,
            {"kind": "partnership_summary", "partnership": world.partnership.pk, "year": 2024},
            follow=True,
        )
    assert ReportJob.objects.get(params__year=2024).state == ReportJob.State.FAILED
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


@pytest.mark.django_db
def test_the_form_defaults_to_the_last_complete_year(client, world):
    client.force_login(world.users["samordnare"])
    form = client.get(INDEX).context["form"]
    assert form["year"].value() == timezone.localdate().year - 1


@pytest.mark.django_db
def test_the_form_tells_the_browser_which_fields_each_report_type_needs(client, world):
    client.force_login(world.users["samordnare"])
    response = client.get(INDEX)
    form = response.context["form"]
    assert form.needs == {kind: sorted(REPORT_NEEDS[kind]) for kind, _ in form.fields["kind"].choices}
    # at least one type needs no quarter, so the quarter field is hidden for it
    assert any("quarter" not in needs for needs in form.needs.values())
    page = response.content.decode()
    assert 'id="report-needs"' in page and "js/report-form.js" in page


@pytest.mark.django_db(transaction=True)
def test_with_a_broker_the_order_answers_at_once_and_says_the_report_is_being_made(client, world, settings):
    # Whatever the mode, a published job that is not finished yet is announced as being made now.
    client.force_login(world.users["styrgrupp"])
    with mock.patch("reporting.tasks.generate_report.apply_async"):
        settings.CELERY_TASK_ALWAYS_EAGER = False
        response = client.post(
            REQUEST,
            {"kind": "partnership_summary", "partnership": world.partnership.pk, "year": 2024},
            follow=True,
        )
    job = ReportJob.objects.get(params__year=2024)
    assert job.state == ReportJob.State.QUEUED and job.dispatched_at is not None
    assert "tas fram nu" in [str(m) for m in response.context["messages"]][0]
