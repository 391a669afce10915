"""read_snapshot: one snapshot for every query inside, on PostgreSQL and SQLite alike."""

import pytest
from django.db import connection

from iop.snapshots import read_snapshot


@pytest.mark.django_db(transaction=True)
def test_a_snapshot_read_is_one_repeatable_read_only_transaction():
    with read_snapshot():
        assert connection.in_atomic_block
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW transaction_isolation")
                assert cursor.fetchone()[0] == "repeatable read"
                cursor.execute("SHOW transaction_read_only")
                assert cursor.fetchone()[0] == "on"
    assert not connection.in_atomic_block


@pytest.mark.django_db
def test_inside_an_open_transaction_it_is_a_savepoint_of_that_transaction():
    with read_snapshot():
        assert connection.in_atomic_block
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW transaction_read_only")
                assert cursor.fetchone()[0] == "off"
