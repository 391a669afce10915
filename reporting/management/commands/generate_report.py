"""`python manage.py generate_report KIND [--partnership ASN-…] [--year Y] [--quarter Q] --output FILE`.

Runs the same builder as the Celery task, synchronously, and writes the file (no job, no version).
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from iop.models import Partnership
from reporting.builders import REPORT_BUILDERS
from reporting.services import normalise_params


class Command(BaseCommand):
    help = "Tar fram en rapport direkt (utan kö) och skriver den till en fil."

    def add_arguments(self, parser):
        parser.add_argument("kind", help="Rapporttyp: " + ", ".join(sorted(REPORT_BUILDERS)))
        parser.add_argument("--partnership", help="Diarienummer, t.ex. ASN-2024-1234")
        parser.add_argument("--year", type=int)
        parser.add_argument("--quarter", type=int)
        parser.add_argument("--output", required=True, help="Fil att skriva (t.ex. rapport.pdf)")

    def handle(self, *args, kind, partnership, year, quarter, output, **options):
        if kind not in REPORT_BUILDERS:
            raise CommandError(f"Okänd rapporttyp {kind!r}. Finns: {', '.join(sorted(REPORT_BUILDERS))}")
        params: dict = {"year": year, "quarter": quarter}
        if partnership:
            found = Partnership.objects.filter(case_number=partnership).values_list("pk", flat=True).first()
            if found is None:
                raise CommandError(f"Partnerskapet {partnership} finns inte.")
            params["partnership"] = found
        try:
            clean = normalise_params(kind=kind, params=params)
        except ValidationError as exc:
            raise CommandError(
                "; ".join(f"--{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            ) from exc
        content, filename = REPORT_BUILDERS[kind](clean)
        path = Path(output)
        path.write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"Skrev {path} ({len(content)} byte, {filename})"))
