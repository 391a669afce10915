"""`python manage.py export_approved_invoices --from 2025-01-01 --to 2025-03-31 --output FILE.xlsx`."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from invoicing.documentation.render import make_approved_invoices_xlsx
from invoicing.exports import write_file_atomically
from invoicing.selectors import approved_invoices_in


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ogiltigt datum {value!r}; använd ÅÅÅÅ-MM-DD.") from exc


class Command(BaseCommand):
    help = "Exporterar alla attesterade (och betalda) fakturor vars period börjar inom intervallet till en xlsx-fil."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, help="ÅÅÅÅ-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="ÅÅÅÅ-MM-DD")
        parser.add_argument("--output", required=True)

    def handle(self, *args, start: str, end: str, output: str, **options):
        first, last = _date(start), _date(end)
        if last < first:
            raise CommandError("Slutdatum ligger före startdatum.")
        invoices = list(approved_invoices_in(first, last))
        try:
            write_file_atomically(output, make_approved_invoices_xlsx(invoices, first, last))
        except OSError as exc:
            raise CommandError(
                exc.strerror and f"Kunde inte skriva {output}: {exc.strerror}" or str(exc)
            ) from exc
        self.stderr.write(f"Skrev {output}: {len(invoices)} fakturor.")
