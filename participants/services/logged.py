"""Writes that are logged: the service opens the transaction, runs the write and records the access-log
row in it, so a change never lands without its row (and a refused write leaves neither).

Views call these instead of wrapping a write and `log_access` in `transaction.atomic` themselves.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import transaction

from participants.access_log import log_access
from participants.models import AccessLog, Participant, Placement

T = TypeVar("T")
ParticipantRef = Participant | int | None


def write_logged(
    *,
    request_or_user: Any,
    write: Callable[[], T],
    action: str,
    participant: ParticipantRef | Callable[[T], ParticipantRef],
    detail: str | Callable[[T], str],
) -> T:
    """Run `write` and log `action` about `participant` with `detail` in one transaction. `participant`
    and `detail` may be functions of what `write` returns (e.g. the new referral's id in the detail)."""
    with transaction.atomic():
        result = write()
        log_access(
            request_or_user=request_or_user,
            participant=participant(result) if callable(participant) else participant,
            action=action,
            detail=detail(result) if callable(detail) else detail,
        )
    return result


def placement_write_logged(
    *,
    request_or_user: Any,
    write: Callable[[], Any],
    detail: str,
    placement: Placement | None = None,
    action: str = AccessLog.Action.CHANGE,
) -> Placement:
    """A write on a placement page, logged about the placement's participant as
    "arbetsträningsplats <id>: <detail>". `placement` is the placement written to; without it, the
    placement `write` returns (a new placement). Returns the placement."""

    def target(result: Any) -> Placement:
        return placement if placement is not None else result

    result = write_logged(
        request_or_user=request_or_user,
        write=write,
        action=action,
        participant=lambda result: target(result).participant_id,
        detail=lambda result: f"arbetsträningsplats {target(result).pk}: {detail}",
    )
    return target(result)
