"""The one rule for follow-up talks (seed 003: "Varje aktivitet eller fasförflyttning inleds och avslutas
med ett uppföljningssamtal med teamet"): a phase is left, and a participation in an activity ended, only
once a closing talk has been held in it; a talk is never dated before what it opens or closes began."""

import datetime as dt
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

if TYPE_CHECKING:
    from ..models.enrolment import OpeningClosingTalk

T = TypeVar("T", bound="OpeningClosingTalk")

CLOSES = "closes"  # PhaseTalk.Purpose.CLOSES and ParticipationTalk.Purpose.CLOSES
OPENS = "opens"


def assert_closed_by_talk(talks: QuerySet, message: str) -> None:
    """Raise `message` unless `talks` (of one phase or one participation) hold a closing talk."""
    if not talks.filter(purpose=CLOSES).exists():
        raise ValidationError(message)


def assert_talk_not_before(held_on: dt.date, start: dt.date, message: str) -> None:
    if held_on < start:
        raise ValidationError({"held_on": message % {"day": start}})


def talk_save(talk: T, *, start: dt.date, message: str) -> T:
    """Validate and save a talk that opens or closes a step begun on `start` (`message` if it is dated
    before that)."""
    talk.full_clean()
    assert_talk_not_before(talk.held_on, start, message)
    talk.save()
    return talk
