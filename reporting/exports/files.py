"""The one place an export's file is handled: written row by row into a temporary file (memory flat in
the number of rows, progress kept in the cache) and stored through Django's storage as the job's
GeneratedReport, in one transaction with the job's state `done`.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any, BinaryIO

from django.core.cache import cache
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from invoicing.exports import open_atomically
from iop.xlsx import CONTENT_TYPE as XLSX_CONTENT_TYPE
from iop.xlsx import CSV_CONTENT_TYPE, write_csv, write_xlsx
from reporting.exports.kinds import EXPORTS, ExportData, clean_export_params
from reporting.models import GeneratedReport, ReportJob

# Progress is written every this many rows. It goes to the cache, not the job row: the worker renders
# inside a transaction holding the job's row lock (reporting.services.run_report_job), so a write to the
# row would only be seen when the export is done.
PROGRESS_EVERY = 1000
PROGRESS_SECONDS = 6 * 3600
CONTENT_TYPES = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}


def progress_key(job_id: int) -> str:
    return f"reporting:export-progress:{job_id}"


def export_progress(job: ReportJob) -> tuple[int | None, int | None]:
    """(rows written, rows in all) of an export job: from the row when done, from the cache while running."""
    if job.state == ReportJob.State.DONE or job.rows_total is not None:
        return job.rows_done, job.rows_total
    value = cache.get(progress_key(job.pk))
    return (value[0], value[1]) if value else (None, None)


class _Counter:
    """Counts the rows an export writes as they pass (never a list)."""

    def __init__(self) -> None:
        self.done = 0

    def checkpoint(self) -> None:
        """Called every PROGRESS_EVERY rows."""

    def count(self, rows: Iterable[Any]) -> Iterator[Any]:
        for row in rows:
            yield row
            self.done += 1
            if self.done % PROGRESS_EVERY == 0:
                self.checkpoint()


class _Progress(_Counter):
    """A job's counter that also writes its progress to the cache for the job page."""

    def __init__(self, job_id: int, total: int) -> None:
        super().__init__()
        self.job_id = job_id
        self.total = total
        self.checkpoint()

    def checkpoint(self) -> None:
        cache.set(progress_key(self.job_id), (self.done, self.total), PROGRESS_SECONDS)


@dataclass
class WrittenExport:
    handle: IO[bytes]
    filename: str
    content_type: str
    rows: int
    total: int


def _write(handle: BinaryIO, data: ExportData, fmt: str, counter: _Counter) -> None:
    """The one writer of every export (the job's and the command line's): rows streamed, memory flat."""
    if fmt == "csv":
        first = data.sheets[0]
        write_csv(handle, counter.count(first.rows), header=first.header)
    else:
        write_xlsx(handle, [replace(sheet, rows=counter.count(sheet.rows)) for sheet in data.sheets])


def write_export(job: ReportJob) -> WrittenExport:
    """Write the job's export into a temporary file (deleted when closed) and return it, rewound."""
    data = EXPORTS[job.kind].prepare(job.params)
    fmt = job.params.get("format", "xlsx")
    progress = _Progress(job.pk, data.total)
    handle = tempfile.TemporaryFile()
    try:
        _write(handle, data, fmt, progress)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    progress.checkpoint()
    return WrittenExport(handle, f"{data.filename}.{fmt}", CONTENT_TYPES[fmt], progress.done, data.total)


def write_export_file(output: str | Path, *, kind: str, params: dict[str, Any]) -> int:
    """An export written by the command line straight to a file: the parameters checked as the page checks
    them, the same rows and the same writer as the job, the file complete or not there
    (`open_atomically`). Returns the number of rows. Raises ValidationError for bad parameters and
    OSError when the file cannot be written."""
    clean = clean_export_params(kind=kind, params=params)
    data = EXPORTS[kind].prepare(clean)
    counter = _Counter()
    with open_atomically(output) as handle:
        _write(handle, data, clean["format"], counter)
    return counter.done


def _digest(handle: IO[bytes]) -> tuple[str, int]:
    sha = hashlib.sha256()
    size = 0
    while chunk := handle.read(1 << 20):
        sha.update(chunk)
        size += len(chunk)
    handle.seek(0)
    return sha.hexdigest(), size


def store_export(job: ReportJob, written: WrittenExport) -> GeneratedReport:
    """Store the written file through the FileField's storage and mark the job done, in one transaction;
    a file stored for a transaction that then fails is deleted again."""
    stored: str | None = None
    try:
        sha256, size = _digest(written.handle)
        with transaction.atomic():
            latest = (
                GeneratedReport.objects.select_for_update()
                .filter(kind=job.kind, params_key=job.params_key)
                .aggregate(v=Max("version"))["v"]
            )
            report = GeneratedReport(
                job=job,
                kind=job.kind,
                params_key=job.params_key,
                version=(latest or 0) + 1,
                filename=written.filename,
                content_type=written.content_type,
                sha256=sha256,
                size=size,
            )
            stem, _dot, ext = written.filename.rpartition(".")
            report.file.save(f"{stem}-jobb{job.pk}.{ext}", File(written.handle), save=False)
            stored = report.file.name
            report.full_clean(exclude=["job"])
            report.save()
            job.state = ReportJob.State.DONE
            job.finished_at = timezone.now()
            job.rows_done = written.rows
            job.rows_total = max(written.total, written.rows)
            job.save(update_fields=["state", "finished_at", "rows_done", "rows_total"])
        return report
    except BaseException:
        if stored:
            GeneratedReport._meta.get_field("file").storage.delete(stored)  # type: ignore[attr-defined]
        raise
    finally:
        written.handle.close()
        cache.delete(progress_key(job.pk))
