"""What the followup pages read about placements: the talks and ongoing placements a user may see, and
a placement's follow-ups after exit."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from followup.models import ExitFollowUp, Talk
from participants.models import Placement
from participants.selectors import placements_visible_to

# --- Access ------------------------------------------------------------------------------------


def talks_visible_to(user: Any, *, today: dt.date | None = None) -> QuerySet[Talk]:
    """Talks on placements the user may see (study visits on referrals are not shown in these pages)."""
    return Talk.objects.filter(placement__in=placements_visible_to(user, today=today).values("pk"))


def active_placements_for(user: Any, *, today: dt.date | None = None) -> QuerySet[Placement]:
    """ "Mina deltagare": the user's visible placements that have not ended (ongoing or upcoming)."""
    today = today or timezone.localdate()
    return (
        placements_visible_to(user, today=today)
        .filter(end_date__isnull=True)
        .select_related("participant", "partnership", "supervisor", "work_area", "end_reason")
        .order_by("planned_end_date", "pk")
    )


def exit_followups_for(placement: Placement) -> dict[int, ExitFollowUp]:
    return {
        f.months_after: f
        for f in ExitFollowUp.objects.filter(placement=placement).select_related("recorded_by")
    }
