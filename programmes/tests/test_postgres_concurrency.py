"""PostgreSQL-only: the team caseload target under concurrency (row locks do nothing on SQLite, where a
write transaction is serialised anyway)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from participants.tests.factories import ParticipantFactory
from programmes.models import Enrolment
from programmes.tests.factories import enrol, programme_world

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (row locks)")


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_six_parallel_enrolments_for_the_last_place_in_a_team_let_exactly_one_through():
    w = programme_world(target=2)  # the world enrols one participant in team 1: one place left
    candidates = [ParticipantFactory() for _ in range(6)]
    barrier = threading.Barrier(len(candidates))
    results: list[str] = []
    lock = threading.Lock()

    def worker(participant):
        try:
            barrier.wait(timeout=30)
            enrol(w.programme, w.team, w.leader, participant=participant)
            outcome = "ok"
        except ValidationError as exc:
            outcome = "full" if "fullt" in str(exc) else f"other: {exc}"
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
    assert sorted(results) == ["full"] * 5 + ["ok"], results
    assert Enrolment.objects.filter(team=w.team).count() == 2
