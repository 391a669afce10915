import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from participants.models import Referral
from participants.selectors import queue_position, queue_positions, referral_queue
from participants.services import (
    placement_start,
    referral_create,
    referral_set_queue_override,
    referral_set_status,
)
from participants.tests.factories import ConsentFactory, ParticipantFactory, ReferralFactory

D = dt.date
S = Referral.Status


@pytest.fixture
def consented(setup):
    p = ParticipantFactory(case_officer=setup.ams)
    ConsentFactory(
        participant=p, partnership=setup.partnership, organisation=setup.partner, given_on=D(2025, 1, 1)
    )
    return p


def test_referral_is_refused_without_valid_consent(setup):
    p = ParticipantFactory(case_officer=setup.ams)
    with pytest.raises(ValidationError) as exc:
        referral_create(
            participant=p, partnership=setup.partnership, case_officer=setup.ams, referred_on=D(2025, 2, 1)
        )
    assert exc.value.code == "no_consent"
    assert "samtycke" in exc.value.messages[0]
    assert not Referral.objects.exists()


def test_referral_is_refused_after_consent_was_withdrawn(setup):
    p = ParticipantFactory(case_officer=setup.ams)
    ConsentFactory(
        participant=p, partnership=setup.partnership, given_on=D(2025, 1, 1), withdrawn_on=D(2025, 1, 20)
    )
    with pytest.raises(ValidationError):
        referral_create(
            participant=p, partnership=setup.partnership, case_officer=setup.ams, referred_on=D(2025, 2, 1)
        )


def test_full_way_new_study_visit_accepted_placed(setup, consented):
    r = referral_create(
        participant=consented,
        partnership=setup.partnership,
        case_officer=setup.ams,
        referred_on=D(2025, 2, 1),
        preferred_work_area=setup.work_area,
    )
    assert r.status == S.NEW
    r = referral_set_status(referral=r, status=S.STUDY_VISIT_BOOKED, study_visit_on=D(2025, 2, 5))
    r = referral_set_status(referral=r, status=S.ACCEPTED, on=D(2025, 2, 6))
    assert queue_position(r) == 1
    placement = placement_start(
        participant=consented, partnership=setup.partnership, start_date=D(2025, 2, 10), referral=r
    )
    r.refresh_from_db()
    assert r.status == S.PLACED and placement.referral == r
    assert queue_position(r) is None
    assert r.history.count() == 4


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (S.NEW, S.PLACED),
        (S.ACCEPTED, S.NEW),
        (S.ACCEPTED, S.STUDY_VISIT_BOOKED),
        (S.DECLINED, S.ACCEPTED),
        (S.WITHDRAWN, S.NEW),
        (S.PLACED, S.WITHDRAWN),
        (S.NEW, "nonsense"),
    ],
)
def test_invalid_transitions_are_refused(setup, start, target):
    r = ReferralFactory(partnership=setup.partnership, status=start, closed_reason="x")
    with pytest.raises(ValidationError) as exc:
        referral_set_status(referral=r, status=target, reason="x")
    assert "status" in exc.value.message_dict
    r.refresh_from_db()
    assert r.status == start


def test_declining_and_withdrawing_require_a_reason(setup):
    r = ReferralFactory(partnership=setup.partnership)
    with pytest.raises(ValidationError) as exc:
        referral_set_status(referral=r, status=S.DECLINED)
    assert "closed_reason" in exc.value.message_dict
    r = referral_set_status(referral=r, status=S.WITHDRAWN, reason="Fått arbete")
    assert r.status == S.WITHDRAWN and r.closed_reason == "Fått arbete"


def test_booking_a_study_visit_requires_its_date(setup):
    r = ReferralFactory(partnership=setup.partnership)
    with pytest.raises(ValidationError) as exc:
        referral_set_status(referral=r, status=S.STUDY_VISIT_BOOKED)
    assert "study_visit_on" in exc.value.message_dict


def test_only_one_open_referral_per_participant_and_partnership(setup, consented):
    referral_create(
        participant=consented,
        partnership=setup.partnership,
        case_officer=setup.ams,
        referred_on=D(2025, 2, 1),
    )
    with pytest.raises(ValidationError):
        referral_create(
            participant=consented,
            partnership=setup.partnership,
            case_officer=setup.ams,
            referred_on=D(2025, 2, 2),
        )


def test_queue_is_ordered_by_referral_date_and_coordinator_override(setup):
    late = ReferralFactory(partnership=setup.partnership, status=S.ACCEPTED, referred_on=D(2025, 3, 1))
    early = ReferralFactory(partnership=setup.partnership, status=S.ACCEPTED, referred_on=D(2025, 2, 1))
    ReferralFactory(partnership=setup.partnership, status=S.NEW, referred_on=D(2025, 1, 1))
    assert list(referral_queue(setup.partnership)) == [early, late]
    assert (queue_position(early), queue_position(late)) == (1, 2)
    with pytest.raises(ValidationError):
        referral_set_queue_override(referral=late, position=1, reason="")
    referral_set_queue_override(
        referral=late, position=1, reason="Erbjudande om anställning väntar", by=setup.coordinator
    )
    assert list(referral_queue(setup.partnership)) == [late, early]
    assert queue_position(early) == 2
    referral_set_queue_override(referral=late, position=None)
    assert list(referral_queue(setup.partnership)) == [early, late]


def test_queue_positions_of_several_partnerships_take_one_query(setup, django_assert_num_queries):
    from tests.factories import PartnershipFactory

    other = PartnershipFactory()
    ReferralFactory(partnership=setup.partnership, status=S.ACCEPTED, referred_on=D(2025, 2, 1))
    here = ReferralFactory(partnership=setup.partnership, status=S.ACCEPTED, referred_on=D(2025, 3, 1))
    there = ReferralFactory(partnership=other, status=S.ACCEPTED, referred_on=D(2025, 4, 1))
    waiting = ReferralFactory(partnership=other, status=S.NEW)
    with django_assert_num_queries(1):
        positions = queue_positions([here, there, waiting])
    assert positions == {here.pk: 2, there.pk: 1}
    with django_assert_num_queries(0):
        assert queue_positions([waiting]) == {}
