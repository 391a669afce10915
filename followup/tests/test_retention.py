"""Retention (gallring) also removes the follow-up app's free text, keeping what indicators count."""

import datetime as dt

import pytest
import time_machine

from followup.models import Talk
from followup.tests.factories import joint
from participants.retention import REDACTED, run_retention
from participants.tests.factories import PlacementFactory

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2028, 6, 1, 12, tzinfo=dt.UTC), tick=False)
def test_talk_notes_are_removed_with_the_participant_but_the_talk_still_counts():
    placement = PlacementFactory(start_date=dt.date(2025, 1, 10), planned_end_date=dt.date(2025, 5, 10))
    placement.end_date = dt.date(2025, 5, 1)
    from participants.tests.factories import end_reason

    placement.end_reason = end_reason("completed_plan")
    placement.save()
    talk = joint(placement, dt.date(2025, 2, 1), notes="Pratade om familjen.", action_plan="Öka tiden.")
    assert Talk.history.filter(id=talk.pk).exists()

    result = run_retention(command="test")

    assert placement.participant_id in result.participant_ids
    talk.refresh_from_db()
    assert talk.notes == REDACTED and talk.action_plan == REDACTED
    assert talk.next_steps == ""  # empty text stays empty
    assert not Talk.history.filter(id=talk.pk).exists()
    assert Talk.objects.joint_followups().filter(pk=talk.pk).exists()
