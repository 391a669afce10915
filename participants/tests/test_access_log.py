import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from participants.access_log import log_access, log_denied
from participants.models import AccessLog, AccessLogReview, Participant
from participants.tests.factories import ParticipantFactory

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only"
)


def test_log_access_records_user_participant_path_and_ip(setup):
    p = ParticipantFactory(case_officer=setup.ams)
    request = RequestFactory().get("/deltagare/1/?flik=plan", REMOTE_ADDR="10.1.2.3")
    request.user = setup.ams
    row = log_access(
        request_or_user=request, participant=p, action=AccessLog.Action.VIEW, detail="deltagarsida"
    )
    row.refresh_from_db()
    assert row.user == setup.ams and row.username == setup.ams.username
    assert (row.participant_id, row.participant_ref) == (p.pk, p.pk)
    # The query string may hold search terms: never stored.
    assert row.path == "/deltagare/1/" and row.ip_address == "10.1.2.3"
    assert row.outcome == AccessLog.Outcome.ALLOWED and row.at is not None


def test_log_access_accepts_a_user_for_tasks_and_exports(setup):
    row = log_access(
        request_or_user=setup.coordinator, participant=None, action=AccessLog.Action.EXPORT, detail="export"
    )
    assert row.user_id == setup.coordinator.pk and row.path == "" and row.ip_address is None


def test_log_denied_records_a_refused_access(setup):
    p = ParticipantFactory()
    request = RequestFactory().get("/deltagare/9/")
    request.user = setup.supervisor
    row = log_denied(request_or_user=request, participant=p.pk)
    assert (row.action, row.outcome) == (AccessLog.Action.DENIED, AccessLog.Outcome.DENIED)


def test_log_rows_survive_the_deletion_of_the_participant(setup):
    p = ParticipantFactory()
    log_access(request_or_user=setup.ams, participant=p, action=AccessLog.Action.VIEW)
    pk = p.pk
    Participant.objects.filter(pk=pk).delete()
    row = AccessLog.objects.get()
    assert row.participant_ref == pk and row.participant_id == pk


def test_log_row_is_rolled_back_with_the_access_it_belongs_to(setup):
    p = ParticipantFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        log_access(request_or_user=setup.ams, participant=p, action=AccessLog.Action.CHANGE)
        raise RuntimeError
    assert not AccessLog.objects.exists()


def test_a_review_is_recorded(setup):
    review = AccessLogReview(
        reviewed_by=setup.coordinator,
        period_start="2025-01-01",
        period_end="2025-03-31",
        sample="20 slumpvisa visningar",
        finding="Inga avvikelser",
    )
    review.full_clean()
    review.save()
    assert AccessLogReview.objects.count() == 1


@on_postgres
def test_access_log_refuses_update_on_postgresql(setup):
    row = log_access(request_or_user=setup.ams, participant=None, action=AccessLog.Action.VIEW)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLog.objects.filter(pk=row.pk).update(detail="ändrad")
    row.refresh_from_db()
    assert row.detail == ""


@on_postgres
def test_access_log_refuses_delete_on_postgresql(setup):
    row = log_access(request_or_user=setup.ams, participant=None, action=AccessLog.Action.VIEW)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM participants_accesslog WHERE id = %s", [row.pk])
    assert AccessLog.objects.filter(pk=row.pk).exists()
