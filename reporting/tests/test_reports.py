"""The three PDF reports: the same engine and tables as the dashboards; schedules."""

import io
import re

import pytest
from django.urls import reverse
from django_celery_beat.models import PeriodicTask
from pypdf import PdfReader

from iop.roles import Role
from reporting.builders import REPORT_BUILDERS, REPORT_NEEDS
from reporting.indicators import compute_indicators
from reporting.models import DeviationMeasure, ReportJob, ReportNarrative
from reporting.presentation import present
from reporting.services import previous_quarter, scheduled_report_requests
from reporting.tests import scenario
from reporting.tests.scenario import D
from tests.factories import UserFactory


def pdf_text(content: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def row_text(row: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(row).replace("\xa0", " "))


@pytest.fixture
def s(db):
    return scenario.build()


def test_the_three_reports_are_registered_with_their_parameters():
    assert REPORT_NEEDS["annual"] == {"partnership", "year"}
    assert REPORT_NEEDS["quarterly"] == {"year", "quarter"}
    assert REPORT_NEEDS["overview"] == {"year"}


def test_the_annual_report_shows_the_engines_protected_figures_like_the_dashboard(client, s):
    ReportNarrative.objects.create(
        partnership=s.p, year=2025, section="analysis", text="<p>Platserna fylldes sent.</p>"
    )
    content, filename = REPORT_BUILDERS["annual"]({"partnership": s.p.pk, "year": 2025})
    assert filename == "arsrapport-ASN-2024-0777-2025.pdf"
    text = pdf_text(content)
    result = compute_indicators(partnership=s.p, start=D(2025, 1, 1), end=D(2025, 12, 31))
    pres = present(result, protected=True)
    # The dashboard a steering-group member sees has the same tables.
    styrgrupp = UserFactory(organisation=s.partner, roles=[Role.STYRGRUPP])
    client.force_login(styrgrupp)
    dashboard = client.get(reverse("reporting:partnership_dashboard", kwargs={"pk": s.p.pk}) + "?year=2025")
    dash = dashboard.context["pres"]
    for key in ("key_figures", "participants_gender", "yearly", "end_reasons", "talks"):
        assert dash.tables[key].display_rows() == pres.tables[key].display_rows(), key
        for row in pres.tables[key].display_rows():
            assert row_text(row) in text, (key, row)
    assert "Deltagare under perioden 4" in text
    assert re.search(r"Påbörjade under perioden 3 72(?![,\d])", text)  # a whole target reads 72, not 72,0
    assert "1 926 637 kr" in text
    assert "Platserna fylldes sent." in text
    assert "Sida 1 av" in text
    # Never a count of 1 or 2 in a table of persons: indicator 2 (two participants) is "<3".
    assert result.indicator("joint_followups").value == 2
    assert "<3" in text


def test_the_quarterly_report_flags_deviations_and_shows_measures_or_their_absence(s):
    DeviationMeasure.objects.create(
        partnership=s.p, year=2025, quarter=2, deviation_code="steering_behind", text="Extra möte i augusti."
    )
    content, filename = REPORT_BUILDERS["quarterly"]({"year": 2025, "quarter": 2})
    assert filename == "kvartalsrapport-2025-K2.pdf"
    text = pdf_text(content)
    assert "ASN-2024-0777" in text and "ASN-2024-0778" in text
    assert "Extra möte i augusti." in text
    assert "Åtgärd ej angiven" in text
    assert "Färre påbörjade deltagare än planerat" in text
    assert "1 926 637 kr" in text


def test_the_overview_lists_every_partnership_with_its_assessment(s):
    ReportNarrative.objects.create(
        partnership=s.p, year=2025, section="assessment", text="<p>Uppfyller syftet.</p>"
    )
    content, filename = REPORT_BUILDERS["overview"]({"year": 2025})
    assert filename == "arsoversikt-2025.pdf"
    text = pdf_text(content)
    for case in ("ASN-2024-0777", "ASN-2024-0778"):
        assert case in text
    assert "Uppfyller syftet." in text
    assert "Arbetsträning P" in text and "1 926 637 kr" in text


@pytest.mark.parametrize(
    ("today", "expected"),
    [(D(2026, 1, 15), (2025, 4)), (D(2025, 4, 15), (2025, 1)), (D(2025, 10, 15), (2025, 3))],
)
def test_the_previous_quarter(today, expected):
    assert previous_quarter(today) == expected


def test_schedules_request_the_previous_periods_reports_as_the_system(s):
    jobs = scheduled_report_requests(kind="quarterly", today=D(2025, 7, 15))
    assert [(j.kind, j.params, j.requested_by) for j in jobs] == [
        ("quarterly", {"year": 2025, "quarter": 2}, None)
    ]
    annual = scheduled_report_requests(kind="annual", today=D(2026, 1, 20))
    assert sorted(j.params["partnership"] for j in annual) == sorted([s.p.pk, s.q.pk])
    assert {j.params["year"] for j in annual} == {2025}
    overview = scheduled_report_requests(kind="overview", today=D(2026, 1, 20))
    assert overview[0].params == {"year": 2025}
    # Asking again while the jobs are queued returns the same jobs.
    again = scheduled_report_requests(kind="quarterly", today=D(2025, 7, 15))
    assert again[0].pk == jobs[0].pk
    assert ReportJob.objects.filter(kind="quarterly").count() == 1


def test_the_migration_registers_the_report_schedules(db):
    tasks = {t.name: t for t in PeriodicTask.objects.filter(task="reporting.tasks.request_scheduled_reports")}
    quarterly = tasks["reporting: kvartalsrapport till nämnden"]
    assert (quarterly.crontab.day_of_month, quarterly.crontab.month_of_year) == ("15", "1,4,7,10")
    assert quarterly.args == '["quarterly"]'
    assert tasks["reporting: årsrapporter per partnerskap"].crontab.month_of_year == "1"
    assert tasks["reporting: årsöversikt över alla partnerskap"].args == '["overview"]'


def _queries(build) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        build()
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("kind", "params"),
    [("quarterly", {"year": 2025, "quarter": 2}), ("overview", {"year": 2025})],
)
def test_the_reports_over_all_partnerships_take_the_same_number_of_queries_whatever_their_number(
    s, kind, params
):
    DeviationMeasure.objects.create(
        partnership=s.p, year=2025, quarter=2, deviation_code="steering_behind", text="Fler möten."
    )
    with_two = _queries(lambda: REPORT_BUILDERS[kind](params))
    for n in (10, 11, 12):
        scenario.extra_partnership(n, placements=n != 10)
    content = {}
    with_five = _queries(lambda: content.update(pdf=REPORT_BUILDERS[kind](params)[0]))
    assert "ASN-2024-0012" in pdf_text(content["pdf"])
    assert with_five == with_two
