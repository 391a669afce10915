"""manage.py expire_exports [--dry-run]: delete export files older than EXPORT_RETENTION_DAYS (the daily
beat task does the same; this is for a manual run)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from reporting.exports.retention import expire_export_files, export_files_due


class Command(BaseCommand):
    help = "Tar bort exportfiler (åtkomstlogg, attesterade fakturor, översiktens data) äldre än EXPORT_RETENTION_DAYS dagar."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Räkna bara; ta inte bort något")

    def handle(self, *args, dry_run: bool = False, **options):
        days = settings.EXPORT_RETENTION_DAYS
        if dry_run:
            count = export_files_due().count()
            self.stdout.write(f"{count} exportfiler äldre än {days} dagar skulle tas bort.")
            return
        count = expire_export_files()
        self.stdout.write(self.style.SUCCESS(f"{count} exportfiler äldre än {days} dagar togs bort."))
