"""Services of the reporting app: request a report, dispatch jobs, run a job."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import socket
import threading
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as KombuOperationalError

from iop.models import Partnership, User
from iop.storage import delete_private_file, save_private_file
from reporting.builders import PARAM_NAMES, REPORT_BUILDERS, REPORT_NEEDS
from reporting.models import GeneratedReport, ReportJob, params_key

logger = logging.getLogger(__name__)

try:  # redis-py's errors when the broker is unreachable
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    BROKER_ERRORS: tuple[type[BaseException], ...] = (
        KombuOperationalError,
        RedisConnectionError,
        RedisTimeoutError,
        socket.error,
        ConnectionError,
    )
except ImportError:  # pragma: no cover
    BROKER_ERRORS = (KombuOperationalError, socket.error, ConnectionError)

# A queued job is dispatched again by the sweeper when it was never published for this long, or when it
# was published this many times longer ago and no worker has picked it up (the message may be lost).
REDISPATCH_AFTER = dt.timedelta(seconds=60)
REDISPATCH_PUBLISHED_AFTER = dt.timedelta(minutes=15)
# A running job whose worker died is given back to the queue after this long (beyond any real report).
STALE_RUNNING_AFTER = dt.timedelta(hours=2)
# Where the database can skip locked rows (PostgreSQL), a live render holds its job's row lock all the
# time it runs (run_report_job), so a running job whose lock the sweeper can take has no live worker: it
# is given back to the queue this long after it started (the grace covers the instant between the claim
# and the render taking the lock), not after STALE_RUNNING_AFTER.
DEAD_RUNNING_AFTER = dt.timedelta(minutes=1)
MAX_ATTEMPTS = 5


def normalise_params(*, kind: str, params: dict) -> dict:
    """Validate a request's parameters for its kind and keep only those the kind needs."""
    if kind not in REPORT_BUILDERS:
        raise ValidationError({"kind": _("Rapporttypen finns inte.")})
    needs = REPORT_NEEDS[kind]
    clean: dict = {}
    errors: dict[str, str] = {}
    for name in PARAM_NAMES:
        value: Any = params.get(name)
        if name not in needs:
            continue
        if value in (None, ""):
            errors[name] = _("Fältet måste fyllas i för den här rapporten.")
            continue
        try:
            number = int(value.pk if isinstance(value, Partnership) else value)
        except (TypeError, ValueError):
            errors[name] = _("Ogiltigt värde.")
            continue
        if name == "year" and not 2000 <= number <= 2100:
            errors[name] = _("Ange ett år mellan 2000 och 2100.")
        elif name == "quarter" and not 1 <= number <= 4:
            errors[name] = _("Ange kvartal 1–4.")
        clean[name] = number
    if errors:
        raise ValidationError(errors)
    return clean


def report_request(*, kind: str, params: dict, user: User | None) -> ReportJob:
    """Order a report (beställ rapport). Returns the queued or running job for the same request if any.

    The job row is the outbox: it is written in this transaction and published to the broker after
    commit. If publishing fails the job stays queued and `dispatch_pending_reports` retries it.
    """
    clean = normalise_params(kind=kind, params=params)
    return enqueue_job(kind=kind, params=clean, partnership_id=clean.get("partnership"), user=user)


def enqueue_job(*, kind: str, params: dict, partnership_id: int | None, user: User | None) -> ReportJob:
    """Write a job with validated parameters (the outbox) and publish it after commit; the queued or
    running job for the same kind and parameters if there is one. Reports and exports both come here."""
    key = params_key(params)
    active = Q(kind=kind, params_key=key, state__in=[ReportJob.State.QUEUED, ReportJob.State.RUNNING])
    with transaction.atomic():
        existing = ReportJob.objects.filter(active).first()
        if existing is not None:
            return existing
        job = ReportJob(
            kind=kind,
            params=params,
            params_key=key,
            partnership_id=partnership_id,
            requested_by=user,
        )
        job.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                job.save()
        except IntegrityError:
            # Another request for the same report won the race: return its job.
            return ReportJob.objects.get(active)
        # robust: with eager Celery (make run) the task runs here; its failure must not break the request.
        transaction.on_commit(lambda: dispatch_job(job_id=job.pk), robust=True)
    return job


def dispatch_job(*, job_id: int) -> bool:
    """Publish a job to the broker; False (and the job stays queued) when the broker is unreachable.

    In the embedded mode (eager Celery, no broker: `make run`) an eager task would render the report
    inside the request that ordered it, so the job runs in a thread of its own instead and the page
    answers at once; the job row shows its progress as with a real worker."""
    from reporting.tasks import generate_report

    if settings.CELERY_TASK_ALWAYS_EAGER and getattr(settings, "REPORTS_EMBEDDED_IN_BACKGROUND", True):
        ReportJob.objects.filter(pk=job_id).update(dispatched_at=timezone.now())
        threading.Thread(
            target=run_report_job_in_background, args=(job_id,), name=f"report-job-{job_id}", daemon=True
        ).start()
        return True
    try:
        generate_report.apply_async(args=[job_id], retry=False)
    except BROKER_ERRORS as exc:
        logger.warning("Report job %s stays queued: broker unreachable (%s)", job_id, exc.__class__.__name__)
        return False
    ReportJob.objects.filter(pk=job_id).update(dispatched_at=timezone.now())
    return True


def dispatch_pending(*, now: dt.datetime | None = None) -> int:
    """The sweeper: re-publish queued jobs that were never published or seem lost; requeue dead running jobs."""
    now = now or timezone.now()
    _requeue_dead_running(now)
    pending = ReportJob.objects.filter(state=ReportJob.State.QUEUED).filter(
        Q(dispatched_at__isnull=True, requested_at__lt=now - REDISPATCH_AFTER)
        | Q(dispatched_at__lt=now - REDISPATCH_PUBLISHED_AFTER)
    )
    sent = 0
    for job_id in pending.values_list("pk", flat=True):
        if not dispatch_job(job_id=job_id):
            break  # the broker is still down; try again next minute
        sent += 1
    return sent


def _requeue_dead_running(now: dt.datetime) -> None:
    """Give running jobs whose worker died back to the queue (or fail them after MAX_ATTEMPTS)."""
    dead = Q(started_at__lt=now - STALE_RUNNING_AFTER)
    if connection.features.has_select_for_update_skip_locked:
        dead |= Q(started_at__lt=now - DEAD_RUNNING_AFTER)
    with transaction.atomic():
        # skip_locked: a job whose render is alive keeps its row locked and is left alone.
        jobs = list(
            ReportJob.objects.select_for_update(skip_locked=True)
            .filter(dead, state=ReportJob.State.RUNNING)
            .only("pk", "attempts")
        )
        for job in jobs:
            if job.attempts >= MAX_ATTEMPTS:
                ReportJob.objects.filter(pk=job.pk).update(
                    state=ReportJob.State.FAILED,
                    failure_reason=_("Avbröts: arbetsprocessen svarade inte."),
                    finished_at=now,
                )
            else:
                logger.warning("Report job %s: its worker is gone; back to the queue", job.pk)
                ReportJob.objects.filter(pk=job.pk).update(state=ReportJob.State.QUEUED, dispatched_at=None)


class TransientReportError(Exception):
    """A failure worth retrying (the database or file system was briefly unavailable)."""


def run_report_job(*, job_id: int) -> GeneratedReport | None:
    """Produce the report of one job exactly once (called by the Celery task).

    1. Claim the job (queued → running, committed at once so the page shows it).
    2. Render and store while holding the job's row lock in a second transaction. While this worker
       lives, a redelivered copy of the task finds the row locked (skip_locked) and does nothing; if the
       worker is killed, its connection closes, the lock goes with it, and the redelivery (acks_late +
       reject_on_worker_lost) takes over the running job. The file, its GeneratedReport row and the
       state `done` are written in that one transaction, so a finished job is never produced again.
    """
    with transaction.atomic():
        job = (
            ReportJob.objects.select_for_update(skip_locked=True)
            .filter(pk=job_id, state__in=[ReportJob.State.QUEUED, ReportJob.State.RUNNING])
            .first()
        )
        if job is None:
            return None
        if job.state == ReportJob.State.QUEUED:
            job.state = ReportJob.State.RUNNING
            job.started_at = timezone.now()
            job.attempts += 1
            job.save(update_fields=["state", "started_at", "attempts"])

    error: BaseException | None = None
    storing = False
    # The row lock needs a transaction around the rendering. SQLite (the embedded default, where one
    # thread runs the jobs) has no row locks: a transaction there would hold the whole database's write
    # lock while a report renders, and every page that writes (sessions, the access log) would wait.
    rendering: contextlib.AbstractContextManager[Any] = (
        transaction.atomic() if connection.features.has_select_for_update else contextlib.nullcontext()
    )
    with rendering:
        job = (
            ReportJob.objects.select_for_update(skip_locked=True)
            .filter(pk=job_id, state=ReportJob.State.RUNNING)
            .first()
        )
        if job is None:
            return None  # another delivery is rendering it right now, or has finished it
        builder = REPORT_BUILDERS.get(job.kind)
        try:
            if job.is_export:
                from reporting.exports.files import store_export, write_export

                written = write_export(job)
                storing = True
                return store_export(job, written)
            if builder is None:
                raise ValueError(_("Rapporttypen %(kind)s kan inte tas fram ännu.") % {"kind": job.kind})
            content, filename = builder(job.params)
            storing = True
            return _store(job, content, filename)
        except Exception as exc:  # handled below, outside the lock-holding transaction
            error = exc
    # Storing is retried (by the task's autoretry or the sweeper) up to MAX_ATTEMPTS, and so are
    # transient errors while building.
    if storing or isinstance(error, TransientReportError | OSError):
        _requeue_or_fail(job, error)
        raise error
    logger.error("Report job %s failed", job.pk, exc_info=error)
    _fail(job, f"{error.__class__.__name__}: {error}")
    return None


def run_report_job_in_background(job_id: int) -> None:
    """The embedded mode's worker: run the job, retrying transient failures as the task would, on a
    database connection of this thread that is closed at the end."""
    try:
        for attempt in range(MAX_ATTEMPTS):
            try:
                run_report_job(job_id=job_id)
                return
            except Exception:
                logger.warning("Report job %s: attempt %s failed", job_id, attempt + 1, exc_info=True)
                time.sleep(0.5 * (attempt + 1))
    finally:
        connection.close()


def _requeue_or_fail(job: ReportJob, exc: BaseException) -> None:
    if job.attempts >= MAX_ATTEMPTS:
        _fail(job, f"{exc.__class__.__name__}: {exc}")
    else:
        ReportJob.objects.filter(pk=job.pk, state=ReportJob.State.RUNNING).update(
            state=ReportJob.State.QUEUED
        )


def _fail(job: ReportJob, reason: str) -> None:
    ReportJob.objects.filter(pk=job.pk).update(
        state=ReportJob.State.FAILED, failure_reason=reason[:2000] or "?", finished_at=timezone.now()
    )


def _store(job: ReportJob, content: bytes, filename: str) -> GeneratedReport:
    """Store the file through the storage API (`iop.storage`: local disk or the object store, so any host
    can serve it) and record it, as one step: a file whose row did not commit is removed again."""
    stem, dot, ext = Path(filename).name.rpartition(".")
    stored = ""
    try:
        with transaction.atomic():
            latest = (
                GeneratedReport.objects.select_for_update()
                .filter(kind=job.kind, params_key=job.params_key)
                .aggregate(v=Max("version"))["v"]
            )
            version = (latest or 0) + 1
            versioned = f"{stem}-v{version}.{ext}" if dot else f"{filename}-v{version}"
            stored = save_private_file(f"reports/{job.kind}/{versioned}", content)
            report = GeneratedReport(
                job=job,
                kind=job.kind,
                params_key=job.params_key,
                version=version,
                file=stored,
                filename=versioned,
                content_type="application/pdf" if ext.lower() == "pdf" else "application/octet-stream",
                sha256=hashlib.sha256(content).hexdigest(),
                size=len(content),
            )
            report.full_clean(exclude=["job"])
            report.save()
            job.state = ReportJob.State.DONE
            job.finished_at = timezone.now()
            job.save(update_fields=["state", "finished_at"])
        return report
    except BaseException:
        # The transaction rolled back (or failed to commit): no row points at the file. A store that
        # cannot delete now (unreachable) must not hide the error that brought us here.
        try:
            delete_private_file(stored)
        except Exception:
            logger.warning(
                "Report job %s: could not remove the orphaned file %s", job.pk, stored, exc_info=True
            )
        raise


def previous_quarter(today: dt.date) -> tuple[int, int]:
    quarter = (today.month - 1) // 3 + 1
    return (today.year - 1, 4) if quarter == 1 else (today.year, quarter - 1)


def scheduled_report_requests(*, kind: str, today: dt.date | None = None) -> list[ReportJob]:
    """The reports a schedule asks for, requested by the system (requested_by empty):
    `quarterly` for the previous quarter; `annual` for every partnership active last year; `overview`
    for last year. Requesting twice while a job runs returns the same job (see report_request)."""
    today = today or timezone.localdate()
    if kind == "quarterly":
        year, quarter = previous_quarter(today)
        return [report_request(kind="quarterly", params={"year": year, "quarter": quarter}, user=None)]
    year = today.year - 1
    if kind == "overview":
        return [report_request(kind="overview", params={"year": year}, user=None)]
    if kind == "annual":
        partnerships = (
            Partnership.objects.filter(
                periods__start__lte=dt.date(year, 12, 31), periods__end__gte=dt.date(year, 1, 1)
            )
            .exclude(status=Partnership.Status.DRAFT)
            .distinct()
            .order_by("case_number")
        )
        return [
            report_request(kind="annual", params={"partnership": p.pk, "year": year}, user=None)
            for p in partnerships
        ]
    raise ValueError(f"No schedule for report kind {kind!r}")
