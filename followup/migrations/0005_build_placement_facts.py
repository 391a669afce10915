"""Build the per-placement facts rows for the placements that exist when this runs (the services keep
them from then on). Not reference data: a flushed database has no placements."""

from django.db import migrations


def build(apps, schema_editor):
    from followup.facts import FactModels, rebuild_placement_facts

    rebuild_placement_facts(
        models=FactModels(
            placement=apps.get_model("participants", "Placement"),
            talk=apps.get_model("followup", "Talk"),
            assessment=apps.get_model("followup", "SelfAssessment"),
            facts=apps.get_model("followup", "PlacementFacts"),
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0004_placement_facts"),
    ]

    operations = [
        migrations.RunPython(build, migrations.RunPython.noop),
    ]
