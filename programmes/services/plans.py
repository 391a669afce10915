"""Revisions of a participant's joint coordinated plan (gemensam samordnad planering)."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from participants.models import AccessLog

from ..models import Activity, Enrolment, JointPlan, ProgrammeParty
from .logged import write_for_enrolment

# A joint plan is one the parties make together: at least two of the programme's parties take part.
MIN_PARTIES = 2


def joint_plan_revise(
    *,
    enrolment: Enrolment,
    decided_on: dt.date,
    parties: Iterable[ProgrammeParty],
    goal: str,
    activities: Iterable[Activity] = (),
    note: str = "",
    by: Any,
    request: Any = None,
) -> JointPlan:
    """Record a new revision of the plan (the first revision establishes it). Earlier revisions stay."""
    parties, activities = list(parties), list(activities)

    def write() -> JointPlan:
        fresh = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        errors: dict[str, str] = {}
        if fresh.end_date is not None:
            raise ValidationError(_("Deltagaren är utskriven ur programmet."))
        latest = JointPlan.objects.filter(enrolment=fresh).aggregate(
            revision=Max("revision"), day=Max("decided_on")
        )
        if decided_on < fresh.start_date:
            errors["decided_on"] = _("Planen kan inte upprättas före inskrivningen %(day)s.") % {
                "day": fresh.start_date
            }
        elif latest["day"] and decided_on < latest["day"]:
            errors["decided_on"] = _("Planen kan inte vara äldre än förra versionen (%(day)s).") % {
                "day": latest["day"]
            }
        elif decided_on > timezone.localdate():
            errors["decided_on"] = _("Datumet kan inte vara i framtiden.")
        if len({p.pk for p in parties}) < MIN_PARTIES:
            errors["parties"] = _("En gemensam planering görs av minst två parter: välj vilka som deltar.")
        elif any(p.partnership_id != fresh.partnership_id for p in parties):
            errors["parties"] = _("En av parterna hör till ett annat program.")
        if any(a.partnership_id != fresh.partnership_id for a in activities):
            errors["activities"] = _("En av aktiviteterna hör till ett annat program.")
        if errors:
            raise ValidationError(errors)
        plan = JointPlan.objects.create(
            enrolment=fresh,
            revision=(latest["revision"] or 0) + 1,
            decided_on=decided_on,
            goal=goal,
            note=note,
            created_by=by,
        )
        plan.parties.set(parties)
        plan.activities.set(activities)
        return plan

    return write_for_enrolment(
        enrolment,
        write=write,
        action=AccessLog.Action.CREATE,
        what="gemensam samordnad planering",
        by=by,
        request=request,
    )
