"""Automatic deviations (avvikelser) for the quarterly board report (asked for by the board, ASN-2023-6069).

For a partnership, a year and a quarter, year to date (1 January – end of the quarter):
- `started_behind`: started participants more than 20 % behind the pro-rata yearly target (places per year);
- `indicator_<code>` (a goal measured by one of the five indicators) or `goal_<id>` (any other goal):
  a goal judged `behind` by `reporting.goal_results` (pro rata, against its milestone, or at year
  end). A goal without a target is never a deviation;
- `steering_behind`: fewer steering-group meetings held than due pro rata (one per quarter);
- `invoice_overdue`: an invoice past its due date (when the invoicing app exists).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from iop.dates import quarter_bounds
from iop.indicators import PREDEFINED
from iop.models import Partnership
from reporting.indicators import IndicatorResult, compute_indicators_many
from reporting.models import DeviationMeasure

STARTED_TOLERANCE = Decimal("0.8")


@dataclass
class Deviation:
    code: str
    text: str


def year_to_date(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), quarter_bounds(year, quarter)[1]


def deviations(ytd: IndicatorResult, *, quarter: int) -> list[Deviation]:
    """The deviations of one partnership's year-to-date result (from the one engine)."""
    out: list[Deviation] = []
    target = sum((y.target_pro_rata or 0 for y in ytd.yearly), Decimal(0))
    if target and ytd.started.total < target * STARTED_TOLERANCE:
        out.append(
            Deviation(
                "started_behind",
                _("Färre påbörjade deltagare än planerat: mer än 20 %% under målet i jämn takt (%(t)s).")
                % {"t": f"{target:.0f}"},
            )
        )
    for goal in ytd.goals:
        if goal.status != "behind":
            continue
        code = f"indicator_{goal.measure}" if goal.measure in PREDEFINED else f"goal_{goal.goal_id}"
        out.append(
            Deviation(
                code,
                _("Målet ”%(label)s” ligger under målet för perioden (%(t)s).")
                % {"label": goal.title, "t": f"{goal.target_due:.0f}"},
            )
        )
    # The agreed meetings a year, due evenly by quarter (4 a year: one by the end of each quarter).
    due = (ytd.steering.per_year or 0) * quarter // 4
    if due and ytd.steering.held < due:
        out.append(
            Deviation(
                "steering_behind",
                _("Färre styrgruppsmöten än avtalat: %(due)s ska ha hållits hittills i år.") % {"due": due},
            )
        )
    if ytd.economy.overdue_invoices:
        out.append(Deviation("invoice_overdue", _("Det finns fakturor som passerat förfallodagen.")))
    return out


def quarterly_state(year: int, quarter: int) -> list[dict]:
    """Every ongoing partnership's year-to-date result and its deviations with their measures."""
    start, end = year_to_date(year, quarter)
    q_start, q_end = quarter_bounds(year, quarter)
    partnerships = list(
        Partnership.objects.filter(periods__start__lte=q_end, periods__end__gte=q_start)
        .filter(status__in=[Partnership.Status.ACTIVE, Partnership.Status.ENDED])
        .distinct()
        .prefetch_related("parties__organisation", "periods")
        .order_by("case_number")
    )
    measures = {
        (m.partnership_id, m.deviation_code): m
        for m in DeviationMeasure.objects.filter(year=year, quarter=quarter, partnership__in=partnerships)
    }
    ytd_results = compute_indicators_many(partnerships, start=start, end=end)
    quarter_results = compute_indicators_many(partnerships, start=q_start, end=q_end)
    out = []
    for p in partnerships:
        ytd = ytd_results[p.pk]
        quarter_result = quarter_results[p.pk]
        devs = deviations(ytd, quarter=quarter)
        out.append(
            {
                "partnership": p,
                "ytd": ytd,
                "quarter": quarter_result,
                "deviations": [{"deviation": d, "measure": measures.get((p.pk, d.code))} for d in devs],
            }
        )
    return out
