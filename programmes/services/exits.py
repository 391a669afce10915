"""Writing a participant out of a programme (utskrivning) with the outcome, and the participant's
situation at start, at exit and six months after.

Ending is one transaction: the exit row, the enrolment's end date, the current phase's end and the end of
every ongoing participation. It is refused while a participation is ongoing without its closing follow-up
talk (the rule of `talks.assert_closed_by_talk`): the team closes each activity with the participant first.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from iop.dates import add_months
from participants.models import AccessLog, Situation
from participants.services import lock_partnership, situation_record

from ..models import (
    DECIDED_START_WITHIN_DAYS,
    Enrolment,
    EnrolmentExit,
    EnrolmentPhase,
    EnrolmentSituation,
    Participation,
)
from .activities import closing_talk_missing
from .logged import write_for_enrolment
from .talks import assert_closed_by_talk

# Seed 003 follows the participants up six months after exit.
FOLLOW_UP_MONTHS = 6


def _check_decided(
    outcome: str, on: dt.date, decision_date: dt.date | None, starts_on: dt.date | None
) -> None:
    """A decided start needs both dates; the start is at most 90 days after the exit (seed 003)."""
    if outcome != EnrolmentExit.Outcome.DECIDED:
        return
    errors: dict = {}
    if decision_date is None:
        errors["decision_date"] = _("Ange datum för beslutet om arbete eller studier.")
    elif decision_date > on:
        errors["decision_date"] = _("Beslutet ska vara fattat senast på utskrivningsdagen.")
    if starts_on is None:
        errors["starts_on"] = _("Ange när arbetet eller studierna startar.")
    elif not on <= starts_on <= on + dt.timedelta(days=DECIDED_START_WITHIN_DAYS):
        errors["starts_on"] = _(
            "Startdatumet ska vara inom %(days)s dagar efter utskrivningen (senast %(last)s)."
        ) % {"days": DECIDED_START_WITHIN_DAYS, "last": on + dt.timedelta(days=DECIDED_START_WITHIN_DAYS)}
    if errors:
        raise ValidationError(errors)


def enrolment_end(
    *,
    enrolment: Enrolment,
    on: dt.date,
    outcome: str,
    decision_date: dt.date | None = None,
    starts_on: dt.date | None = None,
    receiving_officer: str = "",
    handover_note: str = "",
    by: Any,
    request: Any = None,
) -> EnrolmentExit:
    """Write the participant out of the programme on `on` with an outcome and a handover note."""

    def write() -> EnrolmentExit:
        lock_partnership(enrolment.partnership_id)
        fresh = Enrolment.objects.get(pk=enrolment.pk)
        if fresh.end_date is not None:
            raise ValidationError(_("Deltagaren är redan utskriven ur programmet."))
        if on < fresh.start_date:
            raise ValidationError(
                {
                    "on": _("Utskrivningen kan inte vara före inskrivningen %(day)s.")
                    % {"day": fresh.start_date}
                }
            )
        ongoing = list(
            Participation.objects.filter(enrolment=fresh, end_date__isnull=True).select_related("activity")
        )
        for participation in ongoing:
            assert_closed_by_talk(participation.talks.all(), closing_talk_missing(participation))
            if on < participation.start_date:
                raise ValidationError(
                    {
                        "on": _("Utskrivningen kan inte vara före aktiviteten %(activity)s började.")
                        % {"activity": participation.activity.name}
                    }
                )
        _check_decided(outcome, on, decision_date, starts_on)
        exit_row = EnrolmentExit(
            enrolment=fresh,
            outcome=outcome,
            decision_date=decision_date if outcome == EnrolmentExit.Outcome.DECIDED else None,
            starts_on=starts_on if outcome == EnrolmentExit.Outcome.DECIDED else None,
            receiving_officer=receiving_officer,
            handover_note=handover_note,
            created_by=by,
        )
        exit_row.full_clean()
        for participation in ongoing:  # one by one, so that each change is in its history
            participation.end_date = on
            participation.save(update_fields=["end_date"])
        EnrolmentPhase.objects.filter(enrolment=fresh, end_date__isnull=True).update(end_date=on)
        fresh.end_date = on
        fresh.save(update_fields=["end_date", "updated_at"])
        exit_row.save()
        return exit_row

    return write_for_enrolment(
        enrolment, write=write, action=AccessLog.Action.CHANGE, what="utskrivning", by=by, request=request
    )


def enrolment_situation_record(
    *,
    enrolment: Enrolment,
    moment: str,
    recorded_on: dt.date,
    support_kind: str,
    occupation_percent: int,
    by: Any,
    request: Any = None,
) -> EnrolmentSituation:
    """Record the participant's situation at start, at exit or at the follow-up after exit, once each."""

    def write() -> EnrolmentSituation:
        fresh = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if EnrolmentSituation.objects.filter(enrolment=fresh, moment=moment).exists():
            raise ValidationError({"moment": _("Situationen är redan registrerad för den tidpunkten.")})
        if moment == Situation.Moment.START:
            if recorded_on < fresh.start_date:
                raise ValidationError({"recorded_on": _("Datumet kan inte vara före inskrivningen.")})
        elif fresh.end_date is None:
            raise ValidationError({"moment": _("Deltagaren är inte utskriven än.")})
        elif recorded_on < fresh.end_date:
            raise ValidationError({"recorded_on": _("Datumet kan inte vara före utskrivningen.")})
        elif moment == Situation.Moment.FOLLOW_UP and recorded_on < add_months(
            fresh.end_date, FOLLOW_UP_MONTHS
        ):
            raise ValidationError(
                {
                    "recorded_on": _("Uppföljningen görs sex månader efter utskrivningen, tidigast %(day)s.")
                    % {"day": add_months(fresh.end_date, FOLLOW_UP_MONTHS)}
                }
            )
        situation = situation_record(
            participant=fresh.participant,
            moment=moment,
            recorded_on=recorded_on,
            support_kind=support_kind,
            occupation_percent=occupation_percent,
            by=by,
        )
        return EnrolmentSituation.objects.create(enrolment=fresh, situation=situation, moment=moment)

    return write_for_enrolment(
        enrolment, write=write, action=AccessLog.Action.CREATE, what="situation", by=by, request=request
    )
