"""`python manage.py generate_load_data --scale N [--seed S] [--programme]`: city-scale load data for the benchmark.

The generator lives in bench/generate.py (see docs/bench.md). It refuses to run twice on the same
database: load data is meant for a database of its own (`make bench` creates one).
"""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Skapar deterministisk belastningsdata (fiktiva personer) för prestandamätning."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=0.01, help="1 = 50 partnerskap, 50 000 deltagare …"
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, default=None, help="Referensdag ÅÅÅÅ-MM-DD."
        )
        parser.add_argument(
            "--programme", action="store_true", help="Lägg till ett stort program (fröets 003 form × skala)."
        )

    def handle(self, *args, scale: float, seed: int, today: dt.date | None, programme: bool, **options):
        from bench.generate import counts_for, generate, load_data_present

        if not 0 < scale <= 10:
            raise CommandError("--scale måste vara större än 0 och högst 10.")
        if load_data_present():
            raise CommandError(
                "Databasen har redan belastningsdata. Använd en tom databas (make bench skapar en egen)."
            )
        self.stdout.write(
            f"Skapar belastningsdata, skala {scale}, frö {seed}: {counts_for(scale, programme)}"
        )
        started = time.monotonic()
        result = generate(scale=scale, seed=seed, today=today, log=self.stdout.write, programme=programme)
        for reason in result.skipped:
            self.stdout.write(f"  skipped: {reason}")
        self.stdout.write(self.style.SUCCESS(f"Klart på {time.monotonic() - started:.1f} s: {result.counts}"))
