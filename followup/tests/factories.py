"""factory_boy factories for the followup app (talks); self-assessments go through the service."""

import datetime as dt

import factory
from django.utils import timezone

from followup.models import Talk
from participants.tests.factories import PlacementFactory


class TalkFactory(factory.django.DjangoModelFactory[Talk]):
    class Meta:
        model = Talk

    placement = factory.SubFactory(PlacementFactory)
    kind = Talk.Kind.SUPERVISION_TALK
    status = Talk.Status.HELD
    held_at = factory.LazyAttribute(
        lambda t: (
            timezone.make_aware(dt.datetime.combine(t.placement.start_date, dt.time(10)))
            + dt.timedelta(days=7)
        )
    )
    participant_present = True
    supervisor_present = True
    case_officer_present = False


def joint(placement, day: dt.date, **kw) -> Talk:
    """A held follow-up meeting with both supervisor and case officer (counts for indicator 2)."""
    return TalkFactory.create(
        placement=placement,
        kind=Talk.Kind.FOLLOWUP_MEETING,
        held_at=timezone.make_aware(dt.datetime.combine(day, dt.time(10))),
        supervisor_present=True,
        case_officer_present=True,
        **kw,
    )
