"""Access-log review (loggkontroll): list and filters, per participant and per user, export, reviews."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from openpyxl import load_workbook

from iop.roles import Role
from participants.access_log import log_access, log_denied
from participants.models import AccessLog, AccessLogReview
from participants.tests.factories import ParticipantFactory
from reporting.models import ReportJob
from tests.export_jobs import download, post_export
from tests.factories import UserFactory


@pytest.fixture
def rows(setup):
    p1, p2 = ParticipantFactory(), ParticipantFactory()
    log_access(request_or_user=setup.ams, participant=p1, action="view", detail="deltagarsida")
    log_access(request_or_user=setup.supervisor, participant=p1, action="change", detail="plan")
    log_access(request_or_user=setup.ams, participant=p2, action="export", detail="lista")
    log_denied(request_or_user=setup.supervisor, participant=p2, detail="HTTP 403")
    # Written directly with an old timestamp: on PostgreSQL the log refuses UPDATE.
    AccessLog.objects.create(
        at=timezone.now() - dt.timedelta(days=40),
        user=setup.ams,
        username=setup.ams.username,
        participant=p2,
        participant_ref=p2.pk,
        action="view",
        detail="gammal",
    )
    return p1, p2


def listed(response):
    return [r.detail for r in response.context["page"]]


def test_coordinator_sees_the_whole_log_newest_first_including_refusals(client, setup, rows):
    client.force_login(setup.coordinator)
    response = client.get(reverse("participants:access_log"))
    assert response.status_code == 200
    assert listed(response) == ["HTTP 403", "lista", "plan", "deltagarsida", "gammal"]
    assert response.context["page"].rows[0].outcome == "denied"


def test_filters_by_participant_user_action_and_dates(client, setup, rows):
    p1, p2 = rows
    client.force_login(setup.coordinator)
    base = reverse("participants:access_log")
    assert listed(client.get(base, {"participant": p1.pk})) == ["plan", "deltagarsida"]
    assert listed(client.get(base, {"user": setup.ams.username})) == ["lista", "deltagarsida", "gammal"]
    assert listed(client.get(base, {"action": "denied"})) == ["HTTP 403"]
    today = timezone.localdate()
    past = today - dt.timedelta(days=40)
    assert listed(client.get(base, {"date_to": f"{past:%Y-%m-%d}"})) == ["gammal"]
    assert "gammal" not in listed(client.get(base, {"date_from": f"{today:%Y-%m-%d}"}))


def test_per_participant_and_per_user_pages(client, setup, rows):
    p1, p2 = rows
    client.force_login(setup.coordinator)
    r = client.get(reverse("participants:access_log_participant", kwargs={"participant_id": p2.pk}))
    assert r.status_code == 200 and listed(r) == ["HTTP 403", "lista", "gammal"]
    r = client.get(reverse("participants:access_log_user", kwargs={"user_id": setup.supervisor.pk}))
    assert r.status_code == 200 and listed(r) == ["HTTP 403", "plan"]
    r = client.get(reverse("participants:access_log_user", kwargs={"user_id": 999999}))
    assert r.status_code == 404


def test_participant_log_never_takes_a_personnummer():
    with pytest.raises(NoReverseMatch):
        reverse("participants:access_log_participant", kwargs={"participant_id": "19850101-1234"})


@pytest.mark.parametrize(
    "query",
    [
        {"date_from": "2025-02-31"},
        {"action": "delete"},
        {"participant": "abc"},
        {"date_from": "2025-03-01", "date_to": "2025-02-01"},
    ],
)
def test_bad_filters_answer_400_with_a_message(client, setup, query):
    client.force_login(setup.coordinator)
    response = client.get(reverse("participants:access_log"), query)
    assert response.status_code == 400
    assert response.context["form"].errors


@pytest.mark.parametrize("n", [3, 60])
def test_list_query_count_is_constant(client, setup, n, django_assert_max_num_queries):
    for i in range(n):
        log_access(request_or_user=setup.ams, participant=i + 1, action="view")
    client.force_login(setup.coordinator)
    # session, user, roles, count, page rows, the page's users' full names, the page's participants'
    # pseudonyms, users for the filter + the session save (3 with savepoints)
    with django_assert_max_num_queries(11):
        assert client.get(reverse("participants:access_log")).status_code == 200


def test_list_query_count_is_the_same_with_few_and_many_rows(client, setup):
    client.force_login(setup.coordinator)

    def measure():
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("participants:access_log"))
        return len(ctx.captured_queries)

    log_access(request_or_user=setup.ams, participant=1, action="view")
    measure()  # the first page after login also saves the session
    few = measure()
    for i in range(80):
        log_access(request_or_user=setup.supervisor, participant=i, action="view")
    assert measure() == few


EXPORT = reverse("participants:access_log_export")


def test_the_export_form_proposes_the_last_month_and_keeps_the_list_filters(client, setup, rows):
    p1, _p2 = rows
    client.force_login(setup.coordinator)
    with time_machine.travel(dt.datetime(2026, 3, 15, 12, tzinfo=dt.UTC), tick=False):
        response = client.get(EXPORT, {"participant": p1.pk, "page": 2})
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert (initial["date_from"], initial["date_to"]) == (dt.date(2026, 2, 16), dt.date(2026, 3, 15))
    assert initial["participant"] == str(p1.pk) and "page" not in initial


def test_csv_export_runs_as_a_job_with_the_filtered_rows_and_is_itself_logged(
    client, setup, rows, django_capture_on_commit_callbacks
):
    p1, _p2 = rows
    client.force_login(setup.coordinator)
    today = timezone.localdate()
    data = {
        "participant": p1.pk,
        "format": "csv",
        "date_from": today - dt.timedelta(days=30),
        "date_to": today,
    }
    job = post_export(client, EXPORT, data, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert (job.kind, job.state, job.requested_by) == ("access_log_export", "done", setup.coordinator)
    assert (job.rows_done, job.rows_total) == (2, 2)
    text = download(client, job).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert table[0][0] == "tidpunkt"
    assert [r[-1] for r in table[1:]] == ["plan", "deltagarsida"]
    # Asking for the export and handing out its file are both logged.
    exports = AccessLog.objects.filter(action="export", username=setup.coordinator.username).order_by("pk")
    assert [e.participant_ref for e in exports] == [None, None]
    assert "export åtkomstlogg" in exports[0].detail and "nedladdning" in exports[1].detail


def test_xlsx_export_of_the_default_month_leaves_older_rows_out(
    client, setup, rows, django_capture_on_commit_callbacks
):
    client.force_login(setup.coordinator)
    initial = client.get(EXPORT).context["form"].initial
    job = post_export(client, EXPORT, {**initial, "format": "xlsx"}, django_capture_on_commit_callbacks)
    ws = load_workbook(io.BytesIO(download(client, job))).active
    details = [row[-1] for row in ws.iter_rows(min_row=2, values_only=True)]
    # The four rows of the month and the export's own row; the row 40 days old is outside the month.
    assert len(details) == 5 and "gammal" not in details


@pytest.mark.parametrize(
    "data,field",
    [
        ({"format": "csv", "date_to": "2026-01-31"}, "date_from"),
        ({"format": "csv", "date_from": "2026-01-01"}, "date_to"),
        ({"format": "csv", "date_from": "2026-02-01", "date_to": "2026-01-01"}, "date_to"),
        ({"format": "pdf", "date_from": "2026-01-01", "date_to": "2026-01-31"}, "format"),
    ],
)
def test_an_export_without_a_period_or_with_an_unknown_format_is_refused_at_the_field(
    client, setup, rows, data, field
):
    client.force_login(setup.coordinator)
    before = (AccessLog.objects.count(), ReportJob.objects.count())
    response = client.post(EXPORT, data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert (AccessLog.objects.count(), ReportJob.objects.count()) == before


def test_the_export_file_is_only_for_its_owner(client, setup, rows, django_capture_on_commit_callbacks):
    client.force_login(setup.coordinator)
    initial = client.get(EXPORT).context["form"].initial
    job = post_export(client, EXPORT, {**initial, "format": "csv"}, django_capture_on_commit_callbacks)
    other_coordinator = UserFactory(roles=[Role.SAMORDNARE])
    client.force_login(other_coordinator)
    for name in ("reporting:export_job", "reporting:export_job_status_hx", "reporting:export_download"):
        assert client.get(reverse(name, kwargs={"pk": job.pk})).status_code == 404
    # Nor through the reports' own download, which every coordinator may use for reports.
    assert client.get(reverse("reporting:download", kwargs={"pk": job.report.pk})).status_code == 404
    # The owner who lost the coordinator role loses the file too.
    setup.coordinator.groups.clear()
    client.force_login(setup.coordinator)
    assert client.get(reverse("reporting:export_download", kwargs={"pk": job.pk})).status_code == 403


ALL_LOG_URLS = [
    ("participants:access_log", {}),
    ("participants:access_log_export", {}),
    ("participants:access_log_participant", {"participant_id": 1}),
    ("participants:access_log_user", {"user_id": 1}),
    ("participants:access_log_reviews", {}),
    ("participants:access_log_review_create", {}),
]


@pytest.mark.parametrize("name,kwargs", ALL_LOG_URLS)
@pytest.mark.parametrize("role", [Role.AMS, Role.HANDLEDARE, Role.STYRGRUPP, Role.EKONOMI, Role.ATTESTANT])
def test_only_coordinators_review_the_log(client, db, name, kwargs, role):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 403


@pytest.mark.parametrize("name,kwargs", ALL_LOG_URLS)
def test_anonymous_users_are_sent_to_login(client, db, name, kwargs):
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 302


@pytest.mark.parametrize("name,kwargs", ALL_LOG_URLS[:1] + ALL_LOG_URLS[2:5])
def test_the_log_pages_do_not_accept_post(client, setup, name, kwargs):
    client.force_login(setup.coordinator)
    assert client.post(reverse(name, kwargs=kwargs)).status_code == 405


def test_there_is_no_url_to_change_or_delete_log_rows():
    from participants import urls

    names = {p.name for p in urls.urlpatterns if p.name.startswith("access_log")}
    assert "access_log_review_create" in names
    assert not {n for n in names if "delete" in n or "edit" in n or "change" in n or "update" in n}
    from django.contrib import admin

    assert AccessLog not in admin.site._registry and AccessLogReview not in admin.site._registry


# --- Reviews --------------------------------------------------------------------------------


def test_a_review_is_recorded_with_who_when_sample_and_finding(client, setup, rows):
    client.force_login(setup.coordinator)
    assert client.get(reverse("participants:access_log_review_create")).status_code == 200
    response = client.post(
        reverse("participants:access_log_review_create"),
        {
            "period_start": "2025-01-01",
            "period_end": "2025-03-31",
            "reviewed_user": setup.supervisor.username,
            "reviewed_participant_ref": rows[0].pk,
            "sample": "Alla visningar av handledaren under kvartalet.",
            "finding": "Inga obehöriga visningar.",
        },
    )
    assert response.status_code == 302
    review = AccessLogReview.objects.get()
    assert review.reviewed_by == setup.coordinator
    assert (review.reviewed_user, review.reviewed_participant_ref, review.deviations_found) == (
        setup.supervisor,
        rows[0].pk,
        False,
    )
    listing = client.get(reverse("participants:access_log_reviews"))
    assert listing.status_code == 200 and list(listing.context["page"]) == [review]


def test_a_review_with_bad_input_is_refused_with_400_and_not_saved(client, setup):
    client.force_login(setup.coordinator)
    response = client.post(
        reverse("participants:access_log_review_create"),
        {"period_start": "2025-03-31", "period_end": "2025-01-01", "sample": "", "finding": "x"},
    )
    assert response.status_code == 400
    assert {"period_end", "sample"} <= set(response.context["form"].errors)
    assert AccessLogReview.objects.count() == 0


def test_review_list_query_count_is_constant(client, setup):
    client.force_login(setup.coordinator)

    def measure():
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("participants:access_log_reviews"))
        return len(ctx.captured_queries)

    def add(n):
        for _ in range(n):
            AccessLogReview.objects.create(
                reviewed_by=setup.coordinator,
                reviewed_user=UserFactory(),
                period_start=dt.date(2025, 1, 1),
                period_end=dt.date(2025, 1, 31),
                sample="s",
                finding="f",
            )

    add(1)
    measure()  # the first page after login also saves the session
    few = measure()
    add(15)
    assert measure() == few


# --- the log in words ------------------------------------------------------------------------------


def test_the_log_shows_pseudonyms_full_names_and_page_names(client, setup, rows):
    p1, _p2 = rows
    AccessLog.objects.create(
        user=setup.ams,
        username=setup.ams.username,
        participant=p1,
        participant_ref=p1.pk,
        action="view",
        path=reverse("participants:detail", args=[p1.pk]),
        detail="deltagarsida",
    )
    client.force_login(setup.coordinator)
    response = client.get(reverse("participants:access_log"))
    html = response.content.decode()
    shown = {r.participant_ref: r for r in response.context["rows"]}
    assert shown[p1.pk].participant_name == p1.pseudonym
    assert p1.pseudonym in html
    assert setup.ams.get_full_name() in html
    newest = response.context["rows"][0]
    assert newest.page_name == "Deltagarsidan"
    assert "Nekad" in html  # the outcome in words


def test_a_participant_removed_by_retention_is_shown_by_number(client, setup):
    AccessLog.objects.create(
        user=setup.ams, username=setup.ams.username, participant_ref=987654, action="view", detail="x"
    )
    client.force_login(setup.coordinator)
    html = client.get(reverse("participants:access_log")).content.decode()
    assert "nr 987654 (gallrad)" in html


def test_an_unknown_address_is_shown_as_it_was_written():
    from participants.access_review import page_name

    assert page_name("/finns-inte/här/") == "/finns-inte/här/"
    assert page_name("") == ""
