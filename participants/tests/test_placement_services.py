import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from iop.models import Notification
from participants.models import Pause, Placement, PlacementExtension, Referral
from participants.services import (
    ExtensionDecision,
    first_full_day,
    occupancy_peak,
    pause_add,
    pause_end,
    placement_end,
    placement_extend,
    placement_start,
    plan_revise,
    working_time_step_add,
)
from participants.tests.factories import (
    ConsentFactory,
    ParticipantFactory,
    PlacementFactory,
    ReferralFactory,
    end_reason,
)

D = dt.date


def consented(setup):
    p = ParticipantFactory(case_officer=setup.ams)
    ConsentFactory(
        participant=p, partnership=setup.partnership, organisation=setup.partner, given_on=D(2024, 12, 1)
    )
    return p


MARCH_1, JUNE_30 = D(2025, 3, 1), D(2025, 6, 30)


def fill(setup, n, start=MARCH_1, end=JUNE_30):
    return [
        PlacementFactory(partnership=setup.partnership, start_date=start, planned_end_date=end)
        for _ in range(n)
    ]


def start(setup, participant=None, **kw):
    kw.setdefault("start_date", D(2025, 3, 10))
    return placement_start(participant=participant or consented(setup), partnership=setup.partnership, **kw)


def test_planned_end_defaults_to_start_plus_max_months(setup):
    p = start(setup, start_date=D(2025, 1, 31), work_area=setup.work_area, supervisor=setup.supervisor)
    assert p.planned_end_date == D(2025, 5, 31)
    assert p.version == 1


def test_the_25th_concurrent_placement_is_refused_naming_the_first_full_date(setup):
    fill(setup, 23, start=D(2025, 3, 1))
    fill(setup, 1, start=D(2025, 3, 10))
    with pytest.raises(ValidationError) as exc:
        start(setup, start_date=D(2025, 3, 5))
    message = exc.value.messages[0]
    assert "2025-03-10" in message and "24 av 24 platser" in message and "kö" in message
    assert exc.value.code == "capacity"
    assert Placement.objects.count() == 24


def test_the_24th_placement_fits(setup):
    fill(setup, 23)
    assert start(setup).pk


def test_a_place_freed_by_an_early_end_can_be_taken(setup):
    placements = fill(setup, 24)
    placement_end(placement=placements[0], end_date=D(2025, 3, 9), end_reason=end_reason("work"))
    assert start(setup, start_date=D(2025, 3, 10), planned_end_date=D(2025, 6, 30)).pk
    with pytest.raises(ValidationError):
        start(setup, start_date=D(2025, 3, 10))


def test_capacity_counts_the_ends_inclusive(setup):
    fill(setup, 24, end=D(2025, 3, 31))
    with pytest.raises(ValidationError) as exc:
        start(setup, start_date=D(2025, 3, 31))
    assert "2025-03-31" in exc.value.messages[0]
    assert start(setup, start_date=D(2025, 4, 1)).pk


def test_paused_placements_keep_their_place_by_default(setup):
    placements = fill(setup, 24)
    pause_add(
        placement=placements[0],
        start_date=D(2025, 3, 1),
        end_date=D(2025, 4, 30),
        category=Pause.Category.CARE_HEALTH,
    )
    with pytest.raises(ValidationError):
        start(setup, start_date=D(2025, 3, 10), planned_end_date=D(2025, 4, 30))


def test_paused_days_free_the_place_when_the_partnership_says_so(setup):
    setup.partnership.paused_keeps_place = False
    setup.partnership.save()
    placements = fill(setup, 24)
    pause = pause_add(
        placement=placements[0],
        start_date=D(2025, 3, 1),
        end_date=D(2025, 4, 30),
        category=Pause.Category.OTHER,
    )
    assert start(setup, start_date=D(2025, 3, 10), planned_end_date=D(2025, 4, 30)).pk
    with pytest.raises(ValidationError) as exc:
        start(setup, start_date=D(2025, 4, 1), planned_end_date=D(2025, 5, 15))
    assert "2025-04-01" in exc.value.messages[0]
    # Resuming early would take back a place that is now occupied.
    with pytest.raises(ValidationError):
        pause_end(pause=pause, end_date=D(2025, 3, 31))


def test_peak_is_computed_by_a_sweep(setup):
    fill(setup, 3, start=D(2025, 3, 1), end=D(2025, 3, 31))
    fill(setup, 2, start=D(2025, 3, 31), end=D(2025, 4, 30))
    assert occupancy_peak(setup.partnership, D(2025, 1, 1), D(2025, 12, 31)) == (5, D(2025, 3, 31))
    assert occupancy_peak(setup.partnership, D(2025, 4, 1), D(2025, 12, 31)) == (2, D(2025, 4, 1))
    assert first_full_day(setup.partnership, D(2025, 1, 1), D(2025, 12, 31)) is None


def test_overlapping_placements_of_one_participant_are_refused(setup):
    participant = consented(setup)
    start(setup, participant, start_date=D(2025, 3, 10))
    with pytest.raises(ValidationError) as exc:
        start(setup, participant, start_date=D(2025, 5, 1))
    assert "start_date" in exc.value.message_dict
    assert start(setup, participant, start_date=D(2025, 7, 11)).pk


def test_start_is_refused_without_consent(setup):
    with pytest.raises(ValidationError):
        start(setup, ParticipantFactory(case_officer=setup.ams))


def test_start_from_a_referral_requires_it_accepted(setup):
    participant = consented(setup)
    referral = ReferralFactory(
        participant=participant, partnership=setup.partnership, status=Referral.Status.NEW
    )
    with pytest.raises(ValidationError):
        start(setup, participant, referral=referral)


def test_planned_end_beyond_max_months_is_refused_at_start(setup):
    with pytest.raises(ValidationError) as exc:
        start(setup, start_date=D(2025, 3, 10), planned_end_date=D(2025, 7, 11))
    assert "planned_end_date" in exc.value.message_dict


def test_extension_beyond_max_months_is_refused_without_a_joint_decision(setup):
    placement = start(setup, start_date=D(2025, 3, 10))
    with pytest.raises(ValidationError) as exc:
        placement_extend(placement=placement, new_end_date=D(2025, 8, 31))
    assert exc.value.code == "needs_joint_decision"
    half = ExtensionDecision(
        decided_on=D(2025, 6, 1),
        reason="Behöver mer tid",
        approved_by_city_name="Anna Stad",
        participant_consulted=True,
    )
    with pytest.raises(ValidationError):
        placement_extend(placement=placement, new_end_date=D(2025, 8, 31), decision=half)
    placement.refresh_from_db()
    assert placement.planned_end_date == D(2025, 7, 10)
    assert not PlacementExtension.objects.exists()


def test_extension_beyond_max_months_with_a_joint_decision_is_recorded(setup):
    placement = start(setup, start_date=D(2025, 3, 10))
    decision = ExtensionDecision(
        decided_on=D(2025, 6, 1),
        reason="Närmar sig anställning",
        participant_consulted=True,
        approved_by_city_user=setup.ams,
        approved_by_partner_name="Per Partner",
    )
    placement = placement_extend(
        placement=placement, new_end_date=D(2025, 8, 31), decision=decision, expected_version=1
    )
    assert placement.planned_end_date == D(2025, 8, 31) and placement.version == 2
    extension = placement.extensions.get()
    assert extension.joint_decision and extension.previous_end_date == D(2025, 7, 10)
    placement.full_clean()  # the model accepts the long planned end because of the recorded decision


def test_extension_is_refused_when_a_later_day_is_full(setup):
    placement = start(setup, start_date=D(2025, 3, 10), planned_end_date=D(2025, 5, 31))
    fill(setup, 23, start=D(2025, 6, 1), end=D(2025, 9, 30))
    fill(setup, 1, start=D(2025, 6, 20), end=D(2025, 9, 30))
    with pytest.raises(ValidationError) as exc:
        placement_extend(placement=placement, new_end_date=D(2025, 7, 10))
    assert "2025-06-20" in exc.value.messages[0]
    assert placement_extend(placement=placement, new_end_date=D(2025, 6, 19)).planned_end_date == D(
        2025, 6, 19
    )


def test_stale_version_is_refused(setup):
    placement = start(setup, planned_end_date=D(2025, 5, 31))
    placement_extend(placement=placement, new_end_date=D(2025, 6, 15), expected_version=1)
    with pytest.raises(ValidationError) as exc:
        placement_extend(placement=placement, new_end_date=D(2025, 6, 20), expected_version=1)
    assert exc.value.code == "stale"


def test_end_requires_a_date_within_the_planned_interval(setup):
    placement = start(setup)
    with pytest.raises(ValidationError):
        placement_end(placement=placement, end_date=D(2025, 3, 1), end_reason=end_reason("work"))
    with pytest.raises(ValidationError):
        placement_end(placement=placement, end_date=D(2025, 8, 1), end_reason=end_reason("work"))
    placement.refresh_from_db()
    assert placement.end_date is None


def test_ending_notifies_the_next_queued_case_officer_and_the_supervisors(setup):
    placement = start(setup, supervisor=setup.supervisor)
    queued = ReferralFactory(partnership=setup.partnership, status=Referral.Status.ACCEPTED)
    placement_end(placement=placement, end_date=D(2025, 4, 30), end_reason=end_reason("studies"))
    notified = set(Notification.objects.filter(kind="place_freed").values_list("user_id", flat=True))
    assert notified == {queued.case_officer_id, setup.supervisor.pk}
    message = Notification.objects.first().message
    assert "2025-05-01" in message and placement.participant.last_name not in message


def test_ending_without_a_queue_notifies_nobody(setup):
    placement = start(setup)
    placement_end(placement=placement, end_date=D(2025, 4, 30), end_reason=end_reason("moved"))
    assert not Notification.objects.exists()


def test_steps_are_numbered_by_date_and_plans_keep_revisions(setup):
    placement = start(setup)
    s2 = working_time_step_add(placement=placement, from_date=D(2025, 4, 1), percent=40)
    s1 = working_time_step_add(placement=placement, from_date=D(2025, 3, 10), percent=25)
    assert (s1.number, s2.number) == (1, 2)
    with pytest.raises(ValidationError):
        working_time_step_add(placement=placement, from_date=D(2025, 5, 1), percent=0)
    with pytest.raises(ValidationError):
        working_time_step_add(placement=placement, from_date=D(2025, 12, 1), percent=50)
    plan_revise(placement=placement, goals="Komma i tid", agreed_on=D(2025, 3, 10))
    second = plan_revise(placement=placement, goals="Komma i tid, kassa", agreed_on=D(2025, 4, 10))
    assert second.revision == 2 and placement.plans.count() == 2


def test_pauses_must_lie_within_the_placement_and_not_overlap(setup):
    placement = start(setup)
    pause_add(
        placement=placement, start_date=D(2025, 4, 1), end_date=D(2025, 4, 10), category=Pause.Category.OTHER
    )
    with pytest.raises(ValidationError):
        pause_add(placement=placement, start_date=D(2025, 4, 5), category=Pause.Category.OTHER)
    with pytest.raises(ValidationError):
        pause_add(placement=placement, start_date=D(2025, 2, 1), category=Pause.Category.OTHER)


def test_sweep_agrees_with_a_day_by_day_count(setup):
    import random

    rng = random.Random(3)
    setup.partnership.places_at_once = 6
    setup.partnership.paused_keeps_place = False
    setup.partnership.save()
    placements = []
    for _ in range(25):
        s = D(2025, 1, 1) + dt.timedelta(days=rng.randrange(200))
        placements.append(
            PlacementFactory(
                partnership=setup.partnership,
                start_date=s,
                planned_end_date=s + dt.timedelta(days=rng.randrange(90)),
            )
        )
    for p in placements[::3]:
        Pause.objects.create(
            placement=p,
            start_date=p.start_date + dt.timedelta(days=1),
            end_date=p.planned_end_date,
            category="other",
        )

    def naive(day):
        count = 0
        for p in placements:
            paused = any(x.start_date <= day <= (x.end_date or p.occupied_until) for x in p.pauses.all())
            count += p.start_date <= day <= p.occupied_until and not paused
        return count

    days = [D(2025, 1, 1) + dt.timedelta(days=i) for i in range(300)]
    counts = {day: naive(day) for day in days}
    for window_start in days[::17]:
        window_end = window_start + dt.timedelta(days=40)
        expected = next((d for d in days if window_start <= d <= window_end and counts[d] >= 6), None)
        full = first_full_day(setup.partnership, window_start, window_end)
        assert (full.day if full else None) == expected
        if full:
            assert full.occupied == counts[full.day]
    peak, _ = occupancy_peak(setup.partnership, days[0], days[-1])
    assert peak == max(counts.values())
