"""manage.py gallra [--dry-run]: anonymise participants' personal data after RETENTION_MONTHS."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from participants.retention import run_retention


class Command(BaseCommand):
    help = "Gallra personuppgifter om deltagare RETENTION_MONTHS månader efter senaste aktivitet."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Räkna bara; ändra inget")

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        command = "manage.py gallra" + (" --dry-run" if dry_run else "")
        result = run_retention(command=command, dry_run=dry_run)
        run = result.run
        what = "skulle gallras" if dry_run else "gallrade"
        self.stdout.write(
            self.style.SUCCESS(
                f"{run.participants_anonymised} deltagare {what} "
                f"(senaste aktivitet senast {run.cutoff_date:%Y-%m-%d}, {settings.RETENTION_MONTHS} månader)."
            )
        )
        if options["verbosity"] > 1:
            sys.stdout.write("id: " + ", ".join(str(i) for i in result.participant_ids) + "\n")
