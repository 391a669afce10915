"""A participant's participations in the programme's activities: start, follow-up talks, end.

Like a phase, a participation is opened and closed by a follow-up talk with the team; it can be ended only
once the closing talk is held (`talks.assert_closed_by_talk`, the rule phases follow too).
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from participants.models import AccessLog

from ..models import Activity, Enrolment, Participation, ParticipationTalk
from .logged import write_for_enrolment
from .talks import assert_closed_by_talk, talk_save


def _assert_enrolled(enrolment: Enrolment) -> None:
    if enrolment.end_date is not None:
        raise ValidationError(_("Deltagaren är utskriven ur programmet."))


def _own(enrolment: Enrolment, participation: Participation) -> Participation:
    """The participation, locked, if it belongs to this enrolment (a form cannot reach another's)."""
    fresh = (
        Participation.objects.select_for_update()
        .select_related("activity")
        .filter(pk=participation.pk, enrolment=enrolment)
        .first()
    )
    if fresh is None:
        raise ValidationError({"participation": _("Deltagandet hör till en annan inskrivning.")})
    return fresh


def participation_start(
    *,
    enrolment: Enrolment,
    activity: Activity,
    start_date: dt.date,
    hours: int | None = None,
    by: Any,
    request: Any = None,
) -> Participation:
    """Register that the participant takes part in an activity of the programme from `start_date`."""

    def write() -> Participation:
        _assert_enrolled(enrolment)
        if start_date < enrolment.start_date:
            raise ValidationError(
                {
                    "start_date": _("Aktiviteten kan inte börja före inskrivningen %(day)s.")
                    % {"day": enrolment.start_date}
                }
            )
        participation = Participation(
            enrolment=enrolment, activity=activity, start_date=start_date, hours=hours, created_by=by
        )
        participation.full_clean()
        participation.save()
        return participation

    return write_for_enrolment(
        enrolment,
        write=write,
        action=AccessLog.Action.CREATE,
        what="deltagande i aktivitet",
        by=by,
        request=request,
    )


def participation_talk_add(
    *,
    enrolment: Enrolment,
    participation: Participation,
    purpose: str,
    held_on: dt.date,
    notes: str = "",
    by: Any,
    request: Any = None,
) -> ParticipationTalk:
    """Record a follow-up talk that opens or closes an ongoing participation."""

    def write() -> ParticipationTalk:
        fresh = _own(enrolment, participation)
        if fresh.end_date is not None:
            raise ValidationError({"participation": _("Deltagandet är redan avslutat.")})
        talk = ParticipationTalk(
            participation=fresh, purpose=purpose, held_on=held_on, notes=notes, created_by=by
        )
        message = _("Samtalet kan inte vara före aktivitetens start %(day)s.")
        return talk_save(talk, start=fresh.start_date, message=message)

    return write_for_enrolment(
        enrolment,
        write=write,
        action=AccessLog.Action.CREATE,
        what="uppföljningssamtal i aktivitet",
        by=by,
        request=request,
    )


def participation_end(
    *, enrolment: Enrolment, participation: Participation, end_date: dt.date, by: Any, request: Any = None
) -> Participation:
    """End an ongoing participation on `end_date`; refused unless a closing follow-up talk is held."""

    def write() -> Participation:
        fresh = _own(enrolment, participation)
        if fresh.end_date is not None:
            raise ValidationError({"participation": _("Deltagandet är redan avslutat.")})
        assert_closed_by_talk(fresh.talks.all(), closing_talk_missing(fresh))
        if end_date < fresh.start_date:
            raise ValidationError(
                {
                    "end_date": _("Deltagandet kan inte sluta före det började %(day)s.")
                    % {"day": fresh.start_date}
                }
            )
        fresh.end_date = end_date
        fresh.save(update_fields=["end_date"])
        return fresh

    return write_for_enrolment(
        enrolment,
        write=write,
        action=AccessLog.Action.CHANGE,
        what="deltagande i aktivitet avslutat",
        by=by,
        request=request,
    )


def closing_talk_missing(participation: Participation) -> str:
    return _(
        "Aktiviteten %(activity)s är inte avslutad med ett uppföljningssamtal. Registrera det avslutande "
        "samtalet med teamet innan deltagandet avslutas."
    ) % {"activity": participation.activity.name}
