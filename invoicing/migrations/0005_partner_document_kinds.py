"""The document kinds every partnership's non-profit party delivers yearly (seed 000 §6–7)."""

from django.db import migrations

KINDS = (
    ("arsredovisning", "Årsredovisning", 1),
    ("verksamhetsberattelse", "Verksamhetsberättelse", 2),
    ("revisionsberattelse", "Revisionsberättelse", 3),
)


def seed(apps, schema_editor) -> None:
    Kind = apps.get_model("invoicing", "PartnerDocumentKind")
    for code, name, position in KINDS:
        Kind.objects.get_or_create(code=code, defaults={"name": name, "position": position, "required": True})


class Migration(migrations.Migration):
    dependencies = [("invoicing", "0004_partner_documents_and_economic_notices")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
