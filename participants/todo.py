"""Start-page sections of participants (iop.todo): the case officer's waiting referrals and extension
decisions, the coordinator's access-log review. One query each (at most LIMIT + 1 rows)."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from iop.permissions import roles_of
from iop.roles import Role
from iop.todo import LIMIT, Item, Section, section
from participants.models import AccessLogReview, Referral
from participants.selectors import display_name, placements_visible_to, referrals_visible_to

EXTENSION_HORIZON_DAYS = 14
ACCESS_REVIEW_INTERVAL_DAYS = 31


def todo_sections(user: Any, today: dt.date) -> list[Section]:
    roles = roles_of(user)
    sections = []
    if Role.AMS in roles:
        sections += [_referrals_waiting(user, today), _extension_decisions(user, today)]
    if Role.SAMORDNARE in roles:
        sections.append(_access_log_review(today))
    return sections


def _referrals_waiting(user: Any, today: dt.date) -> Section:
    rows = list(
        referrals_visible_to(user, today=today)
        .filter(participant__case_officer=user, status__in=Referral.OPEN_STATUSES)
        .select_related("participant", "partnership")
        .order_by("referred_on", "pk")[: LIMIT + 1]
    )
    items = []
    for r in rows:
        detail = f"{r.partnership.case_number} · {r.get_status_display()}"
        if r.study_visit_on:
            detail += " " + _("(studiebesök %(d)s)") % {"d": f"{r.study_visit_on:%Y-%m-%d}"}
        items.append(
            Item(
                text=display_name(r.participant, user),
                detail=_("Anvisad %(d)s") % {"d": f"{r.referred_on:%Y-%m-%d}"} + " · " + detail,
                url=reverse("participants:detail", kwargs={"pk": r.participant_id}) + "#h-referrals",
                due=r.study_visit_on,
            )
        )
    return section(
        key="referrals",
        title=_("Anvisningar som väntar"),
        items=items,
        more_url=reverse("participants:list"),
        more_label=_("Alla mina deltagare"),
        empty=_("Inga öppna anvisningar."),
        shows_participants=True,
    )


def _extension_decisions(user: Any, today: dt.date) -> Section:
    """Ongoing placements of the officer's participants whose planned end is near or passed: extend
    (a joint decision) or end."""
    rows = list(
        placements_visible_to(user, today=today)
        .filter(
            participant__case_officer=user,
            end_date__isnull=True,
            start_date__lte=today,
            planned_end_date__lte=today + dt.timedelta(days=EXTENSION_HORIZON_DAYS),
        )
        .select_related("participant", "partnership")
        .order_by("planned_end_date", "pk")[: LIMIT + 1]
    )
    return section(
        key="extensions",
        title=_("Beslut om förlängning eller avslut"),
        items=[
            Item(
                text=display_name(p.participant, user),
                detail=_("Planerat slut %(d)s · %(case)s")
                % {"d": f"{p.planned_end_date:%Y-%m-%d}", "case": p.partnership.case_number},
                url=reverse("participants:placement_detail", kwargs={"pk": p.pk}),
                due=p.planned_end_date,
                overdue=p.planned_end_date < today,
            )
            for p in rows
        ],
        empty=_("Inga platser som närmar sig sitt planerade slut."),
        shows_participants=True,
    )


def _access_log_review(today: dt.date) -> Section:
    last = AccessLogReview.objects.order_by("-period_end").values_list("period_end", flat=True).first()
    items = []
    if last is None or (today - last).days > ACCESS_REVIEW_INTERVAL_DAYS:
        items.append(
            Item(
                text=_("Granska åtkomstloggen"),
                detail=(
                    _("Senast granskad till och med %(d)s") % {"d": f"{last:%Y-%m-%d}"}
                    if last
                    else _("Ingen granskning registrerad ännu")
                ),
                url=reverse("participants:access_log_reviews"),
                overdue=last is not None,
            )
        )
    return Section(
        key="access_review",
        title=_("Loggkontroll"),
        items=items,
        more_url=reverse("participants:access_log"),
        more_label=_("Åtkomstloggen"),
        empty=_("Åtkomstloggen är granskad för den senaste månaden."),
    )
