"""Consistent reads: several queries that must see the database as of one moment.

A page that lists related rows from several queries (a participant's consents, referrals and placements;
a placement with its records and history) must not show a write that lands between two of its queries
in one list and not in the other. `read_snapshot()` opens the one transaction such a read needs:

- on PostgreSQL a REPEATABLE READ, READ ONLY transaction: every query inside sees the snapshot taken
  by the first one (the default READ COMMITTED would take a new snapshot per query);
- on SQLite a read transaction, which is one snapshot by itself.

Inside a transaction that is already open (a service, a test) the isolation of that transaction holds
and the block is a savepoint. Only selectors use it; writes are services' own transactions.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def read_snapshot() -> Iterator[None]:
    """One consistent snapshot for every query inside the block (see the module)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield
