"""Load data: the access log (åtkomstlogg) at scale, 1 000 000 rows at scale 1, spread over the five
years with more rows in recent months, written with COPY on PostgreSQL (about 10 s a million rows)
and `bulk_create` in big batches elsewhere. Reads by case officers and supervisors of the generated
participants, some exports, changes and refusals; `detail` holds no personal data, like the product's."""

from __future__ import annotations

import datetime as dt

from django.db import connection

from bench.generate_common import BATCH, GeneratorState
from participants.models import AccessLog

COLUMNS = (
    "at",
    "user_id",
    "username",
    "participant_id",
    "participant_ref",
    "action",
    "outcome",
    "path",
    "detail",
)
ACTIONS = [
    ("view", "allowed", 88),
    ("change", "allowed", 7),
    ("export", "allowed", 3),
    ("denied", "denied", 2),
]


class AccessLogRows(GeneratorState):
    """Writes the access log; mixed into `bench.generate.Generator`."""

    def access_log(self) -> None:
        rng = self.rng
        n = self.n["access_log"]
        readers = [(u.pk, u.username) for u in self.case_officers]
        readers += [(u.pk, u.username) for users in self.supervisors_by_p.values() for u in users]
        participants = [p.pk for p in self.participant_objs]
        end = dt.datetime.combine(self.today, dt.time(17, 0), tzinfo=self.tz)
        span = (
            end - dt.datetime.combine(dt.date(self.first_year, 1, 1), dt.time(8, 0), tzinfo=self.tz)
        ).total_seconds()
        # u ** 0.7 puts more rows in recent months (the product is used more as it grows).
        offsets = sorted(span * (1 - rng.random() ** 0.7) for _ in range(n))
        kinds = [(a, o) for a, o, w in ACTIONS for _ in range(w)]

        def rows():
            for offset in reversed(offsets):
                user_id, username = rng.choice(readers)
                pid = rng.choice(participants)
                action, outcome = rng.choice(kinds)
                at = end - dt.timedelta(seconds=offset)
                yield (at, user_id, username, pid, pid, action, outcome, f"/deltagare/{pid}/", "")

        if connection.vendor == "postgresql":
            table = AccessLog._meta.db_table
            with connection.cursor() as cursor:
                copy_sql = f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN"  # noqa: S608 - constant names
                with cursor.cursor.copy(copy_sql) as copy:
                    for row in rows():
                        copy.write_row(row)
        else:
            batch = []
            for row in rows():
                batch.append(AccessLog(**dict(zip(COLUMNS, row, strict=True))))
                if len(batch) >= BATCH * 4:
                    AccessLog.objects.bulk_create(batch, batch_size=BATCH)
                    batch = []
            AccessLog.objects.bulk_create(batch, batch_size=BATCH)
        self.result.counts["access_log"] = n
