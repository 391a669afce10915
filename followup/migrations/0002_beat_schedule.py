"""Register the daily reminder and digest tasks with django-celery-beat (06:00 / 06:30 Europe/Stockholm)."""

import json

from django.db import migrations

SCHEDULES = (
    ("followup: dagliga påminnelser", "followup.tasks.create_daily_reminders", "0"),
    ("followup: daglig e-postsammanfattning", "followup.tasks.send_digests", "30"),
)


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, minute in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour="6",
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Europe/Stockholm",
        )
        PeriodicTask.objects.update_or_create(
            name=name,
            defaults={"task": task, "crontab": crontab, "enabled": True, "args": json.dumps([])},
        )


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, _, _ in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0001_talks_assessments_followups"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
