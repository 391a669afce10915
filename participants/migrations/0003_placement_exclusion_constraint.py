"""PostgreSQL only: no overlapping placements of one participant in the same partnership.

An exclusion constraint with btree_gist over daterange(start, coalesce(end, planned end), '[]').
The same rule is validated in Placement.clean() and the services on every database; SQLite skips this.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE participants_placement ADD CONSTRAINT placement_no_overlap_per_participant
EXCLUDE USING gist (
    participant_id WITH =,
    partnership_id WITH =,
    daterange(start_date, COALESCE(end_date, planned_end_date), '[]') WITH &&
);
"""
DROP = "ALTER TABLE participants_placement DROP CONSTRAINT IF EXISTS placement_no_overlap_per_participant;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("participants", "0002_end_reasons")]

    operations = [migrations.RunPython(forwards, backwards)]
