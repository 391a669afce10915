"""Read queries of the partnership registry, shared by pages, reports and commands."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet

from iop.dates import add_months
from iop.models import (
    ActionPoint,
    Amendment,
    AmendmentApproval,
    BudgetLine,
    Goal,
    Meeting,
    Partnership,
    PartnershipParty,
    StaffMember,
    SteeringGroupMember,
)
from iop.permissions import is_coordinator, roles_of
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
    """Everything the partnership page shows, prefetched (constant number of queries).

    One query per related list: the foreign keys shown with a row (a party's organisation, a staff
    member's or steering-group member's user, a meeting's convener, an action point's owner and
    follow-up meeting, an approval's party) are joined into that list's query.
    """
    return Partnership.objects.select_related("convening_party").prefetch_related(
        "periods",
        Prefetch(
            "parties",
            queryset=PartnershipParty.objects.select_related("organisation").prefetch_related("contacts"),
        ),
        "work_areas",
        "goals",
        "budget_lines",
        "in_kind",
        "other_funding",
        Prefetch("staff", queryset=StaffMember.objects.select_related("user")),
        Prefetch(
            "steering_members",
            queryset=SteeringGroupMember.objects.select_related("user", "party__organisation"),
        ),
        Prefetch(
            "meetings",
            queryset=Meeting.objects.select_related("convened_by").prefetch_related(
                Prefetch(
                    "action_points", queryset=ActionPoint.objects.select_related("owner", "followed_up_at")
                ),
                "attendees",
            ),
        ),
        Prefetch(
            "amendments",
            queryset=Amendment.objects.prefetch_related(
                Prefetch(
                    "approvals", queryset=AmendmentApproval.objects.select_related("party__organisation")
                )
            ),
        ),
        "forum_criteria",
    )


def organisations_visible_to(user):
    """Organisations a user may manage: coordinators manage every organisation of the registry."""
    from iop.models import Organisation

    return Organisation.objects.all() if is_coordinator(user) else Organisation.objects.none()


def organisations_for_filter():
    """Organisations that are party to at least one partnership, for the list's partner filter."""
    from iop.models import Organisation

    return Organisation.objects.filter(parties__isnull=False).distinct().order_by("name")


def agreement_year(
    partnership: Partnership, today: dt.date, *, nearest: bool = False
) -> tuple[dt.date, dt.date] | None:
    """The agreement year (avtalsår: 12 months from an anniversary of the first period's start, the
    last one ending with the agreement) containing `today`.

    Outside the agreement period there is no agreement year: None, so a rule (the steering-meeting
    reminder) does not apply before the start or after the end. A page that shows "this year's" figures
    asks for the `nearest` one instead: before the start the first year, after the end the last one.
    None also when the partnership has no agreement period."""
    start, end = partnership.start_date, partnership.end_date
    if not start or not end:
        return None
    if not nearest and not start <= today <= end:
        return None
    day = min(max(today, start), end)
    months = (day.year - start.year) * 12 + day.month - start.month
    year_index = months // 12
    year_start = add_months(start, 12 * year_index)
    if year_start > day:
        year_index -= 1
        year_start = add_months(start, 12 * year_index)
    year_end = min(add_months(start, 12 * (year_index + 1)) - dt.timedelta(days=1), end)
    return year_start, year_end


def steering_meetings_held(partnership: Partnership, today: dt.date) -> int:
    """Steering-group meetings held in the current agreement year (works on prefetched meetings)."""
    bounds = agreement_year(partnership, today, nearest=True)
    if bounds is None:
        return 0
    return sum(
        1
        for m in partnership.meetings.all()
        if m.kind == Meeting.Kind.STEERING and m.held and bounds[0] <= m.date <= bounds[1]
    )


@dataclass
class YearBudget:
    """Budget of one agreement year: lines, total, in-kind contributions and declared other funding."""

    year: int
    lines: list = field(default_factory=list)
    in_kind: list = field(default_factory=list)
    other_funding: list = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    @property
    def salary_fte(self) -> Decimal:
        return sum(
            (line.fte or Decimal(0) for line in self.lines if line.category == BudgetLine.Category.SALARY),
            Decimal("0.00"),
        )

    @property
    def double_funding(self) -> list:
        return [f for f in self.other_funding if f.overlaps_partnership]


def budget_by_year(partnership: Partnership) -> list[YearBudget]:
    """The partnership's budget grouped per year (works on prefetched rows)."""
    years: dict[int, YearBudget] = {}
    for line in partnership.budget_lines.all():
        years.setdefault(line.year, YearBudget(line.year)).lines.append(line)
    for item in partnership.in_kind.all():
        years.setdefault(item.year, YearBudget(item.year)).in_kind.append(item)
    for funding in partnership.other_funding.all():
        years.setdefault(funding.year, YearBudget(funding.year)).other_funding.append(funding)
    return [years[y] for y in sorted(years)]


def action_points_of(partnership: Partnership) -> list[ActionPoint]:
    """All decisions and action points of the partnership's meetings, with `concerns_obj` resolved
    from the prefetched goals and budget lines (no query per point)."""
    goal_ct = ContentType.objects.get_for_model(Goal)
    line_ct = ContentType.objects.get_for_model(BudgetLine)
    lookup: dict[tuple[Any, Any], Any] = {(goal_ct.pk, g.pk): g for g in partnership.goals.all()}
    lookup.update({(line_ct.pk, b.pk): b for b in partnership.budget_lines.all()})
    points: list[Any] = []
    for meeting in partnership.meetings.all():
        for point in meeting.action_points.all():
            concerns = lookup.get((point.concerns_type_id, point.concerns_id))
            point.concerns_obj = concerns  # type: ignore[attr-defined]
            points.append(point)
    order: dict[str, int] = {
        ActionPoint.Status.OPEN: 0,
        ActionPoint.Status.DONE: 1,
        ActionPoint.Status.CANCELLED: 2,
    }
    points.sort(key=lambda p: (order.get(p.status, 3), p.due_date or dt.date.max, p.pk))
    return points
