"""`python manage.py export_approved_invoices --from 2025-01-01 --to 2025-03-31 --output FILE.xlsx`.

The same export as the page's (invoicing:bulk_export → an export job): the same checks of the period, the
same rows and the same constant-memory writer (`reporting.exports.files`), written straight to FILE,
complete or not at all. It lives in reporting, the app that owns the export kinds."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from iop.export_jobs import APPROVED_INVOICES_EXPORT
from reporting.exports.files import write_export_file

# The export's parameters as the command's options are named, for its error messages.
OPTIONS = {"start": "--from", "end": "--to"}


class Command(BaseCommand):
    help = "Exporterar alla attesterade (och betalda) fakturor vars period börjar inom intervallet till en xlsx-fil."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, help="ÅÅÅÅ-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="ÅÅÅÅ-MM-DD")
        parser.add_argument("--output", required=True)

    def handle(self, *args, start: str, end: str, output: str, **options):
        params = {"start": start, "end": end, "format": "xlsx"}
        try:
            rows = write_export_file(output, kind=APPROVED_INVOICES_EXPORT, params=params)
        except ValidationError as exc:
            raise CommandError(
                " ".join(
                    f"{OPTIONS.get(field, field)}: {' '.join(texts)}"
                    for field, texts in exc.message_dict.items()
                )
            ) from exc
        except OSError as exc:
            raise CommandError(
                exc.strerror and f"Kunde inte skriva {output}: {exc.strerror}" or str(exc)
            ) from exc
        self.stderr.write(f"Skrev {output}: {rows} rader.")
