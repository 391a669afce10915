"""Reminders close themselves when what they ask for is done, name the participant by pseudonym and
link to the action. One test per kind of placement reminder."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from followup import reminders, services
from followup.models import Talk
from followup.tests.factories import TalkFactory, joint
from iop.models import Notification
from participants.models import Consent
from participants.tests.factories import ConsentFactory, end_reason

START = dt.date(2025, 1, 13)  # planned end 2025-05-13


@pytest.fixture
def frozen(time_machine):
    def go(day: dt.date):
        time_machine.move_to(timezone.make_aware(dt.datetime.combine(day, dt.time(6, 0))), tick=False)
        return day

    return go


def _open(kind):
    return Notification.objects.filter(kind=kind, done_at__isnull=True)


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


def test_the_supervision_talk_reminder_names_the_participant_links_to_the_form_and_closes(
    fu, frozen, django_capture_on_commit_callbacks
):
    p = fu.placement(start=START)
    today = frozen(dt.date(2025, 2, 20))
    reminders.remind_supervision_talk(today=today)
    n = _open("followup.supervision_talk").get()
    assert p.participant.pseudonym in n.message
    assert p.participant.first_name not in n.message
    assert n.url == reverse("followup:talk_create", kwargs={"pk": p.pk, "kind": "supervision_talk"})
    with django_capture_on_commit_callbacks(execute=True):
        services.talk_create(
            placement=p,
            by=fu.supervisor,
            kind=Talk.Kind.SUPERVISION_TALK,
            held_at=timezone.now(),
            supervisor_present=True,
        )
    assert not _open("followup.supervision_talk").exists()


def test_the_daily_run_closes_a_reminder_resolved_elsewhere(fu, frozen):
    p = fu.placement(start=START)
    today = frozen(dt.date(2025, 2, 20))
    reminders.remind_supervision_talk(today=today)
    # Saved without the service (e.g. an import): the next daily run closes the reminder.
    TalkFactory(placement=p, held_at=timezone.now() - dt.timedelta(hours=1))
    reminders.remind_supervision_talk(today=today)
    assert not _open("followup.supervision_talk").exists()


def test_the_joint_followup_reminder_closes_when_two_are_held(fu, frozen):
    p = fu.placement(start=START)
    today = frozen(dt.date(2025, 3, 20))
    reminders.remind_joint_followups(today=today)
    n = _open("followup.joint_followups").get(user=fu.ams)
    assert n.url == reverse("followup:talk_create", kwargs={"pk": p.pk, "kind": "followup_meeting"})
    joint(p, dt.date(2025, 2, 1))
    joint(p, dt.date(2025, 3, 1))
    reminders.refresh_placement(p.pk, today=today)
    assert not _open("followup.joint_followups").exists()


def test_the_exit_meeting_reminder_closes_when_one_is_booked(fu, frozen, django_capture_on_commit_callbacks):
    p = fu.placement(start=START)
    today = frozen(dt.date(2025, 5, 5))
    reminders.remind_exit_meeting(today=today)
    n = _open("followup.exit_meeting").first()
    assert n.url == reverse("followup:talk_create", kwargs={"pk": p.pk, "kind": "exit_meeting"})
    with django_capture_on_commit_callbacks(execute=True):
        services.talk_create(
            placement=p,
            by=fu.supervisor,
            kind=Talk.Kind.EXIT_MEETING,
            status=Talk.Status.PLANNED,
            held_at=timezone.now() + dt.timedelta(days=3),
            supervisor_present=True,
        )
    assert not _open("followup.exit_meeting").exists()


def test_the_start_assessment_reminder_closes_when_it_is_saved(
    fu, frozen, django_capture_on_commit_callbacks
):
    p = fu.placement(start=START)
    today = frozen(dt.date(2025, 2, 1))
    reminders.remind_start_assessment(today=today)
    n = _open("followup.start_assessment").first()
    assert n.url == reverse(
        "followup:assessment", kwargs={"pk": p.pk, "occasion": "start", "kind": "participant"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        _assess(fu, p, "start", today)
    assert not _open("followup.start_assessment").exists()


def test_the_end_assessment_reminder_closes_when_it_is_saved(fu, frozen, django_capture_on_commit_callbacks):
    p = fu.placement(start=START)
    today = frozen(dt.date(2025, 5, 20))
    reminders.remind_end_assessment(today=today)
    assert _open("followup.end_assessment").exists()
    with django_capture_on_commit_callbacks(execute=True):
        _assess(fu, p, "end", today)
    assert not _open("followup.end_assessment").exists()


def test_the_consent_reminder_links_to_the_consent_form_and_closes_on_the_next_run(fu, frozen):
    p = fu.placement(start=START, consent=False)
    today = frozen(dt.date(2025, 2, 1))
    reminders.remind_consent(today=today)
    n = _open("followup.consent").get()
    assert n.url == reverse("participants:consent_create", kwargs={"pk": p.participant_id})
    ConsentFactory(
        participant=p.participant, partnership=fu.partnership, organisation=fu.partner, given_on=today
    )
    reminders.remind_consent(today=today)
    assert not _open("followup.consent").exists()
    assert Consent.objects.count() == 1


def test_the_exit_followup_reminder_closes_when_recorded_not_when_its_window_passes(
    fu, frozen, django_capture_on_commit_callbacks
):
    p = fu.placement(start=START, end_date=dt.date(2025, 5, 13), end_reason=end_reason("completed_plan"))
    today = frozen(dt.date(2025, 8, 20))
    reminders.remind_exit_followup(today=today)
    assert _open("followup.exit_followup").count() == 1
    later = frozen(dt.date(2025, 10, 30))  # past the 3-month window, the 6-month one not yet due
    reminders.remind_exit_followup(today=later)
    assert _open("followup.exit_followup").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.exit_followup_record(
            placement=p, months_after=3, situation="studies", followed_up_on=later, by=fu.ams
        )
    assert not _open("followup.exit_followup").exists()


def test_closing_one_placement_leaves_the_others_open(fu, frozen):
    a = fu.placement(start=START)
    fu.placement(start=START)
    today = frozen(dt.date(2025, 2, 20))
    reminders.remind_supervision_talk(today=today)
    assert _open("followup.supervision_talk").count() == 2
    TalkFactory(placement=a, held_at=timezone.now() - dt.timedelta(hours=1))
    reminders.refresh_placement(a.pk, today=today)
    assert _open("followup.supervision_talk").count() == 1
