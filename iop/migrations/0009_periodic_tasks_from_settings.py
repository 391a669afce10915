# The periodic tasks are declared in settings.PERIODIC_TASKS; this writes them (the same rows the earlier
# followup and reporting migrations created) so that the settings are the one place they are declared.

from django.db import migrations


def sync(apps, schema_editor):
    from iop.schedules import sync_periodic_tasks

    sync_periodic_tasks(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("iop", "0008_goal_aggregation"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
