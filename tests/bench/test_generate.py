"""The load data generator: deterministic, valid, within the capacity rule, refusing to run twice."""

import datetime as dt
from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from bench.generate import counts_for, generate
from iop.models import Partnership
from participants.models import Consent, Participant, Placement, Referral
from participants.personnummer import parse

from .conftest import TODAY


def _snapshot() -> tuple:
    participants = sorted(Participant.objects.values_list("personal_identity_number", "gender", "pseudonym"))
    placements = sorted(
        Placement.objects.values_list(
            "partnership__case_number",
            "participant__personal_identity_number",
            "start_date",
            "planned_end_date",
            "end_date",
        ),
        key=str,
    )
    return participants, placements


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data():
    sid = transaction.savepoint()
    generate(scale=0.002, seed=3, today=TODAY)
    first = _snapshot()
    transaction.savepoint_rollback(sid)
    assert not Participant.objects.exists()
    generate(scale=0.002, seed=3, today=TODAY)
    assert _snapshot() == first
    assert len(first[1]) > 100


@pytest.mark.django_db
def test_another_seed_gives_other_data():
    sid = transaction.savepoint()
    generate(scale=0.002, seed=3, today=TODAY)
    first = _snapshot()
    transaction.savepoint_rollback(sid)
    generate(scale=0.002, seed=4, today=TODAY)
    assert _snapshot() != first


def test_counts_scale_linearly_with_a_floor_of_two_partnerships():
    assert counts_for(1)["participants"] == 50_000
    assert counts_for(1)["placements"] == 100_000
    assert counts_for(0.1)["talks"] == 100_000
    assert counts_for(0.01)["partnerships"] == 2
    assert counts_for(0.1)["partnerships"] == 5


def test_row_counts_are_close_to_the_scale(load_data):
    target = counts_for(0.002)
    assert abs(Placement.objects.count() - target["placements"]) <= target["placements"] * 0.05
    assert abs(Participant.objects.count() - target["participants"]) <= target["participants"] * 0.1
    assert Partnership.objects.count() == target["partnerships"]


def peak_at_once(partnership) -> int:
    """The most placements of the partnership running on one day (a sweep over starts and ends)."""
    events: dict[dt.date, int] = defaultdict(int)
    for start, end, planned in Placement.objects.filter(partnership=partnership).values_list(
        "start_date", "end_date", "planned_end_date"
    ):
        events[start] += 1
        events[(end or planned) + dt.timedelta(days=1)] -= 1
    running = peak = 0
    for day in sorted(events):
        running += events[day]
        peak = max(peak, running)
    return peak


def test_no_partnership_ever_has_more_placements_at_once_than_places(load_data):
    for partnership in Partnership.objects.all():
        peak = peak_at_once(partnership)
        assert 0 < peak <= partnership.places_at_once, (partnership.case_number, peak)


def test_a_participant_never_has_two_placements_at_the_same_time(load_data):
    by_participant = defaultdict(list)
    for pid, start, end, planned in Placement.objects.values_list(
        "participant_id", "start_date", "end_date", "planned_end_date"
    ):
        by_participant[pid].append((start, end or planned))
    for spans in by_participant.values():
        spans.sort()
        for (_s1, e1), (s2, _e2) in zip(spans, spans[1:], strict=False):
            assert s2 > e1


def test_placements_obey_the_model_rules(load_data):
    for p in Placement.objects.select_related("partnership")[:200]:
        assert p.planned_end_date <= p.max_planned_end_without_extension()
        assert (p.end_date is None) == (p.end_reason_id is None)
        assert p.end_date is None or p.start_date <= p.end_date <= p.planned_end_date
        assert p.end_date is not None or p.planned_end_date >= TODAY


def test_people_are_fictional_with_valid_numbers_and_unique_pseudonyms(load_data):
    rows = list(Participant.objects.values_list("personal_identity_number", "birth_date", "pseudonym"))
    for pnr, birth, _ in rows:
        assert parse(pnr).birth_date == birth
    assert len({r[2] for r in rows}) == len(rows)


def test_every_placement_has_a_placed_referral_and_a_consent(load_data):
    placements = Placement.objects.select_related("referral")
    assert all(p.referral.status == Referral.Status.PLACED for p in placements)
    consented = set(Consent.objects.values_list("participant_id", "partnership_id"))
    assert {(p.participant_id, p.partnership_id) for p in placements} <= consented
    assert Referral.objects.filter(status=Referral.Status.ACCEPTED).exists()


@pytest.mark.django_db
def test_the_command_refuses_a_database_that_already_has_load_data(capsys):
    call_command("generate_load_data", "--scale", "0.002", "--today", "2026-06-15")
    assert "Klart" in capsys.readouterr().out
    with pytest.raises(CommandError, match="redan belastningsdata"):
        call_command("generate_load_data", "--scale", "0.002")


@pytest.mark.django_db
def test_the_command_refuses_a_scale_out_of_range():
    with pytest.raises(CommandError, match="--scale"):
        call_command("generate_load_data", "--scale", "0")
    assert not Participant.objects.exists()


def test_every_placement_has_its_follow_up_facts_after_the_bulk_talks(load_data):
    from followup.models import PlacementFacts, Talk

    assert PlacementFacts.objects.count() == Placement.objects.count()
    with_start_meeting = Talk.objects.filter(kind="start_meeting", status="held").values("placement")
    assert PlacementFacts.objects.filter(start_meeting_on__isnull=False).count() == (
        Placement.objects.filter(pk__in=with_start_meeting).count()
    )
