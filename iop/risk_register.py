"""The risk register's reads (riskregister, issue 18): one partnership's risks for its page, the open ones for
the steering group's dashboard, and the register as it stood on a day for the quarterly report.

The level is likelihood × consequence (`iop.models.risk`), annotated in the database so that "highest first"
is an ORDER BY, not a sort in Python after the page is cut.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q, QuerySet

from iop.dates import day_start
from iop.models import Partnership, Risk
from iop.permissions import has_role
from iop.roles import Role

# Who sees a partnership's risk register: the coordinator and the steering group (of the partnerships they
# see); only the coordinator keeps it (docs/risks.md).
RISK_READERS = frozenset({Role.SAMORDNARE, Role.STYRGRUPP})
RISK_EDITORS = frozenset({Role.SAMORDNARE})
# Newest-first is not a ranking: the register lists the highest level first, then the oldest.
HIGHEST_FIRST = ("-level_value", "-consequence", "pk")


def may_read_risks(user) -> bool:
    return has_role(user, *RISK_READERS)


def may_edit_risks(user) -> bool:
    return has_role(user, *RISK_EDITORS)


def risks_of(partnership: Partnership, *, status: str = "", search: str = "") -> QuerySet[Risk]:
    """The partnership's risks, highest level first, with their owners; `status` and `search` (in the risk
    and the measure) narrow the list."""
    qs = (
        Risk.objects.filter(partnership=partnership)
        .select_related("owner")
        .annotate(level_value=F("likelihood") * F("consequence"))
        .order_by(*HIGHEST_FIRST)
    )
    if status:
        qs = qs.filter(status=status)
    if search:
        qs = qs.filter(Q(description__icontains=search) | Q(measure__icontains=search))
    return qs


def open_risks(partnership: Partnership) -> list[Risk]:
    """The risks not closed (öppna and hanterade), highest first: the steering group's dashboard. One query."""
    return list(risks_of(partnership).exclude(status=Risk.Status.CLOSED))


def risks_as_of(partnerships: list[Partnership], as_of: dt.date) -> dict[int, list[Risk]]:
    """Per partnership id, the risks not closed at the end of `as_of`, as they stood then (from their
    history), highest first: a past quarter's report shows the same register whenever it is regenerated.
    One query for all the partnerships."""
    rows = (
        Risk.history.filter(
            partnership_id__in=[p.pk for p in partnerships],
            history_date__lt=day_start(as_of + dt.timedelta(days=1)),
        )
        .select_related("owner")
        .order_by("id", "history_date", "history_id")
    )
    latest = {row.id: row for row in rows}  # the last row of each risk on or before the day
    standing: dict[int, list[Risk]] = {p.pk: [] for p in partnerships}
    for row in latest.values():
        if row.history_type == "-" or row.status == Risk.Status.CLOSED:
            continue
        risk = row.instance  # the risk as it stood, built from the row (no query)
        risk.owner = row.owner
        standing[risk.partnership_id].append(risk)
    for risks in standing.values():
        risks.sort(key=lambda r: (-r.level, -r.consequence, r.pk))
    return standing
