"""Enrolling a participant in a programme and changing the team or process leader.

A team holds at most `caseload_target` current enrolments. The count is made under the partnership's row
lock (`participants.services.lock_partnership`, the same lock the capacity rule takes), so two enrolments
racing for a team's last place cannot both succeed.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from iop.models import Partnership, User
from participants.models import AccessLog, Participant
from participants.services import lock_partnership, write_logged
from participants.services.errors import ErrorCode

from ..models import Enrolment, EnrolmentPhase, Team
from .logged import write_for_enrolment
from .phases import phases_of


def assert_team_has_room(team: Team, *, excluding: Enrolment | None = None) -> None:
    """Raise a ValidationError at `team` when it already holds its caseload target. Call with the
    partnership row locked."""
    current = Enrolment.objects.current().filter(team=team)
    if excluding is not None:
        current = current.exclude(pk=excluding.pk)
    count = current.count()
    if count >= team.caseload_target:
        raise ValidationError(
            {
                "team": ValidationError(
                    _("Teamet %(team)s är fullt (%(count)s av %(target)s deltagare).")
                    % {"team": team.name, "count": count, "target": team.caseload_target},
                    code=ErrorCode.CAPACITY,
                )
            }
        )


def enrolment_create(
    *,
    partnership: Partnership,
    participant: Participant,
    team: Team,
    process_leader: User,
    start_date: dt.date,
    by: Any,
    request: Any = None,
) -> Enrolment:
    """Enrol (skriva in) a participant in the programme, in its first phase, with a team and a process
    leader from that team."""

    def write() -> Enrolment:
        lock_partnership(partnership)
        first = phases_of(partnership)[0]
        enrolment = Enrolment(
            partnership=partnership,
            participant=participant,
            team=team,
            process_leader=process_leader,
            start_date=start_date,
            phase=first,
        )
        enrolment.full_clean()
        assert_team_has_room(team)
        enrolment.save()
        EnrolmentPhase.objects.create(enrolment=enrolment, phase=first, start_date=start_date)
        return enrolment

    return write_logged(
        request_or_user=request or by,
        write=write,
        action=AccessLog.Action.CREATE,
        participant=participant.pk,
        detail=lambda enrolment: f"inskrivning {enrolment.pk} i program",
    )


def enrolment_reassign(
    *, enrolment: Enrolment, team: Team, process_leader: User, by: Any, request: Any = None
) -> Enrolment:
    """Move an enrolment to another team and/or process leader (the old values stay in its history)."""

    def write() -> Enrolment:
        lock_partnership(enrolment.partnership_id)
        fresh = Enrolment.objects.get(pk=enrolment.pk)
        moves_team = fresh.team_id != team.pk
        fresh.team = team
        fresh.process_leader = process_leader
        fresh.full_clean()
        if moves_team:
            assert_team_has_room(team, excluding=fresh)
        fresh.save()
        return fresh

    return write_for_enrolment(
        enrolment,
        write=write,
        action=AccessLog.Action.CHANGE,
        what="team eller processledare",
        by=by,
        request=request,
    )
