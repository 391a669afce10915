"""Deviations (avvikelser) for the quarterly board report (asked for by the board, ASN-2023-6069), each
with its measures (åtgärder). Everything is judged as of the quarter's end, so a past report regenerated
later shows the same deviations.

From the year-to-date result of the one engine (1 January – end of the quarter), `engine_deviations`:
- `started_behind`: started participants more than 20 % behind the pro-rata yearly target (places per year);
- `indicator_<code>` (a goal measured by one of the five indicators) or `goal_<id>` (any other goal):
  a goal judged `behind` by `reporting.goal_results` (pro rata, against its milestone, or at year
  end). A goal without a target is never a deviation;
- `steering_behind`: fewer steering-group meetings held than due pro rata (one per quarter);
- `invoice_overdue`: an invoice past its due date and unpaid at the quarter's end.

From the registered sources, `DEVIATION_SOURCES` (each `(partnership, year, quarter, as_of) -> list`;
another app adds one with `register_deviation_source`, e.g. partner documents missing):
- `budget_over` / `budget_under`: invoiced more than the margin (settings.BUDGET_DEVIATION_MARGIN_PERCENT)
  above or below the budget pro rata of the periods invoiced by the quarter's end;
- `extension_deadline`: the last day to decide on an extension within 60 days, no extension decided;
- `manual_<id>`: the deviations the coordinator recorded by hand for the quarter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from invoicing.selectors import INVOICED_PREFETCH, invoiced_by_period
from iop.dates import add_months, quarter_bounds
from iop.indicators import PREDEFINED
from iop.models import AgreementPeriod, Partnership
from iop.templatetags.iop_format import format_kr
from reporting.indicators import IndicatorResult, compute_indicators_many
from reporting.models import DeviationMeasure

STARTED_TOLERANCE = Decimal("0.8")
EXTENSION_WARNING_DAYS = 60


@dataclass
class Deviation:
    code: str
    text: str
    manual: bool = False


DeviationSource = Callable[[Partnership, int, int, dt.date], list[Deviation]]
DEVIATION_SOURCES: dict[str, DeviationSource] = {}
# What the sources read of each partnership, prefetched once for all of them (the report's queries stay
# the same whatever the number of partnerships).
DEVIATION_PREFETCHES: list[str | Prefetch] = []


def register_deviation_source(
    name: str, *, prefetch: tuple[str | Prefetch, ...] = ()
) -> Callable[[DeviationSource], DeviationSource]:
    """Register a source of deviations `(partnership, year, quarter, as_of) -> list[Deviation]`, with the
    related rows it reads (`prefetch_related` lookups on Partnership)."""

    def decorator(source: DeviationSource) -> DeviationSource:
        DEVIATION_SOURCES[name] = source
        DEVIATION_PREFETCHES.extend(p for p in prefetch if p not in DEVIATION_PREFETCHES)
        return source

    return decorator


def year_to_date(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), quarter_bounds(year, quarter)[1]


def engine_deviations(ytd: IndicatorResult, *, quarter: int) -> list[Deviation]:
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


deviations = engine_deviations  # the name the dashboards and older tests use


def budget_margin() -> Decimal:
    return Decimal(settings.BUDGET_DEVIATION_MARGIN_PERCENT) / 100


@register_deviation_source("budget", prefetch=("budget_lines", INVOICED_PREFETCH))
def budget_deviations(partnership: Partnership, year: int, quarter: int, as_of: dt.date) -> list[Deviation]:
    """Invoiced against the budget pro rata of the days the invoices submitted by `as_of` cover. Invoices
    come after their period (Stadsmission: the quarter's invoice early in the next quarter), so the
    comparison is with the periods invoiced, not with the days gone."""
    budget = sum((line.amount for line in partnership.budget_lines.all() if line.year == year), Decimal(0))
    invoiced = invoiced_by_period(partnership.invoiced_invoices, budget_year=year, as_of=as_of)  # type: ignore[attr-defined]
    if not budget or not invoiced:
        return []
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    covered: set[dt.date] = set()
    for start, end in invoiced:
        day = max(start, first)
        while day <= min(end, last):
            covered.add(day)
            day += dt.timedelta(days=1)
    if not covered:
        return []
    due = (budget * len(covered) / ((last - first).days + 1)).quantize(Decimal("1"))
    spent = sum(invoiced.values(), Decimal(0))
    margin = budget_margin()
    if due <= 0 or abs(spent - due) <= due * margin:
        return []
    share = (spent / due * 100).quantize(Decimal("1"))
    values = {
        "spent": format_kr(spent),
        "until": f"{max(covered):%Y-%m-%d}",
        "share": share,
        "due": format_kr(due),
        "m": int(margin * 100),
    }
    if spent > due:
        text = _(
            "Budgeten förbrukas fortare än planerat: fakturerat %(spent)s för perioderna till och med "
            "%(until)s, %(share)s %% av budgeten i jämn takt (%(due)s); gränsen är ±%(m)s %%."
        )
        return [Deviation("budget_over", text % values)]
    text = _(
        "Budgeten förbrukas långsammare än planerat: fakturerat %(spent)s för perioderna till och med "
        "%(until)s, %(share)s %% av budgeten i jämn takt (%(due)s); gränsen är ±%(m)s %%."
    )
    return [Deviation("budget_under", text % values)]


def agreement_end_as_of(partnership: Partnership, as_of: dt.date) -> dt.date | None:
    """The agreement's last day as known on `as_of`: the original period and extensions approved by then."""
    known = [
        p.end
        for p in partnership.periods.all()
        if p.kind == AgreementPeriod.Kind.ORIGINAL or (p.approved_on is not None and p.approved_on <= as_of)
    ]
    return max(known, default=None)


@register_deviation_source("extension")
def extension_deviations(
    partnership: Partnership, year: int, quarter: int, as_of: dt.date
) -> list[Deviation]:
    """The last day to approve an extension falls within 60 days of `as_of` and none was approved by then
    (the agreement's end as known on `as_of`: the original period and extensions approved by then)."""
    if not partnership.extension_months:
        return []
    end = agreement_end_as_of(partnership, as_of)
    if end is None:
        return []
    deadline = add_months(end, -partnership.extension_notice_months)
    if not as_of <= deadline <= as_of + dt.timedelta(days=EXTENSION_WARNING_DAYS):
        return []
    text = _("Sista dag att besluta om förlängning är %(d)s och inget beslut om förlängning finns.")
    return [Deviation("extension_deadline", text % {"d": f"{deadline:%Y-%m-%d}"})]


@register_deviation_source("manual", prefetch=("manual_deviations",))
def manual_deviations(partnership: Partnership, year: int, quarter: int, as_of: dt.date) -> list[Deviation]:
    return [
        Deviation(d.code, d.text, manual=True)
        for d in partnership.manual_deviations.all()
        if (d.year, d.quarter) == (year, quarter)
    ]


@dataclass
class PartnershipDeviations:
    """One partnership's state in a quarter: its results, deviations with measures, open older measures."""

    partnership: Partnership
    ytd: IndicatorResult
    quarter: IndicatorResult
    ended: bool
    deviations: list[dict] = field(default_factory=list)  # {"deviation": Deviation, "measures": [...]}
    carried: list[DeviationMeasure] = field(default_factory=list)


def ongoing_partnerships(year: int, quarter: int, *, prefetch: list[str | Prefetch] | None = None) -> list:
    q_start, q_end = quarter_bounds(year, quarter)
    return list(
        Partnership.objects.filter(periods__start__lte=q_end, periods__end__gte=q_start)
        .filter(status__in=[Partnership.Status.ACTIVE, Partnership.Status.ENDED])
        .distinct()
        .prefetch_related("parties__organisation", "periods", *(prefetch or []))
        .order_by("case_number")
    )


def open_measures_from_before(partnerships: list[Partnership], year: int, quarter: int) -> list:
    """Measures of earlier quarters still open at this quarter's end (done later counts as open then)."""
    end = quarter_bounds(year, quarter)[1]
    return list(
        DeviationMeasure.objects.filter(partnership__in=partnerships)
        .filter(Q(year__lt=year) | Q(year=year, quarter__lt=quarter))
        .filter(Q(status=DeviationMeasure.Status.OPEN) | Q(done_on__gt=end))
        .order_by("year", "quarter", "pk")
    )


def quarterly_state(year: int, quarter: int) -> list[PartnershipDeviations]:
    """Every ongoing partnership's results, deviations (with this quarter's measures) and the open
    measures of earlier quarters, all as of the quarter's end."""
    start, end = year_to_date(year, quarter)
    q_start, q_end = quarter_bounds(year, quarter)
    partnerships = ongoing_partnerships(year, quarter, prefetch=DEVIATION_PREFETCHES)
    measures: dict[tuple[int, str], list[DeviationMeasure]] = {}
    for m in DeviationMeasure.objects.filter(year=year, quarter=quarter, partnership__in=partnerships):
        measures.setdefault((m.partnership_id, m.deviation_code), []).append(m)
    carried: dict[int, list[DeviationMeasure]] = {}
    for m in open_measures_from_before(partnerships, year, quarter):
        carried.setdefault(m.partnership_id, []).append(m)
    ytd_results = compute_indicators_many(partnerships, start=start, end=end)
    quarter_results = compute_indicators_many(partnerships, start=q_start, end=q_end)
    for source in DEVIATION_SOURCES.values():
        # A source may read for all partnerships at once (a fixed number of queries) before it is asked per
        # partnership: `source.preload(partnerships, as_of)`.
        if preload := getattr(source, "preload", None):
            preload(partnerships, q_end)
    out = []
    for p in partnerships:
        devs = engine_deviations(ytd_results[p.pk], quarter=quarter)
        for source in DEVIATION_SOURCES.values():
            devs += source(p, year, quarter, q_end)
        codes = {d.code for d in devs}
        # A measure recorded for a deviation no longer flagged (e.g. figures approved later) stays shown.
        for (pk, code), ms in sorted(measures.items()):
            if pk == p.pk and code not in codes:
                devs.append(Deviation(code, ms[0].deviation_text or code))
        last_end = agreement_end_as_of(p, q_end)
        out.append(
            PartnershipDeviations(
                partnership=p,
                ytd=ytd_results[p.pk],
                quarter=quarter_results[p.pk],
                ended=last_end is not None and last_end <= q_end,
                deviations=[{"deviation": d, "measures": measures.get((p.pk, d.code), [])} for d in devs],
                carried=carried.get(p.pk, []),
            )
        )
    return out
