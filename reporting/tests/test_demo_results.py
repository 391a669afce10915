"""The demo follows the seeds: Stadsmission's indicators 2–5 without targets (no deviation), the
reporting partnerships of seeds 001 and 004 with their figures in every output."""

import io
import json

import pytest
from django.core.management import call_command

from iop import demo as iop_demo
from iop.models import Partnership
from participants import demo as participants_demo
from reporting import demo as reporting_demo
from reporting.deviations import quarterly_state
from reporting.indicators import compute_indicators
from reporting.reports import annual_context, make_annual_pdf, make_overview_pdf, overview_context
from reporting.tests.test_pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    iop_demo.seed(demo_users=True)
    reporting_demo.seed(demo_users=True)


def goals_of(case: str, start, end) -> dict:
    p = Partnership.objects.get(case_number=case)
    return {g.title: g for g in compute_indicators(partnership=p, start=start, end=end).goals}


def test_stadsmission_2025_quarterly_reports_carry_no_deviation_for_indicators_2_to_5(seeded):
    participants_demo.seed(demo_users=True)
    for quarter in (1, 2, 3, 4):
        for entry in quarterly_state(2025, quarter):
            codes = {d["deviation"].code for d in entry["deviations"]}
            assert not codes & {
                "indicator_joint_followups",
                "indicator_self_assessment",
                "indicator_intro_exit",
                "indicator_completed_plan",
            }


def test_karriarakademin_2019_has_its_goals_with_reported_results(seeded):
    import datetime as dt

    goals = goals_of("ASN-2017-8596", dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    matching = goals["Deltagare i matchningsverksamheten (rekryteringsträffar)"]
    hires = goals["Anställningar"]
    assert (matching.target, matching.actual, matching.status) == (300, 307, "on_track")
    assert (hires.target, hires.actual, hires.status) == (40, 42, "on_track")


def test_the_childrens_programme_reports_by_gender_and_its_queue_is_the_latest(seeded):
    import datetime as dt

    goals = goals_of("ASN-2018-572", dt.date(2018, 1, 1), dt.date(2018, 12, 31))
    children = goals["Barn som deltar i grupperna"]
    assert children.actual == 104 and children.status == "no_target"
    assert (children.by_gender["kvinna"], children.by_gender["man"]) == (51, 53)
    assert goals["Barn i kö till grupperna"].actual == 6


def test_the_night_shelters_annual_report_shows_bed_nights_and_no_work_training(seeded):
    p = Partnership.objects.get(case_number="ASN-2017-5149")
    context = annual_context(partnership_id=p.pk, year=2019)
    _reader, text = pdf_text(make_annual_pdf(context))
    text = " ".join(text.split())  # table cells wrap
    assert "Bäddnätter på Vinternatt" in text
    assert "3 393" in text  # 1 178 + 1 064 + 1 151 bed-nights
    assert "3 600" in text  # 40 beds × 90 nights of the season
    for wording in ("arbetstränat", "Platser i bruk", "Placeringar", "De fem indikatorerna"):
        assert wording not in text


def test_the_2019_overview_shows_karriarakademins_results_not_zeros(seeded):
    _reader, text = pdf_text(make_overview_pdf(overview_context(year=2019)))
    text = " ".join(text.split())
    assert "Anställningar" in text and "42" in text
    assert "307" in text


def test_the_cli_prints_the_same_goal_results(seeded):
    out = io.StringIO()
    call_command(
        "indicators",
        "--partnership",
        "ASN-2017-8596",
        "--from",
        "2019-01-01",
        "--to",
        "2019-12-31",
        stdout=out,
    )
    goals = {g["title"]: g for g in json.loads(out.getvalue())["goals"]}
    assert goals["Anställningar"]["actual"] == 42
    assert goals["Anställningar"]["status"] == "on_track"
