"""The end reason for a participant who leaves for work at the planned end of the placement.

Whether leaving for work counts as "completed according to plan" (indicator 5) is a property of the
end reason (`counts_as_completed_plan`), never of the wording: "Arbete" (left for work before the plan
was completed) does not count; this reason (the plan completed and the participant goes on to work)
counts for indicator 5 and as the outcome work. docs/reporting.md, "Definitions".
"""

from django.db import migrations


def seed(apps, schema_editor):
    EndReason = apps.get_model("participants", "EndReason")
    EndReason.objects.get_or_create(
        code="completed_plan_work",
        defaults={
            "name": "Genomförd enligt plan, vidare till arbete",
            "outcome": "work",
            "counts_as_completed_plan": True,
            "is_interruption": False,
            "sort_order": 45,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("participants", "0006_gender_unknown_apart")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
