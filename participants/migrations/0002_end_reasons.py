"""Seed the end-reason code table (avslutsorsaker); coordinators may edit names and add codes later."""

from django.db import migrations

END_REASONS = [
    # code, name, outcome, counts_as_completed_plan, is_interruption
    ("work", "Arbete", "work", False, False),
    ("studies", "Studier", "studies", False, False),
    ("other_measure", "Annan arbetsmarknadsinsats", "other_measure", False, False),
    ("completed_plan", "Genomförd enligt plan", "none", True, False),
    ("interrupted_health", "Avbrott – hälsa", "none", False, True),
    ("interrupted_other", "Avbrott – annat", "none", False, True),
    ("moved", "Flyttat", "none", False, False),
    ("other", "Annat", "none", False, False),
]


def seed(apps, schema_editor):
    EndReason = apps.get_model("participants", "EndReason")
    for order, (code, name, outcome, completed, interruption) in enumerate(END_REASONS, start=1):
        EndReason.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "outcome": outcome,
                "counts_as_completed_plan": completed,
                "is_interruption": interruption,
                "sort_order": order * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("participants", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
