"""Time reports with known answers: a quarter of participant and staff hours gives the allowance
co-financing and the salary costs to the öre; the flags; a reported month refuses changes."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from participants.models import AccessLog
from programmes.models import (
    Activity,
    ParticipantTimeReport,
    ProgrammeTimeRules,
    StaffTimeReport,
    TeamMember,
)
from programmes.services import month_lock, participant_hours_save, participation_start, staff_hours_save
from programmes.tests.factories import enrol, programme_world
from programmes.timereports import (
    allowance_cofinancing,
    month_rows,
    quarter,
    required_hours,
    salary_costs,
)

pytestmark = pytest.mark.django_db

JAN, FEB, MAR = dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)
IMPL, ANALYSIS = StaffTimeReport.ProjectPhase.IMPLEMENTATION, StaffTimeReport.ProjectPhase.ANALYSIS_PLANNING


@pytest.fixture
def w():
    world = programme_world()
    # The allowance rate is invented for the test (seed 003 gives only the budget total, 16 015 966 kr).
    ProgrammeTimeRules.objects.create(partnership=world.programme, allowance_rate=Decimal("68.75"))
    matching = Activity.objects.create(
        partnership=world.programme, name="Matchning", kind=Activity.Kind.MATCHING
    )
    world.a = world.enrolment  # enrolled from 2026-01-12
    world.b = enrol(world.programme, world.team, world.leader, start=dt.date(2026, 1, 1))
    world.matching = participation_start(
        enrolment=world.a, activity=matching, start_date=dt.date(2026, 1, 19), by=world.leader
    )
    return world


def _quarter(w):
    a, b, p = w.a.pk, w.b.pk, w.matching.pk
    save = participant_hours_save
    save(team=w.team, month=JAN, cells={(a, p): Decimal("7.5"), (a, None): Decimal("2.25"), (b, None): Decimal("12.4")}, by=w.leader)  # fmt: skip
    save(team=w.team, month=FEB, cells={(a, p): Decimal("10.33"), (b, None): Decimal("9.99")}, by=w.member)
    save(team=w.team, month=MAR, cells={(a, p): Decimal("6.5")}, by=w.leader)  # b: no report in March
    leader = TeamMember.objects.get(team=w.team, user=w.leader).pk
    member = TeamMember.objects.get(team=w.team, user=w.member).pk
    costs = {leader: Decimal("412.37"), member: Decimal("389.90")}
    staff_hours_save(team=w.team, month=JAN, costs=costs, cells={(leader, IMPL): Decimal("140.5"), (member, ANALYSIS): Decimal("20.5"), (member, IMPL): Decimal("100.25")}, by=w.leader)  # fmt: skip
    staff_hours_save(team=w.team, month=FEB, costs=costs, cells={(leader, IMPL): Decimal("130.25"), (member, IMPL): Decimal("120")}, by=w.leader)  # fmt: skip
    staff_hours_save(team=w.team, month=MAR, costs=costs, cells={(leader, IMPL): Decimal("150"), (member, IMPL): Decimal("118.75")}, by=w.leader)  # fmt: skip


def test_a_quarter_gives_the_allowance_co_financing_to_the_ore(w):
    _quarter(w)
    allowance = allowance_cofinancing(w.programme, *quarter(2026, 1))
    # Each row hours × 68,75 kr rounded half-up: 515,63 + 154,69 + 852,50 | 710,19 + 686,81 | 446,88.
    assert allowance.by_month == {JAN: Decimal("1522.82"), FEB: Decimal("1397.00"), MAR: Decimal("446.88")}
    assert allowance.total == Decimal("3366.70")
    assert allowance_cofinancing(w.other_programme, *quarter(2026, 1)).total == Decimal("0.00")


def test_a_quarter_gives_the_salary_costs_to_the_ore(w):
    _quarter(w)
    salaries = salary_costs(w.programme, *quarter(2026, 1))
    # 140,5 × 412,37 = 57 937,985 → 57 937,99; 100,25 × 389,90 = 39 087,475 → 39 087,48; …
    assert salaries.by_month == {
        JAN: Decimal("105018.42"),
        FEB: Decimal("100499.19"),
        MAR: Decimal("108156.13"),
    }
    assert salaries.total == Decimal("313673.74")
    assert salary_costs(w.programme, FEB, dt.date(2026, 2, 28)).total == Decimal("100499.19")


def test_a_reported_row_keeps_its_rates_when_the_rules_change(w):
    _quarter(w)
    ProgrammeTimeRules.objects.filter(partnership=w.programme).update(allowance_rate=Decimal("99"))
    TeamMember.objects.filter(team=w.team).update(hourly_cost=Decimal("1000"))
    assert allowance_cofinancing(w.programme, *quarter(2026, 1)).total == Decimal("3366.70")
    assert salary_costs(w.programme, *quarter(2026, 1)).total == Decimal("313673.74")


def test_the_monthly_minimum_is_the_weekly_minimum_times_the_enrolled_weeks():
    assert required_hours(Decimal(2), MAR, dt.date(2025, 1, 1), None) == Decimal("8.86")  # 2 × 31/7
    assert required_hours(Decimal(2), FEB, dt.date(2025, 1, 1), None) == Decimal("8.00")  # 2 × 28/7
    assert required_hours(Decimal(2), JAN, dt.date(2026, 1, 12), None) == Decimal("5.71")  # 2 × 20/7
    assert required_hours(Decimal(2), MAR, dt.date(2025, 1, 1), dt.date(2026, 2, 27)) == Decimal("0.00")


def test_under_the_minimum_and_a_missing_report_are_flagged(w):
    _quarter(w)
    march = {r.enrolment.pk: r for r in month_rows(w.team, MAR)}
    assert (march[w.a.pk].hours, march[w.a.pk].required) == (Decimal("6.5"), Decimal("8.86"))
    assert march[w.a.pk].under_minimum and not march[w.a.pk].missing
    assert march[w.b.pk].missing and not march[w.b.pk].under_minimum
    january = {r.enrolment.pk: r for r in month_rows(w.team, JAN)}
    assert january[w.a.pk].hours == Decimal("9.75") and january[w.a.pk].required == Decimal("5.71")
    assert not any(r.under_minimum or r.missing for r in january.values())


def test_a_reported_month_refuses_every_change(w):
    _quarter(w)
    month_lock(team=w.team, month=JAN, by=w.leader)
    for write in (
        lambda: participant_hours_save(
            team=w.team, month=JAN, cells={(w.b.pk, None): Decimal(1)}, by=w.leader
        ),
        lambda: staff_hours_save(team=w.team, month=JAN, costs={}, cells={}, by=w.leader),
        lambda: month_lock(team=w.team, month=JAN, by=w.leader),
    ):
        with pytest.raises(ValidationError, match="Månaden är rapporterad"):
            write()
    assert ParticipantTimeReport.objects.get(enrolment=w.b, month=JAN).hours == Decimal("12.4")
    participant_hours_save(team=w.team, month=MAR, cells={(w.b.pk, None): Decimal(9)}, by=w.leader)  # open


def test_saving_logs_each_changed_participant_once(w):
    participant_hours_save(
        team=w.team, month=JAN, cells={(w.a.pk, None): Decimal(3), (w.b.pk, None): None}, by=w.member
    )
    logged = AccessLog.objects.filter(user=w.member, action=AccessLog.Action.CHANGE)
    assert list(logged.values_list("participant_ref", flat=True)) == [w.a.participant_id]


def test_a_cell_of_another_team_or_activity_is_refused_and_nothing_saved(w):
    cells = {(w.a.pk, None): Decimal(3), (w.other_enrolment.pk, None): Decimal(3)}
    with pytest.raises(ValidationError, match="inte inskriven i teamet"):
        participant_hours_save(team=w.team, month=JAN, cells=cells, by=w.leader)
    with pytest.raises(ValidationError, match="annan inskrivning"):
        participant_hours_save(
            team=w.team, month=JAN, cells={(w.b.pk, w.matching.pk): Decimal(3)}, by=w.leader
        )
    with pytest.raises(ValidationError, match="744"):
        participant_hours_save(
            team=w.team,
            month=JAN,
            cells={(w.a.pk, None): Decimal(400), (w.a.pk, w.matching.pk): Decimal(400)},
            by=w.leader,
        )
    assert not ParticipantTimeReport.objects.exists()


def test_staff_hours_need_an_hourly_cost(w):
    member = TeamMember.objects.get(team=w.team, user=w.member).pk
    with pytest.raises(ValidationError, match="Ange timkostnad"):
        staff_hours_save(team=w.team, month=JAN, costs={}, cells={(member, IMPL): Decimal(10)}, by=w.leader)
    assert not StaffTimeReport.objects.exists()
