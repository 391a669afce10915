"""Writes the project's periodic tasks (settings.PERIODIC_TASKS) into django-celery-beat's tables, after
every `migrate` (a post_migrate receiver in `iop.apps`): a new or changed entry in the settings
needs no migration of its own."""

import json
from typing import Any

from django.apps import apps as django_apps
from django.conf import settings

CRONTAB_DEFAULTS = {"minute": "*", "hour": "*", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"}


def sync_periodic_tasks(apps=django_apps, using: str = "default") -> None:
    """Create or update one PeriodicTask per entry, keyed by name; `apps` is a migration's app registry.
    Runs after every `migrate` (`iop.apps`), so the database follows the settings on each deployment.

    Whether a task is enabled is left as it is on existing rows: an administrator may have paused it.
    """
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    tasks: dict[str, dict[str, Any]] = settings.PERIODIC_TASKS
    for name, entry in tasks.items():
        defaults: dict[str, Any] = {
            "task": entry["task"],
            "args": json.dumps(entry.get("args", [])),
            "crontab": None,
            "interval": None,
        }
        if "crontab" in entry:
            fields: dict[str, Any] = {**CRONTAB_DEFAULTS, **entry["crontab"], "timezone": settings.TIME_ZONE}
            defaults["crontab"] = CrontabSchedule.objects.using(using).filter(
                **fields
            ).first() or CrontabSchedule.objects.using(using).create(**fields)
        else:
            fields = entry["interval"]
            defaults["interval"] = IntervalSchedule.objects.using(using).filter(
                **fields
            ).first() or IntervalSchedule.objects.using(using).create(**fields)
        PeriodicTask.objects.using(using).update_or_create(
            name=name, defaults=defaults, create_defaults={**defaults, "enabled": True}
        )
