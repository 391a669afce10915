"""The partnership's risk register in the steering group's dashboard (today's open risks, highest first) and
in the quarterly report to the board (the risks not closed at the quarter's end, as they stood then)."""

import datetime as dt
import shutil
import subprocess  # nosec B404 - runs pdftoppm on a PDF the test made
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iop.models import Risk
from iop.roles import Role
from iop.services.risks import risk_save
from reporting.quarterly import make_quarterly_pdf, quarterly_context
from reporting.tests import scenario
from reporting.tests.test_reports import pdf_text
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(db):
    s = scenario.build()
    s.styrgrupp = UserFactory(
        organisation=s.partner, roles=[Role.STYRGRUPP], first_name="Stina", last_name="Styr"
    )
    s.handledare = UserFactory(organisation=s.partner, roles=[Role.HANDLEDARE])
    return s


def _risk(s, text, likelihood, consequence, status=Risk.Status.OPEN, owner=None) -> Risk:
    return risk_save(
        risk=Risk(
            partnership=s.p,
            description=text,
            likelihood=likelihood,
            consequence=consequence,
            status=status,
            owner=owner,
            measure=f"Åtgärd för {text.lower()}",
        )
    )


def _at(year: int, month: int, day: int, hour: int):
    return time_machine.travel(dt.datetime(year, month, day, hour, tzinfo=dt.UTC), tick=False)


def _dashboard(s) -> str:
    return reverse("reporting:partnership_dashboard", kwargs={"pk": s.p.pk}) + "?year=2025"


# --- dashboard -----------------------------------------------------------------------------------


def test_the_steering_group_sees_the_open_risks_highest_first(client, s):
    _risk(s, "Medelrisk", 2, 3)
    _risk(s, "Högrisk", 4, 4, owner=s.styrgrupp)
    _risk(s, "Hanterad risk", 1, 2, status=Risk.Status.MANAGED)
    _risk(s, "Stängd risk", 5, 5, status=Risk.Status.CLOSED)
    client.force_login(s.styrgrupp)
    response = client.get(_dashboard(s))
    assert response.status_code == 200
    assert [r.description for r in response.context["risks"]] == ["Högrisk", "Medelrisk", "Hanterad risk"]
    html = response.content.decode()
    assert "Stina Styr" in html and "Stängd risk" not in html


def test_a_dashboard_reader_outside_the_steering_information_sees_no_risks(client, s):
    _risk(s, "Högrisk", 4, 4)
    client.force_login(s.handledare)
    response = client.get(_dashboard(s))
    assert response.status_code == 200
    assert response.context["risks"] is None and "Högrisk" not in response.content.decode()


# --- quarterly report ----------------------------------------------------------------------------


def _section(year: int, quarter: int, s):
    entry = next(e for e in quarterly_context(year=year, quarter=quarter).entries if e.partnership == s.p)
    return next(x for x in entry.sections if x.id == "risks")


def test_the_quarterly_report_shows_the_register_as_it_stood_at_the_quarters_end(s):
    with _at(2025, 8, 10, 10):
        early = _risk(s, "Vakanser tar tid att ersätta", 3, 3)
        closed = _risk(s, "Arbetsgivare tappar intresse", 2, 4)
    with _at(2025, 9, 20, 10):
        closed.status = Risk.Status.CLOSED
        risk_save(risk=closed)
    with _at(2025, 10, 5, 10):
        early.likelihood = 5  # raised after the quarter: the Q3 report keeps 3 × 3
        risk_save(risk=early)
        _risk(s, "Ny risk i oktober", 5, 5)
    q3 = _section(2025, 3, s).data
    assert [(r.description, r.level) for r in q3] == [("Vakanser tar tid att ersätta", 9)]
    q4 = _section(2025, 4, s).data
    assert [(r.description, r.level) for r in q4] == [
        ("Ny risk i oktober", 25),
        ("Vakanser tar tid att ersätta", 15),
    ]
    assert _section(2025, 2, s).data == []


def test_the_quarterly_pdf_prints_the_risk_with_its_level_measure_and_owner(s, tmp_path):
    with _at(2025, 8, 10, 10):
        _risk(s, "Att projektet inte anvisas deltagare i tillräcklig grad", 3, 5, owner=s.styrgrupp)
    pdf = make_quarterly_pdf(quarterly_context(year=2025, quarter=3))
    text = pdf_text(pdf)
    assert "Risker" in text
    assert "Att projektet inte anvisas deltagare i tillräcklig grad" in text
    assert "Hög 15" in text and "3 × 5" in text
    assert "Åtgärd för att projektet inte anvisas" in text and "Stina Styr" in text
    assert "Inga öppna risker vid kvartalets slut." in text  # the other partnership has none
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed: the PNG rendering of the report is not checked")
    (tmp_path / "q3.pdf").write_bytes(pdf)
    subprocess.run(  # nosec B603 B607 - a fixed command on the test's own file
        ["pdftoppm", "-r", "50", "-png", str(tmp_path / "q3.pdf"), str(tmp_path / "page")], check=True
    )
    assert sorted(Path(tmp_path).glob("page*.png"))


def test_the_report_reads_every_partnerships_register_in_one_query(s):
    with _at(2025, 11, 1, 10):
        _risk(s, "Risk i P", 2, 2)
        Risk.objects.create(partnership=s.q, description="Risk i Q", likelihood=3, consequence=3)
    with CaptureQueriesContext(connection) as captured:
        context = quarterly_context(year=2025, quarter=4)
    assert sum("historicalrisk" in q["sql"].lower() for q in captured.captured_queries) == 1
    sections = {
        e.partnership.case_number: next(x for x in e.sections if x.id == "risks") for e in context.entries
    }
    assert [r.description for r in sections[s.p.case_number].data] == ["Risk i P"]
    assert [r.description for r in sections[s.q.case_number].data] == ["Risk i Q"]
