"""Two users save the same placement at the same moment (PostgreSQL, real row locks): the later save
must not silently overwrite the earlier one. Both forms carry the version they were loaded with."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from bench.generate import generate
from participants.models import EndReason, Placement
from participants.services import placement_end

from .conftest import TODAY

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (SELECT … FOR UPDATE between two connections)"
)


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_two_users_ending_the_same_placement_at_once_one_wins_the_other_is_told_it_changed():
    generate(scale=0.001, seed=11, today=TODAY)
    placement = Placement.objects.filter(end_date__isnull=True).order_by("pk").first()
    loaded_version = placement.version
    reason = EndReason.objects.order_by("pk").first()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def save(days: int) -> None:
        try:
            barrier.wait(timeout=30)
            placement_end(
                placement=Placement.objects.get(pk=placement.pk),
                end_date=max(placement.start_date, TODAY - dt.timedelta(days=days)),
                end_reason=reason,
                expected_version=loaded_version,
            )
            outcome = "saved"
        except ValidationError as exc:
            outcome = exc.code or str(exc)
        except Exception as exc:  # noqa: BLE001 - shown in the assertion
            outcome = f"error: {exc!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=save, args=(d,)) for d in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["saved", "stale"], outcomes
    placement.refresh_from_db()
    assert placement.version == loaded_version + 1
    assert placement.end_date is not None
