from django.db import migrations

# The roles of a multi-agency programme's team staff (iop.roles.Role.PROCESSLEDARE, Role.TEAMMEDLEM).
ROLES = ["processledare", "teammedlem"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0001_programme_teams_enrolments_phases"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
