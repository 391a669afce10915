"""A write about one enrolment, in one transaction with the access-log row it leaves (`write_logged`)."""

from collections.abc import Callable
from typing import Any, TypeVar

from participants.services import write_logged

from ..models import Enrolment

T = TypeVar("T")


def write_for_enrolment(
    enrolment: Enrolment, *, write: Callable[[], T], action: str, what: str, by: Any, request: Any = None
) -> T:
    """Run `write` and log it as `action` on the enrolment's participant, described as `what`."""
    return write_logged(
        request_or_user=request or by,
        write=write,
        action=action,
        participant=enrolment.participant_id,
        detail=f"inskrivning {enrolment.pk}: {what}",
    )
