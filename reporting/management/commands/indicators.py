"""`python manage.py indicators [--partnership ASN-…] --from 2025-01-01 --to 2025-12-31 [--format json|csv] [--raw]`.

Prints `reporting.indicators.compute_indicators(...).as_dict()`: disclosure-controlled by default (the
figures the steering group and the board may see), raw counts with `--raw` (coordinator use only).
CSV: one `key,value` line per leaf, keys as dotted paths (`indicators.1.value`).
"""

import csv
import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from iop.models import Partnership
from reporting.indicators import compute_indicators


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ogiltigt datum {value!r}: använd ÅÅÅÅ-MM-DD.") from exc


def flatten(data, prefix: str = ""):
    """(dotted key, value) for every leaf of a JSON structure."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from flatten(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(data, list):
        if not data:
            yield prefix, ""
        for i, value in enumerate(data):
            yield from flatten(value, f"{prefix}.{i}")
    else:
        yield prefix, "" if data is None else data


class Command(BaseCommand):
    help = "Skriver ut indikatorerna för ett partnerskap (eller alla) och en period, som JSON eller CSV."

    def add_arguments(self, parser):
        parser.add_argument("--partnership", help="Diarienummer, t.ex. ASN-2024-1234 (utelämna för alla)")
        parser.add_argument("--from", dest="start", required=True, help="Periodens första dag, ÅÅÅÅ-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="Periodens sista dag, ÅÅÅÅ-MM-DD")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument(
            "--raw",
            action="store_true",
            help="Oskyddade siffror (bara för samordnarens eget bruk; inte för styrgrupp eller nämnd).",
        )

    def handle(self, *args, partnership, start, end, format, raw, **options):
        start_date, end_date = _date(start), _date(end)
        if end_date < start_date:
            raise CommandError("--to kan inte ligga före --from.")
        found = None
        if partnership:
            found = Partnership.objects.filter(case_number=partnership).first()
            if found is None:
                raise CommandError(f"Partnerskapet {partnership} finns inte.")
        data = compute_indicators(partnership=found, start=start_date, end=end_date).as_dict(
            protected=not raw
        )
        if format == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(["key", "value"])
        for key, value in flatten(data):
            writer.writerow([key, value])
