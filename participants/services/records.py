"""Saving one record the way every participants service does: validated, with who changed it in its history."""

from typing import TypeVar

from django.db import models

from iop.models import User

Record = TypeVar("Record", bound=models.Model)


def save_with_history(record: Record, by: User | None) -> Record:
    """`full_clean()` then `save()`, naming `by` in the record's history (simple-history's `_history_user`;
    None records the change without a user, never the request's)."""
    record._history_user = by  # type: ignore[attr-defined]
    record.full_clean()
    record.save()
    return record
