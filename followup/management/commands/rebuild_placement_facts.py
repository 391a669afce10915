"""manage.py rebuild_placement_facts [--batch-size N]: recompute every placement's follow-up facts."""

from django.core.management.base import BaseCommand

from followup.facts import REBUILD_BATCH, rebuild_placement_facts


class Command(BaseCommand):
    help = (
        "Räknar om uppföljningsfakta för alla arbetsträningsplatser från samtal och självskattningar "
        "(i omgångar, med konstant minnesåtgång)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=REBUILD_BATCH, help="Platser per omgång och transaktion."
        )

    def handle(self, *args, batch_size: int, **options):
        def progress(done: int) -> None:
            if options["verbosity"] > 1:
                self.stdout.write(f"  {done} platser")

        total = rebuild_placement_facts(batch_size=max(1, batch_size), log=progress)
        self.stdout.write(
            self.style.SUCCESS(f"Uppföljningsfakta omräknade för {total} arbetsträningsplatser.")
        )
