"""manage.py import_participants FILE [--dry-run] [--partnership ASN-…] [--user USERNAME]"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from iop.models import Partnership, User
from participants.imports.reading import ImportFileError
from participants.imports.rows import import_participants


class Command(BaseCommand):
    help = "Importera deltagare, samtycken, anvisningar och arbetsträningsplatser från .xlsx eller .csv (allt eller inget)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Sökväg till .xlsx- eller .csv-filen")
        parser.add_argument("--dry-run", action="store_true", help="Kontrollera bara; importera inget")
        parser.add_argument(
            "--partnership", help="Diarienummer (ASN-ÅÅÅÅ-NNNN) när kolumnen partnerskap saknas"
        )
        parser.add_argument(
            "--user", help="Användarnamn som står som registrerande (och standardhandläggare)"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Filen finns inte: {path}")
        if path.stat().st_size > settings.UPLOAD_MAX_BYTES:
            raise CommandError("Filen är för stor.")
        partnership = None
        if options["partnership"]:
            partnership = Partnership.objects.filter(case_number=options["partnership"]).first()
            if partnership is None:
                raise CommandError(f"Partnerskapet finns inte: {options['partnership']}")
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"Användaren finns inte: {options['user']}")
        try:
            result = import_participants(
                content=path.read_bytes(),
                name=path.name,
                by=user,
                partnership=partnership,
                dry_run=options["dry_run"],
            )
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        for problem in result.problems:
            self.stderr.write(f"{problem.sheet} rad {problem.row}: {problem.message}")
        if not result.ok:
            raise CommandError(f"Ingenting importerades: {len(result.problems)} fel.")
        counts = ", ".join(f"{k}: {v}" for k, v in result.created.items())
        verb = "Kontrollerad (inget importerat)" if result.dry_run else "Importerad"
        self.stdout.write(self.style.SUCCESS(f"{verb}: {result.rows} rader. Nya – {counts}."))
