"""No placement starts before the board's decision has gained legal force (seed 000 §9, iop.legal_force):
refused at the start date with a Swedish message naming the legal-force date field; nothing saved."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from iop.legal_force import NOT_IN_FORCE
from participants.models import Placement, Referral
from participants.services import placement_start
from participants.tests.factories import ConsentFactory, ParticipantFactory, ReferralFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def accepted(setup):
    participant = ParticipantFactory(case_officer=setup.ams)
    ConsentFactory(participant=participant, partnership=setup.partnership, organisation=setup.partner)
    return ReferralFactory(
        participant=participant, partnership=setup.partnership, status=Referral.Status.ACCEPTED
    )


def _post(client, setup, referral, start):
    return client.post(
        reverse("participants:placement_start", args=[referral.pk]),
        {"work_area": setup.work_area.pk, "supervisor": setup.supervisor.pk, "start_date": start.isoformat()},
    )


def test_a_start_before_the_legal_force_date_is_refused_at_the_start_date(client, setup, accepted):
    setup.partnership.legal_force_date = TODAY + dt.timedelta(days=10)
    setup.partnership.save()
    client.force_login(setup.ams)
    response = _post(client, setup, accepted, TODAY)
    assert response.status_code == 400
    message = " ".join(response.context["form"].errors["start_date"])
    assert "laga kraft" in message and f"{TODAY + dt.timedelta(days=10):%Y-%m-%d}" in message
    assert "Beslutet vann laga kraft" in message  # names the field to correct
    assert not Placement.objects.exists()
    accepted.refresh_from_db()
    assert accepted.status == Referral.Status.ACCEPTED


def test_a_partnership_without_a_legal_force_date_cannot_start_placements(setup, accepted):
    setup.partnership.legal_force_date = None
    setup.partnership.save()
    with pytest.raises(ValidationError) as caught:
        placement_start(
            participant=accepted.participant,
            partnership=setup.partnership,
            start_date=TODAY,
            referral=accepted,
            by=setup.ams,
        )
    error = caught.value.error_dict["start_date"][0]
    assert error.code == NOT_IN_FORCE
    assert "Fyll i fältet ”Beslutet vann laga kraft”" in error.message
    assert not Placement.objects.exists()
    accepted.refresh_from_db()
    assert accepted.status == Referral.Status.ACCEPTED


def test_a_start_on_the_legal_force_date_is_allowed(client, setup, accepted):
    setup.partnership.legal_force_date = TODAY
    setup.partnership.save()
    client.force_login(setup.ams)
    assert _post(client, setup, accepted, TODAY).status_code == 302
    assert Placement.objects.filter(start_date=TODAY).exists()
