"""PostgreSQL only: the access log is append-only at the database level.

A trigger refuses UPDATE always, and DELETE unless the purge job has set the session variable
`iop.accesslog_purge = 'on'` AND the row is older than 5 years (the minimum retention). TRUNCATE is
not blocked (test database flushes use it; TRUNCATE needs table ownership anyway).
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION participants_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('iop.accesslog_purge', true) = 'on'
       AND OLD.at < now() - interval '5 years' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'participants_accesslog is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER participants_accesslog_append_only
BEFORE UPDATE OR DELETE ON participants_accesslog
FOR EACH ROW EXECUTE FUNCTION participants_accesslog_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS participants_accesslog_append_only ON participants_accesslog;
DROP FUNCTION IF EXISTS participants_accesslog_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("participants", "0003_placement_exclusion_constraint")]

    operations = [migrations.RunPython(forwards, backwards)]
