"""Write every figure of the indicator engine over the load data to a JSON file, to compare two
versions of the engine over the same database (`diff` the files)."""

import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand

from iop.models import Partnership
from reporting.indicators import compute_indicators_many
from reporting.indicators.facts import _placement_rows

D = dt.date


def periods() -> list[tuple[dt.date, dt.date]]:
    years = [(D(y, 1, 1), D(y, 12, 31)) for y in range(2021, 2028)]
    quarters = [
        (D(y, m, 1), (D(y + (m == 10), (m + 3) % 12 or 12, 1) - dt.timedelta(days=1)))
        for y in (2025, 2026)
        for m in (1, 4, 7, 10)
    ]
    return [*years, *quarters, (D(2023, 3, 17), D(2026, 2, 9)), (D(2026, 11, 30), D(2026, 12, 1))]


class Command(BaseCommand):
    help = "Skriver indikatormotorns alla resultat över belastningsdatan till en JSON-fil (för jämförelse)."

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path)

    def handle(self, *args, out: Path, **options):
        from django.db.models import Q

        partnerships = list(Partnership.objects.order_by("pk"))
        snapshot: dict[str, dict] = {}
        for start, end in periods():
            results = compute_indicators_many(partnerships, start=start, end=end, with_total=True)
            key = f"{start}..{end}"
            snapshot[key] = {str(pk): r.as_dict() for pk, r in results.items()}
            # The per-placement counts, capped where the engine only compares with a threshold.
            snapshot[key]["placements"] = {
                str(row["pk"]): [
                    min(row["joint_count"], 2),
                    row["intro_exit_kinds"],
                    row["assessed_occasions"],
                ]
                for row in _placement_rows(Q(), start, end)
            }
        out.write_text(json.dumps(snapshot, sort_keys=True, default=str, indent=1))
        self.stdout.write(f"{len(snapshot)} periods, {out.stat().st_size} bytes → {out}")
