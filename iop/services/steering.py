"""Services for steering-group meetings (styrgruppsmöten) and their decisions and action points."""

from collections.abc import Iterable
from typing import cast

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from iop.cache_version import bumps_data_version
from iop.models import ActionPoint, BudgetLine, Goal, Meeting, User


@bumps_data_version
@transaction.atomic
def meeting_save(*, meeting: Meeting, attendees: Iterable[User]) -> Meeting:
    """Create or update a meeting with who attended, its agenda and minutes."""
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(list(attendees))
    return meeting


@transaction.atomic
def action_point_save(*, point: ActionPoint, concerns: Goal | BudgetLine | None) -> ActionPoint:
    """Create or update a decision or action point (beslut / åtgärd), optionally linked to the goal or
    budget line it concerns. A follow-up meeting must be later than the meeting it came from."""
    meeting = cast(Meeting, point.meeting)
    partnership_id = meeting.partnership_id
    if concerns is not None and concerns.partnership_id != partnership_id:
        raise ValidationError({"concerns": _("Välj ett mål eller en budgetrad i samma partnerskap.")})
    if point.followed_up_at_id:
        follow = cast(Meeting, point.followed_up_at)
        if follow.partnership_id != partnership_id:
            raise ValidationError({"followed_up_at": _("Välj ett möte i samma partnerskap.")})
        if follow.date <= meeting.date:
            raise ValidationError({"followed_up_at": _("Uppföljningen ska ske vid ett senare möte.")})
    if concerns is None:
        point.concerns_type, point.concerns_id = None, None
    else:
        point.concerns_type = ContentType.objects.get_for_model(concerns)
        point.concerns_id = concerns.pk
    point.full_clean()
    point.save()
    return point
