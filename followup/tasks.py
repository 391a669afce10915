"""Celery tasks of the followup app, scheduled daily by django-celery-beat (settings.PERIODIC_TASKS)."""

import datetime as dt

from celery import shared_task
from django.utils import timezone

from followup import digest, reminders


@shared_task(name="followup.tasks.create_daily_reminders")
def create_daily_reminders(today: str | None = None) -> dict[str, int]:
    """Run every reminder rule for `today` (ISO date; default: the local date). Idempotent."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    return reminders.run_all(today=day)


@shared_task(name="followup.tasks.send_digests")
def send_digests() -> int:
    """Send each user who wants it one e-mail with their new open reminders; returns mails sent."""
    return digest.send_digests()
