"""`python manage.py export_invoice NUMBER --format pdf|xlsx|csv|ubl --output FILE`."""

from django.core.management.base import BaseCommand, CommandError

from invoicing.exports import FORMATS, NotExportable, export_invoice, write_file_atomically
from invoicing.selectors import find_by_number


class Command(BaseCommand):
    help = (
        "Exporterar en faktura: fakturaunderlag som PDF, xlsx eller csv, eller e-faktura (Peppol BIS 3.0 UBL). "
        "NUMBER är ORGNR:NUMMER (t.ex. 846004-8716:12) eller bara numret om bara en organisation har det."
    )

    def add_arguments(self, parser):
        parser.add_argument("number", help="ORGNR:NUMMER eller NUMMER")
        parser.add_argument("--format", choices=FORMATS, default="pdf")
        parser.add_argument(
            "--output", required=True, help="Fil att skriva; '-' för standard ut (bara csv/ubl)."
        )

    def handle(self, *args, number: str, format: str, output: str, **options):
        matches = find_by_number(number)
        if not matches:
            raise CommandError(f"Ingen faktura med nummer {number}.")
        if len(matches) > 1:
            issuers = ", ".join(f"{i.seller.org_number}:{i.document_number}" for i in matches)
            raise CommandError(f"Numret {number} är tvetydigt; ange utfärdaren: {issuers}")
        try:
            export = export_invoice(matches[0], format)
        except NotExportable as exc:
            raise CommandError(str(exc)) from exc
        if output == "-":
            if format in ("pdf", "xlsx"):
                raise CommandError("PDF och xlsx kan inte skrivas till standard ut; ange --output FIL.")
            self.stdout.write(export.content.decode("utf-8-sig"), ending="")
            return
        try:
            write_file_atomically(output, export.content)
        except OSError as exc:
            raise CommandError(
                exc.strerror and f"Kunde inte skriva {output}: {exc.strerror}" or str(exc)
            ) from exc
        self.stderr.write(f"Skrev {output} ({len(export.content)} byte).")
