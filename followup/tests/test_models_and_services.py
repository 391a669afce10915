import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from followup import services
from followup.models import ExitFollowUp, SelfAssessment, SelfAssessmentAnswer, Talk
from followup.tests.factories import TalkFactory
from participants.tests.factories import ReferralFactory, end_reason


def _values(instrument, value):
    return {item.pk: value for item in instrument.items.all()}


def test_default_instrument_has_the_seven_employment_indicator_items_on_1_to_10(fu):
    instrument = services.instrument_for(fu.partnership)
    assert (instrument.scale_min, instrument.scale_max) == (1, 10)
    assert [i.code for i in instrument.items.all()] == [
        "believes_job",
        "acts_purposefully",
        "realistic_skills",
        "copes_health",
        "knows_labour_market",
        "cooperates",
        "work_ability",
    ]
    assert services.instrument_for(fu.partnership) == instrument  # created once


def test_a_talk_needs_a_placement_unless_it_is_a_study_visit_on_a_referral(fu):
    referral = ReferralFactory(partnership=fu.partnership)
    visit = Talk(referral=referral, kind=Talk.Kind.STUDY_VISIT, held_at=timezone.now())
    visit.full_clean()
    visit.save()
    with pytest.raises(ValidationError):
        Talk(referral=referral, kind=Talk.Kind.SUPERVISION_TALK, held_at=timezone.now()).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Talk.objects.create(referral=referral, kind=Talk.Kind.SUPERVISION_TALK, held_at=timezone.now())


def test_the_database_refuses_an_answer_outside_its_scale(fu):
    placement = fu.placement()
    assessment = services.self_assessment_save(
        placement=placement,
        occasion="start",
        kind="participant",
        assessed_on=fu.today,
        values=_values(services.instrument_for(fu.partnership), 5),
        by=fu.supervisor,
    )
    answer = assessment.answers.first()
    answer.value = 11
    with pytest.raises(ValidationError):
        answer.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        SelfAssessmentAnswer.objects.filter(pk=answer.pk).update(value=11)


def test_one_self_assessment_per_placement_occasion_and_kind(fu):
    placement = fu.placement()
    instrument = services.instrument_for(fu.partnership)
    SelfAssessment.objects.create(
        placement=placement, instrument=instrument, occasion="start", kind="participant", assessed_on=fu.today
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        SelfAssessment.objects.create(
            placement=placement,
            instrument=instrument,
            occasion="start",
            kind="participant",
            assessed_on=fu.today,
        )


def test_saving_an_assessment_with_a_missing_item_saves_nothing(fu):
    placement = fu.placement()
    values = _values(services.instrument_for(fu.partnership), 5)
    values.pop(next(iter(values)))
    with pytest.raises(ValidationError) as exc:
        services.self_assessment_save(
            placement=placement,
            occasion="start",
            kind="participant",
            assessed_on=fu.today,
            values=values,
            by=fu.ams,
        )
    assert any(k.startswith("item_") for k in exc.value.message_dict)
    assert not SelfAssessment.objects.exists()
    assert not SelfAssessmentAnswer.objects.exists()


def test_correcting_an_assessment_keeps_the_earlier_answer_in_history(fu):
    placement = fu.placement()
    instrument = services.instrument_for(fu.partnership)
    kwargs = dict(
        placement=placement, occasion="end", kind="participant", assessed_on=fu.today, by=fu.supervisor
    )
    services.self_assessment_save(values=_values(instrument, 4), **kwargs)
    services.self_assessment_save(values=_values(instrument, 6), **kwargs)
    answer = SelfAssessmentAnswer.objects.first()
    assert answer.value == 6
    assert [h.value for h in answer.history.order_by("history_date")] == [4, 6]


def test_correcting_a_talk_keeps_the_previous_version_and_who_changed_it(fu):
    placement = fu.placement()
    talk = services.talk_create(
        placement=placement,
        by=fu.supervisor,
        kind=Talk.Kind.SUPERVISION_TALK,
        held_at=timezone.now(),
        supervisor_present=True,
        development_goals="Komma i tid",
    )
    services.talk_update(talk=talk, by=fu.ams, development_goals="Komma i tid varje dag")
    versions = list(talk.history.order_by("history_date"))
    assert [v.development_goals for v in versions] == ["Komma i tid", "Komma i tid varje dag"]
    assert [v.history_user for v in versions] == [fu.supervisor, fu.ams]


def test_a_talk_keeps_only_the_fields_of_its_kind(fu):
    talk = services.talk_create(
        placement=fu.placement(),
        by=fu.ams,
        kind=Talk.Kind.FOLLOWUP_MEETING,
        held_at=timezone.now(),
        development_goals="hör inte hit",
        exit_summary="hör inte heller hit",
    )
    assert talk.development_goals == "" and talk.exit_summary == ""


def test_joint_followup_needs_both_supervisor_and_case_officer_and_a_held_followup_kind(fu):
    p = fu.placement()
    both = TalkFactory(
        placement=p, kind=Talk.Kind.FOLLOWUP_MEETING, supervisor_present=True, case_officer_present=True
    )
    TalkFactory(
        placement=p, kind=Talk.Kind.FOLLOWUP_MEETING, supervisor_present=False, case_officer_present=True
    )
    TalkFactory(
        placement=p,
        kind=Talk.Kind.FOLLOWUP_MEETING,
        status="planned",
        supervisor_present=True,
        case_officer_present=True,
    )
    TalkFactory(placement=p, kind=Talk.Kind.START_MEETING, supervisor_present=True, case_officer_present=True)
    assert list(Talk.objects.joint_followups()) == [both]
    assert both.is_joint_followup


def test_exit_followup_is_3_or_6_months_and_once_per_placement(fu):
    placement = fu.placement(
        start=dt.date(2025, 1, 13), end_date=dt.date(2025, 5, 13), end_reason=end_reason("work")
    )
    services.exit_followup_record(
        placement=placement,
        months_after=3,
        situation="work_employed",
        followed_up_on=dt.date(2025, 8, 13),
        by=fu.ams,
    )
    services.exit_followup_record(
        placement=placement,
        months_after=3,
        situation="studies",
        followed_up_on=dt.date(2025, 8, 14),
        by=fu.ams,
    )
    assert ExitFollowUp.objects.get().situation == "studies"
    with pytest.raises(IntegrityError), transaction.atomic():
        ExitFollowUp.objects.create(
            placement=placement, months_after=4, situation="unknown", followed_up_on=dt.date(2025, 9, 1)
        )


def test_exit_followup_on_an_ongoing_placement_is_refused(fu):
    with pytest.raises(ValidationError):
        services.exit_followup_record(
            placement=fu.placement(), months_after=3, situation="unknown", followed_up_on=fu.today, by=fu.ams
        )
