"""Writes the project's periodic tasks (settings.PERIODIC_TASKS) into django-celery-beat's tables."""

import json
from typing import Any

from django.apps import apps as django_apps
from django.conf import settings

CRONTAB_DEFAULTS = {"minute": "*", "hour": "*", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"}


def sync_periodic_tasks(apps=django_apps) -> None:
    """Create or update one PeriodicTask per entry, keyed by name; `apps` is a migration's app registry.

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
            defaults["crontab"] = CrontabSchedule.objects.filter(
                **fields
            ).first() or CrontabSchedule.objects.create(**fields)
        else:
            fields = entry["interval"]
            defaults["interval"] = IntervalSchedule.objects.filter(
                **fields
            ).first() or IntervalSchedule.objects.create(**fields)
        PeriodicTask.objects.update_or_create(
            name=name, defaults=defaults, create_defaults={**defaults, "enabled": True}
        )
