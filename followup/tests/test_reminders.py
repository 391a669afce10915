"""Each reminder rule with a frozen date; the daily task is idempotent; the beat schedule exists."""

import datetime as dt
import time

import pytest
from django.utils import timezone

from followup import reminders, services
from followup.models import Talk
from followup.tasks import create_daily_reminders
from followup.tests.factories import TalkFactory, joint
from iop.models import Meeting, Notification
from iop.roles import Role
from iop.selectors import agreement_year
from participants.models import Consent
from participants.tests.factories import end_reason
from tests.factories import PartnershipFactory, PeriodFactory, UserFactory

START = dt.date(2025, 1, 13)  # planned end 2025-05-13, half-way 2025-03-14


@pytest.fixture
def frozen(time_machine):
    def go(day: dt.date):
        time_machine.move_to(timezone.make_aware(dt.datetime.combine(day, dt.time(6, 0))), tick=False)
        assert timezone.localdate() == day
        return day

    return go


def _recipients(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def _assess(fu, placement, occasion, day):
    instrument = services.instrument_for(placement.partnership)
    services.self_assessment_save(
        placement=placement,
        occasion=occasion,
        kind="participant",
        assessed_on=day,
        values={i.pk: 5 for i in instrument.items.all()},
        by=fu.supervisor,
    )


def test_no_supervision_talk_in_30_days_reminds_the_supervisor(fu, frozen):
    p = fu.placement(start=START)
    today = frozen(dt.date(2025, 2, 20))
    assert reminders.remind_supervision_talk(today=today) == 1
    assert _recipients("followup.supervision_talk") == [fu.supervisor.username]
    assert reminders.remind_supervision_talk(today=today) == 0
    n = Notification.objects.get()
    assert n.url == f"/uppfoljning/plats/{p.pk}/samtal/ny/supervision_talk/"
    assert fu.today.strftime("%Y%m%d") not in n.message  # no personal data in the text


def test_a_recent_supervision_talk_silences_the_reminder(fu, frozen):
    p = fu.placement(start=START)
    TalkFactory(placement=p, held_at=timezone.make_aware(dt.datetime(2025, 2, 1, 10)))
    assert reminders.remind_supervision_talk(today=frozen(dt.date(2025, 2, 20))) == 0
    # ... until 30 days have passed since it.
    assert reminders.remind_supervision_talk(today=frozen(dt.date(2025, 3, 4))) == 1


def test_a_placement_younger_than_30_days_gets_no_supervision_reminder(fu, frozen):
    fu.placement(start=dt.date(2025, 2, 1))
    assert reminders.remind_supervision_talk(today=frozen(dt.date(2025, 2, 20))) == 0


def test_fewer_than_two_joint_followups_at_half_time_reminds_both(fu, frozen):
    p = fu.placement(start=START)
    joint(p, dt.date(2025, 2, 13))
    assert reminders.remind_joint_followups(today=frozen(dt.date(2025, 3, 13))) == 0
    assert reminders.remind_joint_followups(today=frozen(dt.date(2025, 3, 15))) == 2
    assert _recipients("followup.joint_followups") == sorted([fu.supervisor.username, fu.ams.username])


def test_two_joint_followups_at_half_time_need_no_reminder(fu, frozen):
    p = fu.placement(start=START)
    joint(p, dt.date(2025, 2, 13))
    joint(p, dt.date(2025, 3, 10))
    assert reminders.remind_joint_followups(today=frozen(dt.date(2025, 3, 15))) == 0


def test_planned_end_within_14_days_without_exit_meeting_reminds_both(fu, frozen):
    fu.placement(start=START)
    assert reminders.remind_exit_meeting(today=frozen(dt.date(2025, 4, 28))) == 0
    assert reminders.remind_exit_meeting(today=frozen(dt.date(2025, 4, 29))) == 2
    assert "förlängning" in Notification.objects.first().message


def test_a_booked_exit_meeting_silences_the_exit_reminder(fu, frozen):
    p = fu.placement(start=START)
    TalkFactory(placement=p, kind=Talk.Kind.EXIT_MEETING, status="planned")
    assert reminders.remind_exit_meeting(today=frozen(dt.date(2025, 5, 1))) == 0


def test_start_self_assessment_missing_14_days_after_start(fu, frozen):
    p = fu.placement(start=START)
    assert reminders.remind_start_assessment(today=frozen(dt.date(2025, 1, 26))) == 0
    assert reminders.remind_start_assessment(today=frozen(dt.date(2025, 1, 27))) == 2
    Notification.objects.all().delete()
    _assess(fu, p, "start", dt.date(2025, 1, 20))
    assert reminders.remind_start_assessment(today=frozen(dt.date(2025, 1, 28))) == 0


def test_end_self_assessment_missing_at_the_planned_end(fu, frozen):
    p = fu.placement(start=START)
    assert reminders.remind_end_assessment(today=frozen(dt.date(2025, 5, 12))) == 0
    assert reminders.remind_end_assessment(today=frozen(dt.date(2025, 5, 13))) == 2
    Notification.objects.all().delete()
    _assess(fu, p, "end", dt.date(2025, 5, 13))
    assert reminders.remind_end_assessment(today=frozen(dt.date(2025, 5, 14))) == 0


def test_end_self_assessment_missing_after_an_early_end(fu, frozen):
    fu.placement(start=START, end_date=dt.date(2025, 4, 1), end_reason=end_reason("work"))
    assert reminders.remind_end_assessment(today=frozen(dt.date(2025, 4, 2))) == 2


def test_consent_missing_for_an_active_placement_reminds_the_case_officer(fu, frozen):
    fu.placement(start=START, consent=False)
    assert reminders.remind_consent(today=frozen(dt.date(2025, 2, 1))) == 1
    assert _recipients("followup.consent") == [fu.ams.username]
    assert "saknas" in Notification.objects.get().message


def test_withdrawn_consent_for_an_active_placement_reminds_the_case_officer(fu, frozen):
    p = fu.placement(start=START)
    Consent.objects.filter(participant=p.participant).update(withdrawn_on=dt.date(2025, 2, 1))
    today = frozen(dt.date(2025, 2, 2))
    assert reminders.remind_consent(today=today) == 1
    assert "återkallat" in Notification.objects.get().message


def test_valid_consent_needs_no_reminder(fu, frozen):
    fu.placement(start=START)
    assert reminders.remind_consent(today=frozen(dt.date(2025, 2, 2))) == 0


def test_follow_up_three_months_after_exit_reminds_the_case_officer(fu, frozen):
    p = fu.placement(start=START, end_date=dt.date(2025, 5, 13), end_reason=end_reason("work"))
    assert reminders.remind_exit_followup(today=frozen(dt.date(2025, 8, 12))) == 0
    assert reminders.remind_exit_followup(today=frozen(dt.date(2025, 8, 13))) == 1
    assert _recipients("followup.exit_followup") == [fu.ams.username]
    services.exit_followup_record(
        placement=p, months_after=6, situation="studies", followed_up_on=dt.date(2025, 11, 13), by=fu.ams
    )
    assert reminders.remind_exit_followup(today=frozen(dt.date(2025, 11, 14))) == 0  # 3 already, 6 recorded


def test_extension_deadline_in_30_days_reminds_coordinators(fu, frozen):
    partnership = PartnershipFactory(extension_months=12, extension_notice_months=3)
    PeriodFactory(partnership=partnership, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    # Deadline 2025-09-30.
    assert reminders.remind_extension_deadline(today=frozen(dt.date(2025, 8, 30))) == 0
    assert reminders.remind_extension_deadline(today=frozen(dt.date(2025, 8, 31))) == 1
    assert _recipients("followup.extension_deadline") == [fu.coordinator.username]
    assert reminders.remind_extension_deadline(today=frozen(dt.date(2025, 9, 1))) == 0


def test_fewer_than_four_steering_meetings_reminds_coordinators_and_the_convening_party(fu, frozen):
    convener = fu.partner
    partnership = PartnershipFactory(extension_months=0, convening_party=convener)
    PeriodFactory(partnership=partnership, start=dt.date(2025, 1, 1), end=dt.date(2026, 12, 31))
    convener_styrgrupp = UserFactory(organisation=convener, roles=[Role.STYRGRUPP])
    for day in (dt.date(2025, 2, 1), dt.date(2025, 5, 1), dt.date(2025, 9, 1)):
        Meeting.objects.create(partnership=partnership, date=day, held=day < dt.date(2025, 3, 1))
    Meeting.objects.create(partnership=partnership, date=dt.date(2025, 6, 1), kind=Meeting.Kind.WORKING)
    Meeting.objects.create(partnership=partnership, date=dt.date(2026, 2, 1))  # next agreement year
    today = frozen(dt.date(2025, 3, 1))
    created = reminders.remind_steering_meetings(today=today)
    mine = Notification.objects.filter(message__startswith=partnership.case_number)
    assert sorted(mine.values_list("user__username", flat=True)) == sorted(
        [fu.coordinator.username, convener_styrgrupp.username, fu.styrgrupp.username]
    )
    assert "3 av 4" in mine.first().message
    assert reminders.remind_steering_meetings(today=today) == 0
    assert created >= 3
    # Next quarter of the agreement year, still 3 meetings: reminded again.
    frozen(dt.date(2025, 4, 2))
    reminders.remind_steering_meetings(today=dt.date(2025, 4, 2))
    assert mine.count() == 6
    # A fourth meeting booked: no more reminders that year.
    Meeting.objects.create(partnership=partnership, date=dt.date(2025, 11, 1))
    reminders.remind_steering_meetings(today=frozen(dt.date(2025, 7, 2)))
    assert mine.count() == 6


def test_a_partnership_whose_agreement_names_no_number_of_steering_meetings_is_not_reminded(fu, frozen):
    partnership = PartnershipFactory(extension_months=0, steering_meetings_per_year=None)
    PeriodFactory(partnership=partnership, start=dt.date(2025, 1, 1), end=dt.date(2026, 12, 31))
    reminders.remind_steering_meetings(today=frozen(dt.date(2025, 7, 2)))
    assert not Notification.objects.filter(message__startswith=partnership.case_number).exists()
    # Two a year agreed: two held, no reminder; one held, reminded with the agreed number.
    partnership.steering_meetings_per_year = 2
    partnership.save()
    Meeting.objects.create(partnership=partnership, date=dt.date(2025, 3, 1))
    reminders.remind_steering_meetings(today=frozen(dt.date(2025, 7, 3)))
    assert "1 av 2" in Notification.objects.get(message__startswith=partnership.case_number).message


def test_agreement_year_runs_from_the_start_anniversary(fu):
    partnership = PartnershipFactory()
    PeriodFactory(partnership=partnership, start=dt.date(2025, 3, 10), end=dt.date(2027, 3, 9))
    assert agreement_year(partnership, dt.date(2026, 3, 9)) == (
        dt.date(2025, 3, 10),
        dt.date(2026, 3, 9),
    )
    assert agreement_year(partnership, dt.date(2026, 3, 10)) == (
        dt.date(2026, 3, 10),
        dt.date(2027, 3, 9),
    )
    assert agreement_year(partnership, dt.date(2025, 1, 1)) is None


def test_uninvoiced_periods_are_delegated_to_the_invoicing_app(monkeypatch, db, frozen):
    import invoicing.services

    assert (
        reminders.registered_rules()["remind_uninvoiced_periods"]
        is invoicing.services.remind_uninvoiced_periods
    )
    calls = []
    monkeypatch.setitem(
        reminders._RULES, "remind_uninvoiced_periods", lambda *, today: calls.append(today) or 2
    )
    today = frozen(dt.date(2025, 4, 1))
    assert reminders.run_all(today=today)["remind_uninvoiced_periods"] == 2
    assert calls == [today]


def test_reported_figures_are_delegated_to_the_reporting_app():
    from reporting.figure_services import remind_figures_due

    assert reminders.registered_rules()["remind_reported_figures"] is remind_figures_due


def _busy_world(fu):
    a = fu.placement(start=START)  # supervision, joint, start SA, ...
    fu.placement(start=START, consent=False)
    fu.placement(start=START, end_date=dt.date(2025, 1, 31), end_reason=end_reason("moved"))
    return a


def test_the_daily_task_run_twice_the_same_day_creates_each_reminder_once(fu, frozen):
    _busy_world(fu)
    frozen(dt.date(2025, 3, 20))
    first = create_daily_reminders()
    total = Notification.objects.count()
    assert total == sum(first.values()) and total > 5
    assert {k for k, v in first.items() if v} >= {
        "remind_supervision_talk",
        "remind_joint_followups",
        "remind_start_assessment",
        "remind_consent",
        "remind_steering_meetings",
    }
    second = create_daily_reminders()
    assert set(second.values()) == {0}
    assert Notification.objects.count() == total
    keys = list(Notification.objects.values_list("user_id", "dedupe_key"))
    assert len(keys) == len(set(keys))


def test_the_beat_schedule_exists_after_migrate(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.select_related("crontab").get(task="followup.tasks.create_daily_reminders")
    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == (
        "6",
        "0",
        "Europe/Stockholm",
    )
    assert PeriodicTask.objects.filter(task="followup.tasks.send_digests", enabled=True).exists()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_the_reminder_task_runs_in_a_real_celery_worker(real_celery_worker, fu):
    if real_celery_worker is None:
        print("No CELERY_BROKER_URL: the task runs eagerly in this process instead of a worker.")  # noqa: T201
    fu.placement(start=START, consent=False)
    create_daily_reminders.delay("2025-03-20")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not Notification.objects.filter(kind="followup.consent").exists():
        time.sleep(0.3)
    assert Notification.objects.filter(kind="followup.consent", user=fu.ams).count() == 1
