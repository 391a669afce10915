"""Start-page sections of follow-up (iop.todo): the supervisor's participants and talks due, the case
officer's talks and follow-ups due. A fixed number of queries each (at most LIMIT + 1 rows)."""

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from followup.models import Talk
from followup.reminders.placements import SUPERVISION_INTERVAL_DAYS
from followup.selectors import JOINT_FOLLOWUPS_REQUIRED, with_checklist
from iop.permissions import roles_of
from iop.roles import Role
from iop.todo import LIMIT, Item, Section, section
from participants.models import Placement
from participants.selectors import display_name, placements_visible_to

WEEK = dt.timedelta(days=7)

FOLLOWUP_HORIZON_DAYS = 30
EXIT_HORIZON_DAYS = 14


def todo_sections(user: Any, today: dt.date) -> list[Section]:
    roles = roles_of(user)
    sections = []
    if Role.HANDLEDARE in roles:
        mine = _ongoing(user, today).filter(supervisor=user)
        sections += [_my_participants(user, mine), _talks_due(user, today, mine)]
    if Role.AMS in roles:
        mine = _ongoing(user, today).filter(participant__case_officer=user)
        sections.append(_followups_due(user, today, mine))
    return sections


def _ongoing(user: Any, today: dt.date) -> QuerySet[Placement]:
    return (
        placements_visible_to(user, today=today)
        .filter(end_date__isnull=True, start_date__lte=today + WEEK)
        .select_related("participant", "partnership", "work_area")
    )


def _where(p: Placement) -> str:
    area = p.work_area.name if p.work_area is not None else p.partnership.case_number
    return f"{area} · {p.start_date:%Y-%m-%d}–{p.planned_end_date:%Y-%m-%d}"


def _my_participants(user: Any, mine: QuerySet[Placement]) -> Section:
    rows = list(mine.order_by("planned_end_date", "pk")[: LIMIT + 1])
    return section(
        key="my_participants",
        title=_("Mina deltagare"),
        items=[
            Item(
                text=display_name(p.participant, user),
                detail=_where(p),
                url=reverse("followup:placement", kwargs={"pk": p.pk}),
            )
            for p in rows
        ],
        more_url=reverse("followup:my_participants"),
        more_label=_("Alla mina deltagare"),
        empty=_("Du är inte handledare för någon pågående plats."),
        shows_participants=True,
    )


def _booked_talks(user: Any, today: dt.date, mine: QuerySet[Placement]) -> list[Item]:
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    talks = list(
        Talk.objects.filter(
            placement__in=mine.values("pk"),
            status=Talk.Status.PLANNED,
            held_at__gte=start,
            held_at__lt=start + WEEK,
        )
        .select_related("placement__participant")
        .order_by("held_at", "pk")[: LIMIT + 1]
    )
    return [
        Item(
            text=_("%(kind)s med %(name)s")
            % {"kind": t.get_kind_display(), "name": display_name(t.placement.participant, user)},
            detail=_("Bokat %(at)s") % {"at": f"{timezone.localtime(t.held_at):%Y-%m-%d %H:%M}"},
            url=reverse("followup:talk_edit", kwargs={"pk": t.pk}),
            due=timezone.localtime(t.held_at).date(),
        )
        for t in talks
    ]


def _talks_due(user: Any, today: dt.date, mine: QuerySet[Placement]) -> Section:
    """Booked talks this week, and placements whose supervision talk falls due within a week (the last
    one, or the start, more than 23 days ago)."""
    items = _booked_talks(user, today, mine)
    limit = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=SUPERVISION_INTERVAL_DAYS) + WEEK, dt.time.min)
    )
    due = list(
        with_checklist(mine.filter(start_date__lte=today))
        .filter(
            Q(fu_last_supervision__lt=limit)
            | Q(fu_last_supervision__isnull=True, start_date__lte=limit.date())
        )
        .order_by("start_date", "pk")[: LIMIT + 1]
    )
    for p in due:
        last = timezone.localtime(p.fu_last_supervision).date() if p.fu_last_supervision else p.start_date
        when = last + dt.timedelta(days=SUPERVISION_INTERVAL_DAYS)
        items.append(
            Item(
                text=_("Handledningssamtal med %(name)s") % {"name": display_name(p.participant, user)},
                detail=_("Senast %(d)s · %(where)s") % {"d": f"{when:%Y-%m-%d}", "where": _where(p)},
                url=reverse("followup:talk_create", kwargs={"pk": p.pk, "kind": Talk.Kind.SUPERVISION_TALK}),
                due=when,
                overdue=when < today,
            )
        )
    items.sort(key=lambda i: i.due or today)
    return section(
        key="talks_due",
        title=_("Samtal denna vecka"),
        items=items,
        more_url=reverse("followup:my_participants"),
        more_label=_("Alla mina deltagare"),
        empty=_("Inga samtal att hålla denna vecka."),
        shows_participants=True,
    )


def _followups_due(user: Any, today: dt.date, mine: QuerySet[Placement]) -> Section:
    """The case officer's booked talks this week, joint follow-ups missing before the planned end, and
    exit meetings not booked."""
    items = _booked_talks(user, today, mine)
    rows = list(
        with_checklist(mine.filter(start_date__lte=today))
        .filter(
            Q(
                planned_end_date__lte=today + dt.timedelta(days=FOLLOWUP_HORIZON_DAYS),
                fu_joint_count__lt=JOINT_FOLLOWUPS_REQUIRED,
            )
            | Q(planned_end_date__lte=today + dt.timedelta(days=EXIT_HORIZON_DAYS), fu_exit_booked=False)
        )
        .order_by("planned_end_date", "pk")[: LIMIT + 1]
    )
    for p in rows:
        name = display_name(p.participant, user)
        if p.fu_joint_count < JOINT_FOLLOWUPS_REQUIRED:
            text = _("Uppföljningsmöte med %(name)s (%(n)s av 2 gjorda)") % {
                "name": name,
                "n": p.fu_joint_count,
            }
            url = reverse("followup:talk_create", kwargs={"pk": p.pk, "kind": Talk.Kind.FOLLOWUP_MEETING})
        else:
            text = _("Boka avslutningsmöte med %(name)s") % {"name": name}
            url = reverse("followup:talk_create", kwargs={"pk": p.pk, "kind": Talk.Kind.EXIT_MEETING})
        items.append(
            Item(
                text=text,
                detail=_("Planerat slut %(d)s · %(where)s")
                % {"d": f"{p.planned_end_date:%Y-%m-%d}", "where": _where(p)},
                url=url,
                due=p.planned_end_date,
                overdue=p.planned_end_date < today,
            )
        )
    items.sort(key=lambda i: i.due or today)
    return section(
        key="followups_due",
        title=_("Samtal och uppföljningar att göra"),
        items=items,
        more_url=reverse("followup:my_participants"),
        more_label=_("Alla pågående platser"),
        empty=_("Inga samtal eller uppföljningar de närmaste veckorna."),
        shows_participants=True,
    )
