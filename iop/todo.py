"""The start page as a to-do list (att göra): each role sees its open work, each item one click from
where it is done.

Each app contributes the sections it owns through a `todo_sections(user, today)` function; the start
page collects them in the order of `PROVIDERS`. The providers are named as strings so that this base
app does not import the apps above it (participants, followup, invoicing, reporting depend on iop).

Every provider makes a fixed number of queries whatever the data size: a section shows at most
`LIMIT` items and fetches one more only to know whether to offer "visa alla".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from iop.permissions import roles_of
from iop.roles import Role

LIMIT = 8

# In page order: deadlines and dashboards, then referrals and decisions, then talks, then invoices.
PROVIDERS: tuple[str, ...] = (
    "iop.todo.todo_sections",
    "participants.todo.todo_sections",
    "followup.todo.todo_sections",
    "invoicing.todo.todo_sections",
)


@dataclass
class Item:
    """One thing to do: what, about whom or what, when, and the link to where it is done."""

    text: str
    url: str
    detail: str = ""
    due: dt.date | None = None
    overdue: bool = False


@dataclass
class Section:
    """A heading on the start page with its items (at most LIMIT) and a link to the full list."""

    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    empty: str = ""
    more_url: str = ""
    more_label: str = ""
    has_more: bool = False
    shows_participants: bool = False


def cut(rows: list[Any]) -> tuple[list[Any], bool]:
    """The first LIMIT rows and whether there were more (callers fetch LIMIT + 1)."""
    return rows[:LIMIT], len(rows) > LIMIT


def section(
    *,
    key: str,
    title: str,
    items: list[Item],
    empty: str,
    more_url: str = "",
    more_label: str = "",
    shows_participants: bool = False,
) -> Section:
    """A section showing the first LIMIT of `items` and offering "visa alla" when there are more
    (providers fetch LIMIT + 1 rows to know)."""
    shown, more = cut(items)
    return Section(
        key=key,
        title=title,
        items=shown,
        has_more=more,
        empty=empty,
        more_url=more_url,
        more_label=more_label,
        shows_participants=shows_participants,
    )


def role_labels(user: Any) -> list[str]:
    """The user's roles as people say them ("Handledare", "IOP-samordnare"), never group names."""
    labels = {value: label for value, label in Role.choices}
    return [str(labels[r]) for r in sorted(roles_of(user)) if r in labels]


def sections_for(user: Any, today: dt.date) -> list[Section]:
    sections: list[Section] = []
    for path in PROVIDERS:
        provider: Callable[[Any, dt.date], list[Section]] = import_string(path)
        sections.extend(provider(user, today))
    return sections


# --- The coordinator's and the steering group's sections (this app's own data) -----------------

EXTENSION_HORIZON_DAYS = 90
MEETING_HORIZON_DAYS = 30


def todo_sections(user: Any, today: dt.date) -> list[Section]:
    roles = roles_of(user)
    sections = []
    if Role.SAMORDNARE in roles:
        sections.append(_coordinator_deadlines(user, today))
    if Role.STYRGRUPP in roles:
        sections.append(_steering_dashboards(user, today))
    return sections


def _coordinator_deadlines(user: Any, today: dt.date) -> Section:
    """Extension notices, steering meetings coming up and partnerships short of meetings. Three queries."""
    from django.db.models import Count, Q

    from iop.models import Meeting, Partnership

    items: list[Item] = []
    horizon = today + dt.timedelta(days=EXTENSION_HORIZON_DAYS)
    year_ago = today - dt.timedelta(days=365)
    active = list(
        Partnership.objects.filter(status=Partnership.Status.ACTIVE)
        .prefetch_related("periods")
        .annotate(
            steering_last_year=Count(
                "meetings",
                filter=Q(meetings__kind=Meeting.Kind.STEERING, meetings__date__gt=year_ago),
            )
        )
        .order_by("case_number")
    )
    for p in active:
        deadline = p.extension_deadline
        if deadline is not None and today <= deadline <= horizon:
            items.append(
                Item(
                    text=_("Besked om förlängning senast %(d)s") % {"d": f"{deadline:%Y-%m-%d}"},
                    detail=f"{p.case_number} · {p.title}",
                    url=reverse("iop:partnership_detail", kwargs={"pk": p.pk}),
                    due=deadline,
                    overdue=False,
                )
            )
        required = p.steering_meetings_per_year
        if required and p.steering_last_year < required and p.start_date and p.start_date <= today:
            items.append(
                Item(
                    text=_("%(n)s av %(required)s styrgruppsmöten det senaste året")
                    % {"n": p.steering_last_year, "required": required},
                    detail=f"{p.case_number} · {p.title}",
                    url=reverse("iop:partnership_detail", kwargs={"pk": p.pk}) + "#moten",
                )
            )
    meetings = list(
        Meeting.objects.filter(
            partnership__status=Partnership.Status.ACTIVE,
            held=False,
            date__gte=today,
            date__lte=today + dt.timedelta(days=MEETING_HORIZON_DAYS),
        )
        .select_related("partnership")
        .order_by("date", "pk")[: LIMIT + 1]
    )
    for m in meetings:
        items.append(
            Item(
                text=_("%(kind)s %(d)s") % {"kind": m.get_kind_display(), "d": f"{m.date:%Y-%m-%d}"},
                detail=f"{m.partnership.case_number} · {m.partnership.title}",
                url=reverse("iop:partnership_detail", kwargs={"pk": m.partnership_id}),
                due=m.date,
            )
        )
    items.sort(key=lambda i: (i.due is None, i.due or today))
    return section(
        key="deadlines",
        title=_("Tidsfrister och uppföljning"),
        items=items,
        more_url=reverse("iop:partnership_list"),
        more_label=_("Alla partnerskap"),
        empty=_("Inga tidsfrister de närmaste veckorna."),
    )


def _steering_dashboards(user: Any, today: dt.date) -> Section:
    """The steering group's partnerships, each to its dashboard. One query."""
    from iop.selectors import partnerships_visible_to

    rows = list(partnerships_visible_to(user).filter(status="active").order_by("case_number")[: LIMIT + 1])
    return section(
        key="dashboards",
        title=_("Mina partnerskaps lägesbilder"),
        items=[
            Item(
                text=f"{p.case_number} · {p.title}",
                detail=_("Lägesbild med indikatorer"),
                url=reverse("reporting:partnership_dashboard", kwargs={"pk": p.pk}),
            )
            for p in rows
        ],
        more_url=reverse("iop:partnership_list"),
        more_label=_("Alla partnerskap"),
        empty=_("Du ingår inte i någon styrgrupp för ett pågående partnerskap."),
    )
