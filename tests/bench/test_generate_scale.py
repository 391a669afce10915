"""What the benchmark's load data adds at scale: the access log (åtkomstlogg) with its rows spread
over the years, and the large programme (seed 003's shape × scale) whose size grows with the scale."""

import datetime as dt

import pytest

from bench.generate import counts_for, generate
from bench.targets import build_world
from iop.models import Partnership
from participants.models import AccessLog, Placement

from .conftest import TODAY
from .test_generate import peak_at_once


def test_the_access_log_and_the_programme_grow_with_the_scale():
    assert counts_for(1)["access_log"] == 1_000_000
    assert counts_for(0.1)["access_log"] == 100_000
    assert "programme_at_once" not in counts_for(1)
    assert counts_for(1, programme=True)["programme_at_once"] == 1_500
    assert counts_for(1, programme=True)["programme_participants"] == 5_600
    assert counts_for(0.1, programme=True)["programme_at_once"] == 150
    assert counts_for(1, programme=True)["participants"] == 55_600


@pytest.fixture
def with_programme(db):
    return generate(scale=0.004, seed=5, today=TODAY, programme=True)


def test_the_access_log_is_filled_over_the_years_without_personal_data_in_detail(with_programme):
    assert AccessLog.objects.count() == counts_for(0.004)["access_log"] == with_programme.counts["access_log"]
    first = AccessLog.objects.order_by("at").first()
    last = AccessLog.objects.order_by("-at").first()
    assert first.at.date() < dt.date(TODAY.year - 3, 1, 1)
    assert last.at.date() <= TODAY
    assert not AccessLog.objects.exclude(detail="").exists()
    assert not AccessLog.objects.filter(action="denied").exclude(outcome="denied").exists()
    assert AccessLog.objects.values("user").distinct().count() > 3


def test_the_programme_is_one_large_partnership_within_its_places(with_programme):
    world = build_world(TODAY)
    programme = world.programme
    assert programme is not None
    assert world.partnership != programme
    assert programme.places_at_once == counts_for(0.004, programme=True)["programme_at_once"]
    placements = Placement.objects.filter(partnership=programme)
    assert abs(placements.count() - counts_for(0.004, programme=True)["programme_placements"]) <= 2
    assert placements.order_by("start_date").first().start_date >= dt.date(2023, 12, 1)  # 30 months
    assert 0 < peak_at_once(programme) <= programme.places_at_once
    # At scale 1 ten times an ordinary partnership's places (≈ 120-200), at tiny scales smaller.
    assert Partnership.objects.filter(case_number__endswith="-9999").count() == 1
