"""Service to create in-app notifications idempotently."""

import datetime as dt
from collections.abc import Iterable

from iop.models import Notification, User


def notify(
    *,
    users: Iterable[User],
    kind: str,
    message: str,
    dedupe_key: str,
    url: str = "",
    due_date: dt.date | None = None,
) -> int:
    """Create one notification per user unless one with the same key exists; return how many were created."""
    created = 0
    for user in users:
        _, was_created = Notification.objects.get_or_create(
            user=user,
            dedupe_key=dedupe_key,
            defaults={"kind": kind, "message": message[:300], "url": url, "due_date": due_date},
        )
        created += int(was_created)
    return created
