"""Dashboards: access, period filter, disclosure control, one engine, exports, query counts."""

import csv
import io
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from iop.models import Meeting
from iop.roles import Role
from participants.tests.factories import PlacementFactory
from reporting.indicators import compute_indicators
from reporting.models import ReportJob
from reporting.tests import scenario
from reporting.tests.scenario import D
from tests.export_jobs import download, post_export
from tests.factories import OrganisationFactory, PartyFactory, UserFactory


@pytest.fixture
def s(db):
    s = scenario.build()
    s.styrgrupp = UserFactory(organisation=s.partner, roles=[Role.STYRGRUPP])
    s.handledare = UserFactory(organisation=s.partner, roles=[Role.HANDLEDARE])
    s.other_styrgrupp = UserFactory(organisation=OrganisationFactory(), roles=[Role.STYRGRUPP])
    return s


def url(s, **query):
    q = "&".join(f"{k}={v}" for k, v in query.items()) or "year=2025"
    return reverse("reporting:partnership_dashboard", kwargs={"pk": s.p.pk}) + "?" + q


def test_the_coordinator_sees_the_engines_raw_figures(client, s):
    client.force_login(s.coordinator)
    response = client.get(url(s))
    assert response.status_code == 200
    pres = response.context["pres"]
    result = compute_indicators(partnership=s.p, start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert pres.protected is False
    assert [row[1] for row in pres.tables["indicators"].rows] == [i.value for i in result.indicators]
    assert pres.key_figures["started"] == result.started.total == 3


def test_the_steering_group_sees_no_count_of_one_or_two(client, s):
    # Two more held meetings, so that no figure that is not a count of persons is 1 or 2 either.
    for day in (D(2025, 5, 5), D(2025, 11, 5)):
        Meeting.objects.create(partnership=s.p, kind=Meeting.Kind.STEERING, date=day, held=True)
    client.force_login(s.styrgrupp)
    response = client.get(url(s))
    assert response.status_code == 200
    assert response.context["pres"].protected is True
    html = response.content.decode()
    cells = re.findall(r"<td class=\"num\">([^<]*)</td>", html)
    assert cells, "the dashboard shows tables"
    shown = re.findall(r"<tr><th scope=\"row\">([^<]*)</th>((?:<td class=\"num\">[^<]*</td>)+)", html)
    assert not [(label, row) for label, row in shown if re.search(r">[12]<", row)]
    assert "&lt;3" in html
    # The key figure cards too.
    cards = re.findall(r'<p class="h4 mb-0">([^<]*)', html)
    assert not [c for c in cards if c.strip() in ("1", "2")]


def test_the_period_filter_takes_a_quarter_and_a_custom_period(client, s):
    client.force_login(s.coordinator)
    q2 = client.get(url(s, year=2025, quarter=2))
    assert (q2.context["start"], q2.context["end"]) == (D(2025, 4, 1), D(2025, 6, 30))
    custom = client.get(url(s, start="2025-02-01", end="2025-02-28"))
    assert (custom.context["start"], custom.context["end"]) == (D(2025, 2, 1), D(2025, 2, 28))


@pytest.mark.parametrize(
    "query",
    [
        {"year": "tjugo"},
        {"year": 2025, "quarter": 5},
        {"start": "2025-03-01"},
        {"start": "2025-03-01", "end": "2025-02-01"},
        {"start": "2020-01-01", "end": "2025-12-31"},
    ],
)
def test_bad_filter_input_gives_400_with_a_swedish_message(client, s, query):
    client.force_login(s.coordinator)
    response = client.get(url(s, **query))
    assert response.status_code == 400
    assert "pres" not in response.context
    assert response.context["form"].errors


def test_the_dashboard_answers_only_get(client, s):
    client.force_login(s.coordinator)
    assert client.post(url(s)).status_code == 405


def test_anonymous_users_are_sent_to_the_login_page(client, s):
    response = client.get(url(s))
    assert response.status_code == 302 and "/logga-in/" in response["Location"]


def test_a_steering_group_member_of_another_organisation_gets_404(client, s):
    client.force_login(s.other_styrgrupp)
    assert client.get(url(s)).status_code == 404


def test_a_case_officer_has_no_dashboard(client, s):
    client.force_login(UserFactory(roles=[Role.AMS]))
    assert client.get(url(s)).status_code == 403


@pytest.mark.parametrize("extra", [0, 30])
def test_the_dashboards_query_count_does_not_grow_with_participants(
    client, s, extra, django_assert_num_queries
):
    for i in range(extra):
        PlacementFactory(partnership=s.p, start_date=D(2025, 1, 5 + i % 20), planned_end_date=D(2025, 5, 1))
    client.force_login(s.styrgrupp)
    client.get(url(s))  # warm caches (sessions, content types)
    cache.clear()  # measured computing, not served from the dashboard cache (test_dashboard_cache.py)
    with django_assert_num_queries(20):  # the user's roles come with the user (iop.auth); 1 for the risks
        assert client.get(url(s)).status_code == 200


def _export(client, s, table, fmt, capture, query="?year=2025"):
    url = reverse("reporting:partnership_dashboard_export", kwargs={"pk": s.p.pk, "table": table, "fmt": fmt})
    return post_export(client, url + query, {}, capture)


def test_every_table_exports_as_csv_and_xlsx_with_the_same_figures(
    client, s, django_capture_on_commit_callbacks
):
    client.force_login(s.styrgrupp)
    pres = client.get(url(s)).context["pres"]
    for key, table in pres.tables.items():
        job = _export(client, s, key, "csv", django_capture_on_commit_callbacks)
        rows = list(csv.reader(io.StringIO(download(client, job).decode("utf-8-sig")), delimiter=";"))
        assert rows[0] == table.columns, key
        assert len(rows) == len(table.rows) + 1
    job = _export(client, s, "indicators", "xlsx", django_capture_on_commit_callbacks)
    ws = load_workbook(io.BytesIO(download(client, job))).active
    values = [row for row in ws.iter_rows(values_only=True)]
    assert values[2][1] == 4  # indicator 1: four participants
    assert values[3][1] == "<3"  # indicator 2 is protected for the steering group


def test_the_full_data_export_writes_every_table_on_its_own_sheet(
    client, s, django_capture_on_commit_callbacks
):
    client.force_login(s.styrgrupp)
    pres = client.get(url(s)).context["pres"]
    job = _export(client, s, "alla", "xlsx", django_capture_on_commit_callbacks)
    job.refresh_from_db()
    book = load_workbook(io.BytesIO(download(client, job)))
    assert book.sheetnames == [key[:31] for key in pres.tables]
    assert job.rows_done == job.rows_total == sum(len(t.rows) for t in pres.tables.values())


def test_exports_check_access_and_reject_unknown_tables_and_formats(
    client, s, django_capture_on_commit_callbacks
):
    client.force_login(s.other_styrgrupp)
    export = reverse(
        "reporting:partnership_dashboard_export", kwargs={"pk": s.p.pk, "table": "indicators", "fmt": "csv"}
    )
    assert client.post(export).status_code == 404
    client.force_login(s.coordinator)
    assert client.get(export).status_code == 405
    pdf = reverse(
        "reporting:partnership_dashboard_export", kwargs={"pk": s.p.pk, "table": "indicators", "fmt": "pdf"}
    )
    assert client.post(pdf).status_code == 404
    all_csv = reverse(
        "reporting:partnership_dashboard_export", kwargs={"pk": s.p.pk, "table": "alla", "fmt": "csv"}
    )
    assert client.post(all_csv).status_code == 404
    assert client.post(export + "?year=x").status_code == 400
    assert not ReportJob.objects.filter(kind="dashboard_export").exists()
    job = _export(client, s, "nope", "csv", django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.state == "failed" and "nope" in job.failure_reason


def test_the_overview_is_for_coordinators_and_lists_every_partnership(client, s):
    client.force_login(s.styrgrupp)
    overview = reverse("reporting:overview_dashboard")
    assert client.get(overview).status_code == 403
    client.force_login(s.coordinator)
    response = client.get(overview + "?year=2025")
    assert response.status_code == 200
    rows = response.context["per_partnership"].rows
    assert [r[0] for r in rows] == ["ASN-2024-0777", "ASN-2024-0778"]
    assert rows[0][2] == 4 and rows[1][2] == 1
    total = compute_indicators(partnership=None, start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert response.context["pres"].key_figures["active"] == total.active.total == 5
    assert client.get(overview + "?quarter=9").status_code == 400


def test_a_handledare_of_the_non_profit_sees_the_protected_dashboard(client, s):
    PartyFactory(partnership=s.q, organisation=OrganisationFactory())
    client.force_login(s.handledare)
    response = client.get(url(s))
    assert response.status_code == 200 and response.context["pres"].protected
    assert client.get(reverse("reporting:partnership_dashboard", kwargs={"pk": s.q.pk})).status_code == 404


def _overview_queries(client) -> tuple[int, list]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    overview = reverse("reporting:overview_dashboard") + "?year=2025"
    client.get(overview)  # the session and the user's roles are loaded once
    cache.clear()  # measured computing (partnerships made by factories do not bump the data version)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(overview)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.context["per_partnership"].rows


def test_the_overview_takes_the_same_number_of_queries_whatever_the_number_of_partnerships(client, s):
    client.force_login(s.coordinator)
    with_two, rows = _overview_queries(client)
    assert len(rows) == 2
    for n in (10, 11, 12):
        scenario.extra_partnership(n, placements=n != 10)
    with_five, rows = _overview_queries(client)
    assert len(rows) == 5
    assert with_five == with_two <= 20


# --- reading the long page: contents, words, whole numbers, one heading per section -------------------------


def test_the_dashboard_has_a_table_of_contents_linking_every_section(client, s):
    client.force_login(s.coordinator)
    html = client.get(url(s)).content.decode()
    toc = html[html.index('class="dashboard-toc') : html.index("</nav>", html.index('class="dashboard-toc'))]
    anchors = re.findall(r'href="#([a-z]+)"', toc)
    sections = re.findall(r'<section id="([a-z]+)"', html)
    assert anchors == sections
    assert {"mal", "indikatorer", "ekonomi"} <= set(anchors)


def test_no_section_heading_repeats_a_table_or_chart_title(client, s):
    client.force_login(s.coordinator)
    html = client.get(url(s)).content.decode()
    headings = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)]
    captions = [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<caption>(.*?)</caption>", html, re.S)
    ]
    assert len(headings) == len(set(headings))
    assert not set(headings) & set(captions)


def test_the_indicator_chart_is_labelled_in_words(client, s):
    client.force_login(s.coordinator)
    chart = client.get(url(s)).context["pres"].charts["indicators"]
    labels = [row[0] for row in chart.table["rows"]]
    assert labels[0] == "Arbetstränat" and len(labels) == 5
    assert not any(label.isdigit() for label in labels)


def test_whole_targets_are_shown_as_whole_numbers(client, s):
    from decimal import Decimal

    from reporting.presentation import display, whole

    assert display(whole(Decimal("72.0"))) == "72"
    assert display(whole(Decimal("18.25"))) == "18,25"
    client.force_login(s.coordinator)
    pres = client.get(url(s)).context["pres"]
    assert all(not row[3].endswith(",0") for row in pres.tables["indicators"].display_rows())
    assert all(not row[2].endswith(",0") for row in pres.tables["goals"].display_rows())
