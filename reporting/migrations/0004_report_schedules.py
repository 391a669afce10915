# Registers the report schedules with django-celery-beat (Europe/Stockholm):
# the quarterly board report 15 days after each quarter (15 Jan/Apr/Jul/Oct, 06:00) and the annual
# reports and the annual overview in January (20 January, 06:00).

import json

from django.db import migrations

SCHEDULES = (
    ("reporting: kvartalsrapport till nämnden", "quarterly", "15", "1,4,7,10"),
    ("reporting: årsrapporter per partnerskap", "annual", "20", "1"),
    ("reporting: årsöversikt över alla partnerskap", "overview", "20", "1"),
)


def register(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, kind, day, months in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute="0",
            hour="6",
            day_of_week="*",
            day_of_month=day,
            month_of_year=months,
            timezone="Europe/Stockholm",
        )
        PeriodicTask.objects.update_or_create(
            name=name,
            defaults={
                "task": "reporting.tasks.request_scheduled_reports",
                "crontab": crontab,
                "enabled": True,
                "args": json.dumps([kind]),
            },
        )


def unregister(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[s[0] for s in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0003_narratives_and_deviation_measures"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(register, unregister)]
