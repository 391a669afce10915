"""Read queries of the partnership registry, shared by pages, reports and commands."""

from django.db.models import Q, QuerySet

from iop.models import Partnership
from iop.permissions import roles_of
from iop.roles import Role

# Roles that work across all partnerships of the city.
CITY_WIDE_ROLES = {Role.SAMORDNARE, Role.AMS, Role.ATTESTANT}


def partnerships_visible_to(user) -> QuerySet[Partnership]:
    """Partnerships a user may see: city-wide roles see all; others those their organisation is party to
    or where they are staff or steering-group members."""
    qs = Partnership.objects.all()
    roles = roles_of(user)
    if not roles:
        return qs.none()
    if roles & {str(r) for r in CITY_WIDE_ROLES}:
        return qs
    q = Q(staff__user=user) | Q(steering_members__user=user)
    if user.organisation_id:
        q |= Q(parties__organisation_id=user.organisation_id)
    return qs.filter(pk__in=Partnership.objects.filter(q).values("pk"))


def partnership_detail_queryset() -> QuerySet[Partnership]:
    """Everything the partnership page shows, prefetched (constant number of queries)."""
    return Partnership.objects.select_related("convening_party").prefetch_related(
        "periods",
        "parties__organisation",
        "parties__contacts",
        "work_areas",
        "goals",
        "budget_lines",
        "in_kind",
        "other_funding",
        "staff__user",
        "steering_members__user",
        "steering_members__party__organisation",
        "meetings__action_points__owner",
        "meetings__convened_by",
        "amendments__approvals__party__organisation",
        "forum_criteria",
    )
