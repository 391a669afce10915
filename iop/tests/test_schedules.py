from django.conf import settings
from django_celery_beat.models import PeriodicTask

from iop.schedules import sync_periodic_tasks


def test_every_declared_periodic_task_is_in_the_database_after_migrate(db):
    rows = {task.name: task for task in PeriodicTask.objects.select_related("crontab", "interval")}
    for name, entry in settings.PERIODIC_TASKS.items():
        assert rows[name].task == entry["task"]
        assert rows[name].enabled
        if "crontab" in entry:
            assert str(rows[name].crontab.timezone) == settings.TIME_ZONE
            for field, value in entry["crontab"].items():
                assert getattr(rows[name].crontab, field) == value
        else:
            assert (rows[name].interval.every, rows[name].interval.period) == (
                entry["interval"]["every"],
                entry["interval"]["period"],
            )


def test_syncing_again_keeps_a_paused_task_paused_and_adds_no_rows(db):
    PeriodicTask.objects.filter(name="followup: daglig e-postsammanfattning").update(enabled=False)
    count = PeriodicTask.objects.count()
    sync_periodic_tasks()
    assert PeriodicTask.objects.count() == count
    assert not PeriodicTask.objects.get(name="followup: daglig e-postsammanfattning").enabled


def test_migrate_writes_a_task_declared_in_the_settings_without_a_migration_of_its_own(db, monkeypatch):
    from django.core.management.sql import emit_post_migrate_signal

    from tests import reference_data

    # The suite re-runs the old data migration's sync after a flush; leave it out to see migrate's own.
    monkeypatch.setattr(
        reference_data, "REFERENCE_DATA", [r for r in reference_data.REFERENCE_DATA if "periodic" not in r[0]]
    )
    PeriodicTask.objects.filter(name="reporting: förberäkna översikter").delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert PeriodicTask.objects.get(name="reporting: förberäkna översikter").task == (
        "reporting.tasks.warm_dashboards"
    )
