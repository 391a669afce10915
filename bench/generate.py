"""Deterministic load data at city scale for the benchmark (`manage.py generate_load_data`).

At scale 1: 50 partnerships over 5 years, 50 000 participants, 100 000 placements, 1 000 000 talks
(when the followup app has its Talk model), 10 000 invoices (when the invoicing app has its models),
with consents, referrals (placed, waiting, declined), end reasons, staff and users of every role.

Everything comes from one seeded `random.Random`, so a seed and a reference day give the same data.
Rows are written with `bulk_create` in batches (no services, no history rows): the capacity rule
holds by construction, because each partnership's placements are generated as chains of
back-to-back placements per place (slot), so at most `places_at_once` overlap on any day.
All people are fictional; personal identity numbers come from `personnummer.make_fictional`.

The stages live in `generate_registry`, `generate_people` and `generate_activity`; what they share in
`generate_common`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from bench.accounts import BENCH_PASSWORD
from bench.generate_activity import ActivityRows
from bench.generate_common import YEARS, Result, counts_for
from bench.generate_log import AccessLogRows
from bench.generate_people import PeopleRows
from bench.generate_programme import ProgrammeRows
from bench.generate_registry import RegistryRows
from iop.models import Partnership

__all__ = ["Generator", "counts_for", "generate", "load_data_present"]


class Generator(RegistryRows, PeopleRows, ActivityRows, ProgrammeRows, AccessLogRows):
    """Writes the load data stage by stage (each stage is a mixin of its own module) in a few
    transactions; `run()` returns what was written."""

    def __init__(
        self, *, scale: float, seed: int, today: dt.date, log: Callable[[str], None], programme: bool = False
    ):
        self.scale = scale
        self.programme = programme
        self.rng = random.Random(seed)
        self.today = today
        self.log = log
        self.n = counts_for(scale, programme)
        self.first_year = today.year - YEARS + 1
        self.result = Result()
        self.password_hash = make_password(BENCH_PASSWORD)
        self.tz = timezone.get_current_timezone()

    # --- all ------------------------------------------------------------------------------
    def run(self) -> Result:
        with transaction.atomic():
            self.registry()
            self.log(f"  registry: {self.result.counts}")
            planned = self.plan_placements()
            self.participants(planned)
            self.referrals_consents_placements(planned)
            self.log(f"  participants and placements: {self.result.counts}")
        with transaction.atomic():
            self.talks(planned)
        self.placement_facts()
        with transaction.atomic():
            self.programme_enrolments(planned)
        with transaction.atomic():
            self.access_log()
        self.log(f"  talks and access log: {self.result.counts}")
        try:
            with transaction.atomic():
                self.invoices()
        except Exception as exc:  # noqa: BLE001 - the invoicing models may have changed shape; say so
            self.result.skipped.append(f"invoices: {type(exc).__name__}: {exc}"[:300])
        return self.result


def load_data_present() -> bool:
    return Partnership.objects.filter(case_number__regex=r"^ASN-\d{4}-9\d{3}$").exists()


def generate(
    *, scale: float, seed: int = 1, today: dt.date | None = None, log=lambda s: None, programme: bool = False
) -> Result:
    return Generator(
        scale=scale, seed=seed, today=today or dt.date.today(), log=log, programme=programme
    ).run()
