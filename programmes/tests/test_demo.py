"""The Malmökraften 2.0 demo: the parties and teams of seed 003, a process leader's login, idempotent."""

import pytest
from django.urls import reverse

from iop import demo as iop_demo
from iop.models import Partnership, User
from programmes import demo
from programmes.models import Enrolment, ProgrammeParty, Team

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    iop_demo.seed(demo_users=True)
    demo.seed(demo_users=True)
    return Partnership.objects.get(case_number=demo.CASE_NUMBER)


def test_malmokraften_has_the_parties_of_seed_003_with_arbetsformedlingen_as_owner(seeded):
    parties = {p.organisation.name: (p.kind, p.is_project_owner) for p in seeded.programme_parties.all()}
    assert parties["Arbetsförmedlingen"] == (ProgrammeParty.Kind.STATE_AGENCY, True)
    assert parties["Samordningsförbundet FINSAM i Malmö"] == (
        ProgrammeParty.Kind.COORDINATION_ASSOCIATION,
        False,
    )
    assert parties["Region Skåne"] == (ProgrammeParty.Kind.REGION, False)
    assert ProgrammeParty.Kind.CITY in {kind for kind, _owner in parties.values()}
    assert len(parties) == 5


def test_ten_teams_of_150(seeded):
    assert (
        list(Team.objects.filter(partnership=seeded).values_list("caseload_target", flat=True)) == [150] * 10
    )


def test_the_process_leader_logs_in_and_sees_the_own_team_only(client, seeded):
    assert client.login(username="processledare", password="demo")
    response = client.get(reverse("programmes:overview", args=[seeded.pk]))
    assert [row.team.name for row in response.context["teams"]] == ["Team 1"]
    team = response.context["teams"][0].team
    people = client.get(reverse("programmes:team", args=[team.pk])).context["rows"]
    assert people and {r["enrolment"].team for r in people} == {team}


def test_the_demo_is_idempotent(seeded):
    counts = (Enrolment.objects.count(), Team.objects.count(), User.objects.count())
    demo.seed(demo_users=True)
    assert (Enrolment.objects.count(), Team.objects.count(), User.objects.count()) == counts
    assert counts[0] == len(demo.FIRST_NAMES)


def test_without_demo_users_the_programme_has_no_people(db):
    demo.seed(demo_users=False)
    assert Team.objects.count() == 10
    assert not Enrolment.objects.exists() and not User.objects.exists()


def test_the_catalogue_of_seed_003_with_one_workplace_based_kind(seeded):
    from programmes.models import Activity

    activities = Activity.objects.filter(partnership=seeded)
    assert activities.count() == len(demo.ACTIVITIES)
    assert [a.name for a in activities.filter(workplace_based=True)] == [demo.WORKPLACE]


def test_the_demo_has_participations_and_one_exit_decided_within_90_days(seeded):
    from programmes.models import EnrolmentExit, Participation
    from programmes.selectors import workplace_share

    assert Participation.objects.filter(enrolment__partnership=seeded).count() >= len(demo.FIRST_NAMES)
    exit_row = EnrolmentExit.objects.get(enrolment__partnership=seeded)
    assert exit_row.outcome == EnrolmentExit.Outcome.DECIDED
    assert 0 <= (exit_row.starts_on - exit_row.enrolment.end_date).days <= 90
    assert workplace_share(seeded).in_workplace == 2


def test_the_intake_plan_has_seed_003s_five_periods_over_30_months_and_no_invented_figures(seeded):
    periods = list(seeded.intake_periods.order_by("start_date"))
    assert [p.name for p in periods] == [f"Termin {n}" for n in range(1, 6)]
    assert (periods[-1].end_date.year * 12 + periods[-1].end_date.month) - (
        periods[0].start_date.year * 12 + periods[0].start_date.month
    ) + 1 == 30
    # The seed gives only the totals, so no period carries a planned figure.
    assert all(p.planned_women is None and p.planned_men is None for p in periods)
    assert "5 600" in periods[0].note and "påhittade" in periods[0].note


def test_four_demo_participants_have_a_joint_plan_and_two_do_not_yet(seeded):
    from programmes.models import JointPlan
    from programmes.selectors import plan_count

    counts = plan_count(seeded)
    assert (counts.enrolled, counts.with_plan) == (6, 4)
    assert (
        JointPlan.objects.filter(enrolment__partnership=seeded, revision=2).count() == 2
    )  # those who moved on


def test_the_demo_intake_counts_the_invented_participants_by_gender_in_the_first_period(seeded):
    from programmes.selectors import intake_rows

    first = intake_rows(seeded)[0]
    assert (first.women, first.men, first.other) == (3, 3, 0)


def test_a_quarter_of_invented_time_reports_with_the_flags_and_two_reported_months(seeded):
    import datetime as dt
    from decimal import Decimal

    from programmes.demo_time import MONTHS
    from programmes.models import TimeReportMonth
    from programmes.timereports import allowance_cofinancing, month_rows, salary_costs

    allowance = allowance_cofinancing(seeded, MONTHS[0], dt.date(2026, 12, 31))
    salaries = salary_costs(seeded, MONTHS[0], dt.date(2026, 12, 31))
    assert allowance.total > Decimal(0) and salaries.total > Decimal(0)
    assert set(
        TimeReportMonth.objects.filter(team__partnership=seeded).values_list("month", flat=True)
    ) == set(MONTHS[:2])
    flags = [
        (r.under_minimum, r.missing)
        for t in Team.objects.filter(partnership=seeded)
        for m in MONTHS
        for r in month_rows(t, m)
    ]
    assert (True, False) in flags and (False, True) in flags
    demo.seed(demo_users=True)  # idempotent
    assert allowance_cofinancing(seeded, MONTHS[0], dt.date(2026, 12, 31)) == allowance


def test_the_demo_enrolments_have_invented_esf_data_at_entry(seeded):
    from programmes.models import EsfCategory, EsfEntry

    enrolments = Enrolment.objects.filter(partnership=seeded)
    entries = EsfEntry.objects.filter(enrolment__in=enrolments).select_related("referring_party")
    assert enrolments.exists() and entries.count() == enrolments.count()
    for entry in entries:
        entry.full_clean()
        assert set(entry.categories) <= set(EsfCategory.values)
        assert entry.referring_party.partnership_id == seeded.pk
    demo.seed(demo_users=True)  # idempotent
    assert EsfEntry.objects.filter(enrolment__in=enrolments).count() == enrolments.count()
