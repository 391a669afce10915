"""The three reports, registered in REPORT_BUILDERS: `annual`, `quarterly` and `overview`.

All three read the one engine (`reporting.indicators`) through `reporting.presentation` with
`protected=True`: they leave the administration, so every count passes disclosure control.
Pattern: a context dataclass + a pure `make_*_pdf(context) -> bytes`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from iop.dates import quarter_bounds
from iop.models import Partnership
from iop.periods import enclosing, fixed_window, quarter_window
from iop.selectors import partnership_detail_queryset
from reporting.builders import ReportDataError, register
from reporting.deviations import quarterly_state, year_to_date
from reporting.indicators import compute_indicators, compute_indicators_many
from reporting.narratives import narratives_for
from reporting.pdf import render_pdf
from reporting.presentation import Presentation, present

NOT_GIVEN = "Åtgärd ej angiven"


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# --- annual: årsrapport / verksamhetsberättelse per partnership ----------------------------------


@dataclass
class AnnualContext:
    partnership: Partnership
    year: int
    pres: Presentation
    narratives: dict[str, str]
    goals: list
    in_kind: list
    generated_at: dt.datetime

    @property
    def doc_title(self) -> str:
        return _("Årsrapport %(year)s") % {"year": self.year}

    @property
    def capacity_nights(self) -> int | None:
        """Capacity × days of the agreement periods in the year (e.g. 40 beds × 90 nights = 3 600
        bed-nights available), against which a reported occupancy is read."""
        p = self.partnership
        if not p.places_at_once:
            return None
        start, end = _year_bounds(self.year)
        days = sum(max((min(x.end, end) - max(x.start, start)).days + 1, 0) for x in p.periods.all())
        return p.places_at_once * days or None

    def toc(self) -> list[dict]:
        person_level = {"deltagare", "placeringar", "progression", "samtal"}
        out = []
        for i, t in ANNUAL_TOC:
            if self.partnership.reported_only and i in person_level:
                continue
            if i == "indikatorer" and self.partnership.reported_only:
                t = "Mål och resultat"
            out.append({"id": i, "title": _(t)})
        return out


def annual_context(*, partnership_id: int, year: int) -> AnnualContext:
    partnership = partnership_detail_queryset().filter(pk=partnership_id).first()
    if partnership is None:
        raise ReportDataError(_("Partnerskapet finns inte."))
    start, end = _year_bounds(year)
    result = compute_indicators(partnership=partnership, start=start, end=end)
    return AnnualContext(
        partnership=partnership,
        year=year,
        pres=present(result, protected=True),
        narratives=narratives_for(partnership_id=partnership.pk, year=year),
        goals=list(partnership.goals.all()),
        in_kind=[c for c in partnership.in_kind.all() if c.year == year],
        generated_at=timezone.now(),
    )


ANNUAL_TOC = [
    ("parter", "Parter och period"),
    ("malgrupp", "Målgrupp och syfte"),
    ("verksamhet", "Verksamhetsbeskrivning"),
    ("indikatorer", "Mål och de fem indikatorerna"),
    ("deltagare", "Deltagare efter kön och ålder"),
    ("placeringar", "Placeringar och utfall"),
    ("progression", "Stegförflyttning"),
    ("samtal", "Samtal"),
    ("styrgrupp", "Styrgruppsmöten"),
    ("ekonomi", "Ekonomi"),
    ("analys", "Analys"),
    ("bedomning", "Förvaltningens bedömning"),
]


def make_annual_pdf(context: AnnualContext) -> bytes:
    return render_pdf(
        "reporting/pdf/annual.html",
        {
            "report": context,
            "partnership": context.partnership,
            "pres": context.pres,
            "doc_title": context.doc_title,
            "doc_subtitle": f"{context.partnership.case_number} {context.partnership.title}",
            "generated_at": context.generated_at,
            "toc": context.toc(),
        },
    )


@register("annual", needs=("partnership", "year"))
def build_annual(params: dict) -> tuple[bytes, str]:
    context = annual_context(partnership_id=int(params["partnership"]), year=int(params["year"]))
    return make_annual_pdf(context), f"arsrapport-{context.partnership.case_number}-{context.year}.pdf"


# --- quarterly: the board's quarterly report (asked for by the board, ASN-2023-6069) ---------------


@dataclass
class QuarterlyEntry:
    partnership: Partnership
    quarter: Presentation
    ytd: Presentation
    deviations: list[dict]


@dataclass
class QuarterlyContext:
    year: int
    quarter: int
    start: dt.date
    end: dt.date
    entries: list[QuarterlyEntry]
    economy_rows: list[list]
    invoicing_available: bool
    generated_at: dt.datetime = field(default_factory=timezone.now)

    @property
    def doc_title(self) -> str:
        return _("Kvartalsrapport %(q)s %(year)s") % {"q": self.quarter, "year": self.year}

    @property
    def deviation_count(self) -> int:
        return sum(len(e.deviations) for e in self.entries)


def quarterly_context(*, year: int, quarter: int) -> QuarterlyContext:
    start, end = quarter_bounds(year, quarter)
    entries = []
    economy_rows = []
    available = False
    state = quarterly_state(year, quarter)
    # Differencing control: each published period is compared with the fixed periods enclosing it.
    q_window = quarter_window(year, quarter)
    ytd_window = fixed_window(*year_to_date(year, quarter))
    if ytd_window is None:  # every year-to-date at a quarter end is a fixed period
        raise ReportDataError("year-to-date is not a fixed period")
    partnerships = [s["partnership"] for s in state]
    around = {
        w: compute_indicators_many(partnerships, start=w.start, end=w.end)
        for w in {*enclosing(q_window), *enclosing(ytd_window)}
    }
    for s in state:
        pk = s["partnership"].pk
        ytd = present(
            s["ytd"],
            protected=True,
            with_charts=False,
            enclosing=[around[w][pk] for w in enclosing(ytd_window)],
        )
        entries.append(
            QuarterlyEntry(
                partnership=s["partnership"],
                quarter=present(
                    s["quarter"],
                    protected=True,
                    with_charts=False,
                    enclosing=[around[w][pk] for w in enclosing(q_window)],
                ),
                ytd=ytd,
                deviations=[
                    {
                        "code": d["deviation"].code,
                        "text": d["deviation"].text,
                        "measure": d["measure"].text if d["measure"] else None,
                    }
                    for d in s["deviations"]
                ],
            )
        )
        eco = s["ytd"].economy
        available = eco.invoicing_available
        economy_rows.append(
            [s["partnership"].case_number, eco.budget_total, eco.invoiced_total, eco.paid_total]
        )
    return QuarterlyContext(
        year=year,
        quarter=quarter,
        start=start,
        end=end,
        entries=entries,
        economy_rows=economy_rows,
        invoicing_available=available,
    )


def make_quarterly_pdf(context: QuarterlyContext) -> bytes:
    toc = [
        {"id": f"p-{e.partnership.pk}", "title": f"{e.partnership.case_number} {e.partnership.title}"}
        for e in context.entries
    ]
    toc.append({"id": "ekonomi", "title": _("Ekonomisk sammanställning")})
    return render_pdf(
        "reporting/pdf/quarterly.html",
        {
            "report": context,
            "doc_title": context.doc_title,
            "doc_subtitle": _(
                "Till arbetsmarknads- och socialnämnden: pågående idéburna offentliga partnerskap"
            ),
            "generated_at": context.generated_at,
            "toc": toc,
            "not_given": _(NOT_GIVEN),
        },
    )


@register("quarterly", needs=("year", "quarter"))
def build_quarterly(params: dict) -> tuple[bytes, str]:
    context = quarterly_context(year=int(params["year"]), quarter=int(params["quarter"]))
    return make_quarterly_pdf(context), f"kvartalsrapport-{context.year}-K{context.quarter}.pdf"


# --- overview: the annual overview of all partnerships (as the 2019 overview report) --------------


@dataclass
class OverviewEntry:
    partnership: Partnership
    pres: Presentation
    budget: Decimal
    assessment: str


@dataclass
class OverviewContext:
    year: int
    total: Presentation
    entries: list[OverviewEntry]
    generated_at: dt.datetime = field(default_factory=timezone.now)

    @property
    def doc_title(self) -> str:
        return _("Årsöversikt %(year)s: idéburna offentliga partnerskap") % {"year": self.year}


def overview_context(*, year: int) -> OverviewContext:
    start, end = _year_bounds(year)
    partnerships = list(
        partnership_detail_queryset()
        .filter(periods__start__lte=end, periods__end__gte=start)
        .exclude(status=Partnership.Status.DRAFT)
        .distinct()
        .order_by("case_number")
    )
    from reporting.models import ReportNarrative

    assessments = dict(
        ReportNarrative.objects.filter(
            year=year, section=ReportNarrative.Section.ASSESSMENT, partnership__in=partnerships
        ).values_list("partnership_id", "text")
    )
    results = compute_indicators_many(partnerships, start=start, end=end, with_total=True)
    entries = []
    for p in partnerships:
        result = results[p.pk]
        entries.append(
            OverviewEntry(
                partnership=p,
                pres=present(result, protected=True, with_charts=False),
                budget=result.economy.budget_total,
                assessment=assessments.get(p.pk, ""),
            )
        )
    total = present(results[None], protected=True)
    return OverviewContext(year=year, total=total, entries=entries)


def make_overview_pdf(context: OverviewContext) -> bytes:
    toc = [{"id": "sammanfattning", "title": _("Sammanfattning")}]
    toc += [
        {"id": f"p-{e.partnership.pk}", "title": f"{e.partnership.case_number} {e.partnership.title}"}
        for e in context.entries
    ]
    return render_pdf(
        "reporting/pdf/overview.html",
        {
            "report": context,
            "pres": context.total,
            "doc_title": context.doc_title,
            "doc_subtitle": _("Arbetsmarknads- och socialförvaltningens årliga översikt"),
            "generated_at": context.generated_at,
            "toc": toc,
        },
    )


@register("overview", needs=("year",))
def build_overview(params: dict) -> tuple[bytes, str]:
    context = overview_context(year=int(params["year"]))
    return make_overview_pdf(context), f"arsoversikt-{context.year}.pdf"
