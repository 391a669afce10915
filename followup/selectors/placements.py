"""What the followup pages read about placements: the talks and ongoing placements a user may see, and
a placement's follow-ups after exit."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from followup.models import ExitFollowUp, Talk
from iop.models import StaffMember
from iop.permissions import is_coordinator
from participants.models import Placement
from participants.selectors import placements_visible_to

# --- Access ------------------------------------------------------------------------------------


def talks_visible_to(user: Any, *, today: dt.date | None = None) -> QuerySet[Talk]:
    """Talks on placements the user may see (study visits on referrals are not shown in these pages)."""
    return Talk.objects.filter(placement__in=placements_visible_to(user, today=today).values("pk"))


def active_placements_for(
    user: Any, *, today: dt.date | None = None, mine_only: bool = False
) -> QuerySet[Placement]:
    """ "Mina deltagare": the user's visible placements that have not ended (ongoing or upcoming).

    `mine_only`: only those the user supervises or whose participant they are case officer for."""
    today = today or timezone.localdate()
    qs = placements_visible_to(user, today=today).filter(end_date__isnull=True)
    if mine_only or not is_coordinator(user):
        qs = qs.filter(pk__in=_candidate_ids(user, mine_only=mine_only))
    return qs.select_related("participant", "partnership", "supervisor", "work_area", "end_reason").order_by(
        "planned_end_date", "pk"
    )


def _candidate_ids(user: Any, *, mine_only: bool) -> list[int]:
    """The ongoing placements the user could see at most, by id, from the user's own rows: those they
    supervise or whose participant they are case officer for (and, unless `mine_only`, those of the
    partnerships where they are staff). One query over indexed columns; the visibility rule is then
    checked on these few rows instead of on every ongoing placement joined with every participant
    (the planner's estimate for that join is one row, the hash join reads them all)."""
    ongoing = Placement.objects.filter(end_date__isnull=True).order_by()
    parts = [
        ongoing.filter(supervisor=user).values_list("pk", flat=True),
        ongoing.filter(participant__case_officer=user).values_list("pk", flat=True),
    ]
    if not mine_only:
        staff_of = StaffMember.objects.filter(user=user, active=True).values("partnership_id")
        parts.append(ongoing.filter(partnership_id__in=staff_of).values_list("pk", flat=True))
    first, *rest = parts
    return list(first.union(*rest))


def exit_followups_for(placement: Placement) -> dict[int, ExitFollowUp]:
    return {
        f.months_after: f
        for f in ExitFollowUp.objects.filter(placement=placement).select_related("recorded_by")
    }
