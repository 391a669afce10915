"""Asking for an export: a report job on the queue, owned by who asked."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from iop.models import User
from reporting.exports.kinds import clean_export_params, may_use
from reporting.models import ReportJob
from reporting.services import enqueue_job


def export_request(*, kind: str, params: dict[str, Any], user: User) -> ReportJob:
    """Queue an export (exportjobb) for `user`, who alone may download its file. The same export asked
    for again while it runs returns the running job. Raises ValidationError for a missing or bad date
    range or format, PermissionDenied for a user who may not export this."""
    clean = clean_export_params(kind=kind, params=params)
    partnership_id = clean.get("partnership") or None
    if not may_use(user, kind=kind, partnership_id=partnership_id):
        raise PermissionDenied
    # The owner is part of the parameters: two users' equal exports are two jobs and two files.
    clean["owner"] = user.pk
    return enqueue_job(kind=kind, params=clean, partnership_id=partnership_id, user=user)


def start_export(*, kind: str, params: dict[str, Any], user: User) -> str:
    """`iop.export_jobs`' starter: queue the export and give the address of its job page."""
    job = export_request(kind=kind, params=params, user=user)
    return reverse("reporting:export_job", kwargs={"pk": job.pk})
