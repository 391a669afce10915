"""The participant demo data: a year within the capacity rule, idempotent."""

import datetime as dt

import pytest

from iop import demo as iop_demo
from iop.models import Partnership
from participants import demo
from participants.models import Participant, Placement, Referral
from participants.services import occupancy_peak


@pytest.mark.django_db
def test_demo_year_stays_within_24_places_and_seeding_twice_changes_nothing():
    iop_demo.seed(demo_users=True)
    demo.seed(demo_users=True)
    partnership = Partnership.objects.get(case_number=iop_demo.STADSMISSION_CASE)
    placements = Placement.objects.filter(partnership=partnership)
    assert 70 <= placements.count() <= 80
    peak, _day = occupancy_peak(partnership, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert peak <= 24
    assert placements.filter(extensions__joint_decision=True).exists()
    assert placements.filter(pauses__isnull=False).exists()
    assert Referral.objects.filter(status=Referral.Status.ACCEPTED).count() == 3
    assert Participant.objects.filter(protected_identity=True).count() == 1
    assert Participant.objects.filter(consents__isnull=True).count() == 1
    assert Participant.objects.filter(consents__withdrawn_on__isnull=False).count() == 1
    assert len(set(placements.values_list("supervisor", flat=True))) == 3
    counts = (Participant.objects.count(), Placement.objects.count(), Referral.objects.count())
    demo.seed(demo_users=True)
    assert (Participant.objects.count(), Placement.objects.count(), Referral.objects.count()) == counts


@pytest.mark.django_db
def test_demo_without_demo_users_creates_no_participants():
    iop_demo.seed(demo_users=False)
    demo.seed(demo_users=False)
    assert not Participant.objects.exists()
