"""Exports as jobs: constant memory, progress on the job page, the owner's download, bad input."""

import datetime as dt
import io
import tracemalloc
from decimal import Decimal
from typing import BinaryIO, cast

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from iop.export_jobs import ACCESS_LOG_EXPORT, APPROVED_INVOICES_EXPORT
from iop.roles import Role
from iop.xlsx import Sheet, write_csv, write_xlsx
from participants.models import AccessLog
from reporting.exports.files import PROGRESS_EVERY, progress_key, write_export
from reporting.exports.services import export_request
from reporting.models import ReportJob
from tests.factories import UserFactory

DAY = dt.date(2026, 11, 20)


def _rows(n: int):
    for i in range(n):
        yield [
            dt.date(2026, 1, 1) + dt.timedelta(days=i % 365),
            f"användare {i}",
            i,
            Decimal(i) / 100,
            "=1+1",
        ]


def _peak(write, n: int) -> int:
    tracemalloc.start()
    try:
        write(n)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_writers_memory_does_not_grow_with_the_rows(fmt):
    def write(n: int) -> None:
        with _Null() as sink:
            target = cast(BinaryIO, sink)
            if fmt == "csv":
                write_csv(target, _rows(n), header=["a", "b", "c", "d", "e"])
            else:
                write_xlsx(target, [Sheet("Rader", ["a", "b", "c", "d", "e"], _rows(n))])

    write(100)  # imports and caches
    small, large = _peak(write, 2_000), _peak(write, 20_000)
    # Ten times the rows: a writer that held them would need about ten times the memory.
    assert large < 2 * small, (small, large)


class _Null(io.RawIOBase):
    """A binary sink that forgets what it is given (the xlsx zip needs seek/tell)."""

    def __init__(self) -> None:
        self.position = 0

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = 0) -> int:
        self.position = offset if whence == 0 else self.position + offset
        return self.position


def _log_rows(n: int, at: dt.datetime) -> None:
    AccessLog.objects.bulk_create(
        [
            AccessLog(at=at, username=f"u{i}", action=AccessLog.Action.VIEW, detail=f"rad {i}")
            for i in range(n)
        ],
        batch_size=2000,
    )


def _job(user, **params) -> ReportJob:
    base = {"start": DAY.isoformat(), "end": DAY.isoformat(), "format": "csv"}
    return export_request(kind=ACCESS_LOG_EXPORT, params={**base, **params}, user=user)


@pytest.mark.django_db
def test_an_access_log_export_job_reads_the_log_in_chunks_with_flat_memory():
    """The log is read 2 000 rows at a time: 4 000 rows and 20 000 rows need about the same memory
    (the xlsx writer's own flatness is the test above)."""
    fmt = "csv"
    coordinator = UserFactory(roles=[Role.SAMORDNARE])
    at = timezone.make_aware(dt.datetime.combine(DAY, dt.time(12)))

    def peak() -> tuple[int, int]:
        job = _job(coordinator, format=fmt)
        tracemalloc.start()
        try:
            written = write_export(job)
            written.handle.close()
            return written.rows, tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
            ReportJob.objects.filter(pk=job.pk).update(state=ReportJob.State.DONE)

    _log_rows(4_000, at)
    peak()  # warm up (imports, translations)
    small_rows, small = peak()
    _log_rows(16_000, at)
    large_rows, large = peak()
    assert (small_rows, large_rows) == (4_000, 20_000)
    assert large < 2 * small, (small, large)


@pytest.mark.django_db
def test_progress_is_written_while_the_rows_are_written(monkeypatch):
    coordinator = UserFactory(roles=[Role.SAMORDNARE])
    _log_rows(PROGRESS_EVERY * 2 + 5, timezone.make_aware(dt.datetime.combine(DAY, dt.time(12))))
    job = _job(coordinator)
    seen = []
    original = cache.set
    monkeypatch.setattr(cache, "set", lambda key, value, *a: (seen.append(value), original(key, value, *a)))
    write_export(job).handle.close()
    assert seen == [
        (0, 2 * PROGRESS_EVERY + 5),
        (PROGRESS_EVERY, 2 * PROGRESS_EVERY + 5),
        (2 * PROGRESS_EVERY, 2 * PROGRESS_EVERY + 5),
        (2 * PROGRESS_EVERY + 5, 2 * PROGRESS_EVERY + 5),
    ]


@pytest.mark.django_db
def test_the_job_page_shows_the_progress_and_polls_while_running(client):
    coordinator = UserFactory(roles=[Role.SAMORDNARE])
    job = _job(coordinator)
    ReportJob.objects.filter(pk=job.pk).update(state=ReportJob.State.RUNNING)
    cache.set(progress_key(job.pk), (1000, 4000))
    client.force_login(coordinator)
    page = client.get(reverse("reporting:export_job", kwargs={"pk": job.pk}))
    assert page.status_code == 200
    assert (page.context["rows_done"], page.context["rows_total"], page.context["percent"]) == (
        1000,
        4000,
        25,
    )
    assert "hx-trigger" in page.content.decode()
    fragment = client.get(reverse("reporting:export_job_status_hx", kwargs={"pk": job.pk}))
    assert fragment.status_code == 200 and "1000 av 4000 rader" in fragment.content.decode()
    # Not done: nothing to download yet.
    assert client.get(reverse("reporting:export_download", kwargs={"pk": job.pk})).status_code == 404
    assert client.post(reverse("reporting:export_job", kwargs={"pk": job.pk})).status_code == 405


@pytest.mark.django_db
def test_the_job_pages_are_not_for_anonymous_users_nor_roles_without_exports(client):
    job = _job(UserFactory(roles=[Role.SAMORDNARE]))
    for name in ("reporting:export_job", "reporting:export_job_status_hx", "reporting:export_download"):
        url = reverse(name, kwargs={"pk": job.pk})
        assert client.get(url).status_code == 302
        client.force_login(UserFactory(roles=[Role.AMS]))
        assert client.get(url).status_code == 403
        client.logout()


@pytest.mark.django_db
def test_an_export_needs_a_period_and_a_format_the_kind_writes():
    coordinator = UserFactory(roles=[Role.SAMORDNARE])
    with pytest.raises(ValidationError) as missing:
        export_request(kind=ACCESS_LOG_EXPORT, params={"format": "csv"}, user=coordinator)
    assert set(missing.value.message_dict) == {"start", "end"}
    with pytest.raises(ValidationError) as reversed_period:
        _job(coordinator, start="2026-02-01", end="2026-01-01")
    assert set(reversed_period.value.message_dict) == {"end"}
    with pytest.raises(ValidationError) as bad_format:
        export_request(
            kind=APPROVED_INVOICES_EXPORT,
            params={"start": "2026-01-01", "end": "2026-01-31", "format": "csv"},
            user=UserFactory(roles=[Role.ATTESTANT]),
        )
    assert set(bad_format.value.message_dict) == {"format"}
    assert not ReportJob.objects.exists()


@pytest.mark.django_db
def test_only_the_roles_of_an_export_may_ask_for_it_and_each_user_gets_their_own_job():
    with pytest.raises(PermissionDenied):
        _job(UserFactory(roles=[Role.ATTESTANT]))
    first, second = UserFactory(roles=[Role.SAMORDNARE]), UserFactory(roles=[Role.SAMORDNARE])
    assert _job(first).pk == _job(first).pk  # asked again while queued: the same job
    assert _job(second).pk != _job(first).pk


@pytest.mark.django_db
def test_export_jobs_are_not_listed_among_the_reports(client):
    coordinator = UserFactory(roles=[Role.SAMORDNARE])
    job = _job(coordinator)
    client.force_login(coordinator)
    assert job.pk not in [j.pk for j in client.get(reverse("reporting:index")).context["jobs"]]
