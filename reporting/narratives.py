"""Services for the texts written in the app: the annual report's narrative sections and the quarterly
report's progress text (lägesutveckling), with its deadline and reminder."""

from __future__ import annotations

import datetime as dt

import nh3
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from iop.dates import quarter_bounds
from iop.models import Partnership, User
from reporting.models import ReportNarrative

ALLOWED_TAGS = {"p", "strong", "em", "ul", "ol", "li", "br", "h3"}


def sanitise(text: str) -> str:
    """Keep only a few formatting tags, no attributes, no links or scripts."""
    return nh3.clean(text or "", tags=ALLOWED_TAGS, attributes={}, link_rel=None).strip()


def narrative_save(
    *, partnership: Partnership, year: int, section: str, text: str, by: User | None
) -> ReportNarrative:
    """Write one narrative section (verksamhetsberättelse) of a partnership's year, sanitised."""
    return _save(partnership=partnership, year=year, quarter=None, section=section, text=text, by=by)


def progress_save(
    *, partnership: Partnership, year: int, quarter: int, text: str, by: User | None
) -> ReportNarrative:
    """Write the progress text (lägesutveckling) of a partnership's quarter, sanitised."""
    return _save(
        partnership=partnership,
        year=year,
        quarter=quarter,
        section=ReportNarrative.Section.PROGRESS,
        text=text,
        by=by,
    )


def _save(
    *, partnership: Partnership, year: int, quarter: int | None, section: str, text: str, by: User | None
) -> ReportNarrative:
    with transaction.atomic():
        narrative = (
            ReportNarrative.objects.select_for_update()
            .filter(partnership=partnership, year=year, quarter=quarter, section=section)
            .first()
        ) or ReportNarrative(partnership=partnership, year=year, quarter=quarter, section=section)
        narrative.text = sanitise(text)
        narrative.updated_by = by
        narrative.full_clean()
        narrative.save()
        return narrative


def narratives_for(*, partnership_id: int, year: int) -> dict[str, str]:
    return dict(
        ReportNarrative.objects.filter(partnership_id=partnership_id, year=year, quarter=None).values_list(
            "section", "text"
        )
    )


def progress_texts(*, partnership_ids: list[int], year: int, quarter: int) -> dict[int, ReportNarrative]:
    """The progress texts of a quarter by partnership id (one query)."""
    return {
        n.partnership_id: n
        for n in ReportNarrative.objects.filter(
            partnership_id__in=partnership_ids,
            year=year,
            quarter=quarter,
            section=ReportNarrative.Section.PROGRESS,
        ).select_related("updated_by")
    }


# The progress text is due this many days after the quarter's end, ahead of the board's meeting; the
# partner and the coordinators are reminded from PROGRESS_REMINDER_DAYS before that day until it is written.
PROGRESS_DUE_DAYS = 15
PROGRESS_REMINDER_DAYS = 7


def progress_due(year: int, quarter: int) -> dt.date:
    """The last day to write a quarter's progress text (lägesutveckling)."""
    return quarter_bounds(year, quarter)[1] + dt.timedelta(days=PROGRESS_DUE_DAYS)


def remind_progress_due(*, today: dt.date) -> int:
    """The progress text of the quarter just ended is due within PROGRESS_REMINDER_DAYS and is not written
    → the non-profit party's handledare and the coordinators. Idempotent (one notification per user,
    partnership and quarter); run by the daily reminder task with the other rules."""
    from iop.models import PartnershipParty
    from iop.notifications import notify
    from iop.roles import Role
    from reporting.deviations import ongoing_partnerships

    previous = today - dt.timedelta(days=PROGRESS_DUE_DAYS)
    year, quarter = previous.year, (previous.month - 1) // 3 + 1
    due = progress_due(year, quarter)
    if not due - dt.timedelta(days=PROGRESS_REMINDER_DAYS) <= today <= due:
        return 0
    partnerships = [p for p in ongoing_partnerships(year, quarter) if p.status == Partnership.Status.ACTIVE]
    written = {
        pk
        for pk, n in progress_texts(
            partnership_ids=[p.pk for p in partnerships], year=year, quarter=quarter
        ).items()
        if n.text.strip()
    }
    coordinators = list(User.objects.filter(groups__name=Role.SAMORDNARE, is_active=True).distinct())
    created = 0
    for p in partnerships:
        if p.pk in written:
            continue
        org_ids = [x.organisation_id for x in p.parties.all() if x.role == PartnershipParty.Role.NON_PROFIT]
        staff = User.objects.filter(
            organisation_id__in=org_ids, groups__name=Role.HANDLEDARE, is_active=True
        ).distinct()
        created += notify(
            users=[*staff, *coordinators],
            kind="reporting.progress_due",
            message=_("%(case)s: lägesutvecklingen för kvartal %(q)s %(y)s ska skrivas senast %(d)s.")
            % {"case": p.case_number, "q": quarter, "y": year, "d": f"{due:%Y-%m-%d}"},
            dedupe_key=f"reporting:progress_due:{p.pk}:{year}:{quarter}",
            url=reverse("reporting:progress_edit", kwargs={"pk": p.pk, "year": year, "quarter": quarter}),
            due_date=due,
        )
    return created
