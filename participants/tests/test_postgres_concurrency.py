"""PostgreSQL-only tests of the capacity rule under concurrency and the exclusion constraint."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction

from participants.models import Placement
from participants.services import placement_start
from participants.tests.factories import ConsentFactory, ParticipantFactory, PlacementFactory

D = dt.date
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (row locks, btree_gist exclusion constraint)"
)


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_eight_parallel_starts_for_the_last_place_let_exactly_one_through(setup):
    for _ in range(23):
        PlacementFactory(
            partnership=setup.partnership, start_date=D(2025, 3, 1), planned_end_date=D(2025, 6, 30)
        )
    candidates = []
    for _ in range(8):
        p = ParticipantFactory(case_officer=setup.ams)
        ConsentFactory(participant=p, partnership=setup.partnership, organisation=setup.partner)
        candidates.append(p)
    barrier = threading.Barrier(len(candidates))
    results: list[str] = []
    lock = threading.Lock()

    def worker(participant):
        try:
            barrier.wait(timeout=30)
            placement_start(participant=participant, partnership=setup.partnership, start_date=D(2025, 3, 10))
            outcome = "ok"
        except ValidationError as exc:
            outcome = "full" if exc.code == "capacity" or "fullt" in str(exc) else f"other: {exc}"
        except Exception as exc:  # noqa: BLE001 - reported in the assertion below
            outcome = f"error: {exc!r}"
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=worker, args=(p,)) for p in candidates]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(results) == ["full"] * 7 + ["ok"], results
    assert Placement.objects.filter(partnership=setup.partnership).count() == 24


@on_postgres
def test_exclusion_constraint_refuses_overlapping_placements_of_one_participant(setup):
    participant = ParticipantFactory()
    PlacementFactory(
        participant=participant,
        partnership=setup.partnership,
        start_date=D(2025, 3, 1),
        planned_end_date=D(2025, 6, 30),
    )
    # Bypass validation: the database itself must refuse.
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.create(
            participant=participant,
            partnership=setup.partnership,
            start_date=D(2025, 6, 30),
            planned_end_date=D(2025, 8, 1),
        )
    Placement.objects.create(
        participant=participant,
        partnership=setup.partnership,
        start_date=D(2025, 7, 1),
        planned_end_date=D(2025, 8, 1),
    )
