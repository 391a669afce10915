"""The quarterly report to the board (kvartalsrapport till nämnden, asked for by the board in
ASN-2023-6069): page 1 a summary across partnerships, then per ongoing partnership its progress text
(lägesutveckling), the results of every goal for the quarter and the year to date, its deviations with
their measures (and the open measures of earlier quarters), its economy; last the economy in total.

As-of rule: every figure is computed as of the quarter's end (invoices by their submission date, payments
by their payment date, placements, talks and approved results by their dates, measures by the day they
were done), so a past quarter's report gives the same figures whenever it is regenerated.

Other apps add a section with `register_partnership_section` (shown under each partnership) or
`register_report_section` (a chapter after the economy), e.g. notices of economic change.
Pattern: a context dataclass + a pure `make_quarterly_pdf(context) -> bytes`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from iop.dates import quarter_bounds
from iop.models import OtherFunding, Partnership
from iop.periods import enclosing, fixed_window, quarter_window
from reporting.builders import ReportDataError, register
from reporting.deviations import PartnershipDeviations, quarterly_state, year_to_date
from reporting.indicators import compute_indicators_many
from reporting.models import DeviationMeasure, ReportNarrative
from reporting.narratives import progress_due, progress_texts
from reporting.pdf import render_pdf
from reporting.presentation import Presentation, present

ZERO = Decimal("0.00")
NOT_GIVEN = "Åtgärd ej angiven"


@dataclass(frozen=True)
class QuarterlySection:
    """A section another app adds: `build` returns the data its template shows as `data` (None: skipped).
    Per partnership `build(partnership, year, quarter, as_of)`; for the report `build(context)`. A per-partnership
    section may `preload(partnerships, as_of)` first, so that its builds make no query of their own."""

    id: str
    title: str
    template: str
    build: Callable[..., Any]
    preload: Callable[[list[Partnership], dt.date], None] | None = None


PARTNERSHIP_SECTIONS: dict[str, QuarterlySection] = {}
REPORT_SECTIONS: dict[str, QuarterlySection] = {}


def register_partnership_section(section: QuarterlySection) -> QuarterlySection:
    PARTNERSHIP_SECTIONS[section.id] = section
    return section


def register_report_section(section: QuarterlySection) -> QuarterlySection:
    REPORT_SECTIONS[section.id] = section
    return section


@dataclass
class SectionData:
    id: str
    title: str
    template: str
    data: Any


@dataclass
class EconomyRow:
    """Budget of the year, invoiced and paid as of the quarter's end, in-kind and other funding."""

    case_number: str
    title: str
    budget: Decimal
    invoiced: Decimal
    paid: Decimal
    in_kind: Decimal
    other_funding: Decimal

    @property
    def invoiced_share(self) -> Decimal | None:
        return (self.invoiced / self.budget * 100).quantize(Decimal("1")) if self.budget else None


@dataclass
class QuarterlyEntry:
    partnership: Partnership
    quarter: Presentation
    ytd: Presentation
    deviations: list[dict]  # {"code", "text", "manual", "measures": [DeviationMeasure]}
    carried: list[DeviationMeasure]
    progress: ReportNarrative | None
    economy: EconomyRow
    ended: bool
    sections: list[SectionData] = field(default_factory=list)

    @property
    def economy_rows(self) -> list[EconomyRow]:
        return [self.economy]

    @property
    def status_label(self) -> str:
        if self.ended:
            return _("Avslutat")
        return _("Avvikelser") if self.deviations else _("Enligt plan")


@dataclass
class Summary:
    partnerships: int
    on_track: int
    with_deviations: int
    ended: int
    deviations: int
    open_measures: int
    missing_progress: int


@dataclass
class QuarterlyContext:
    year: int
    quarter: int
    start: dt.date
    end: dt.date
    entries: list[QuarterlyEntry]
    summary: Summary
    economy_total: EconomyRow
    progress_due: dt.date
    invoicing_available: bool = True
    sections: list[SectionData] = field(default_factory=list)
    generated_at: dt.datetime = field(default_factory=timezone.now)

    @property
    def doc_title(self) -> str:
        return _("Kvartalsrapport %(q)s %(year)s") % {"q": self.quarter, "year": self.year}

    @property
    def deviation_count(self) -> int:
        return sum(len(e.deviations) for e in self.entries)

    @property
    def economy_rows(self) -> list[EconomyRow]:
        return [e.economy for e in self.entries]


def _other_funding(partnerships: list[Partnership], year: int) -> dict[int, Decimal]:
    return dict(
        OtherFunding.objects.filter(partnership__in=partnerships, year=year)
        .order_by()
        .values_list("partnership_id")
        .annotate(t=Sum("amount"))
    )


def _economy(s: PartnershipDeviations, other: Decimal) -> EconomyRow:
    eco = s.ytd.economy
    return EconomyRow(
        case_number=s.partnership.case_number,
        title=s.partnership.title,
        budget=eco.budget_total,
        invoiced=eco.invoiced_total or ZERO,
        paid=eco.paid_total or ZERO,
        in_kind=sum((Decimal(c["estimated_value"] or 0) for c in eco.in_kind), ZERO),
        other_funding=Decimal(other or 0),
    )


def _total(rows: list[EconomyRow]) -> EconomyRow:
    return EconomyRow(
        case_number="",
        title=_("Totalt"),
        **{
            name: sum((getattr(r, name) for r in rows), ZERO)
            for name in ("budget", "invoiced", "paid", "in_kind", "other_funding")
        },
    )


def _deviation_rows(s: PartnershipDeviations) -> list[dict]:
    return [
        {
            "code": d["deviation"].code,
            "text": d["deviation"].text,
            "manual": d["deviation"].manual,
            "measures": d["measures"],
        }
        for d in s.deviations
    ]


def quarterly_context(*, year: int, quarter: int) -> QuarterlyContext:
    if not (2000 <= year <= 2100 and 1 <= quarter <= 4):
        raise ReportDataError(_("Ange ett år och ett kvartal 1–4."))
    start, end = quarter_bounds(year, quarter)
    state = quarterly_state(year, quarter)
    # Differencing control: each published period is compared with the fixed periods enclosing it.
    q_window = quarter_window(year, quarter)
    ytd_window = fixed_window(*year_to_date(year, quarter))
    if ytd_window is None:  # every year-to-date at a quarter end is a fixed period
        raise ReportDataError("year-to-date is not a fixed period")
    partnerships = [s.partnership for s in state]
    # As of the quarter's end: an enclosing period is compared with what it held by then (its days after
    # the end had no data yet), so rows added later cannot change what is suppressed.
    around = {
        w: compute_indicators_many(partnerships, start=w.start, end=min(w.end, end))
        for w in {*enclosing(q_window), *enclosing(ytd_window)}
    }
    progress = progress_texts(partnership_ids=[p.pk for p in partnerships], year=year, quarter=quarter)
    other = _other_funding(partnerships, year)
    for section in PARTNERSHIP_SECTIONS.values():
        if section.preload is not None:
            section.preload(partnerships, end)
    entries = []
    for s in state:
        pk = s.partnership.pk
        entries.append(
            QuarterlyEntry(
                partnership=s.partnership,
                quarter=present(
                    s.quarter,
                    protected=True,
                    with_charts=False,
                    enclosing=[around[w][pk] for w in enclosing(q_window)],
                ),
                ytd=present(
                    s.ytd,
                    protected=True,
                    with_charts=False,
                    enclosing=[around[w][pk] for w in enclosing(ytd_window)],
                ),
                deviations=_deviation_rows(s),
                carried=s.carried,
                progress=progress.get(pk),
                economy=_economy(s, other.get(pk, ZERO)),
                ended=s.ended,
                sections=[
                    SectionData(x.id, str(x.title), x.template, data)
                    for x in PARTNERSHIP_SECTIONS.values()
                    if (data := x.build(s.partnership, year, quarter, end)) is not None
                ],
            )
        )
    summary = Summary(
        partnerships=len(entries),
        on_track=sum(1 for e in entries if not e.ended and not e.deviations),
        with_deviations=sum(1 for e in entries if not e.ended and e.deviations),
        ended=sum(1 for e in entries if e.ended),
        deviations=sum(len(e.deviations) for e in entries),
        open_measures=sum(len(e.carried) for e in entries)
        + sum(
            1
            for e in entries
            for d in e.deviations
            for m in d["measures"]
            if m.status == DeviationMeasure.Status.OPEN or (m.done_on and m.done_on > end)
        ),
        missing_progress=sum(1 for e in entries if e.progress is None or not e.progress.text.strip()),
    )
    context = QuarterlyContext(
        year=year,
        quarter=quarter,
        start=start,
        end=end,
        entries=entries,
        summary=summary,
        economy_total=_total([e.economy for e in entries]),
        progress_due=progress_due(year, quarter),
    )
    context.sections = [
        SectionData(x.id, str(x.title), x.template, data)
        for x in REPORT_SECTIONS.values()
        if (data := x.build(context)) is not None
    ]
    return context


def quarterly_template_context(context: QuarterlyContext) -> dict[str, Any]:
    """What the template needs: shared by the PDF and the preview page."""
    toc = [{"id": "sammanfattning", "title": _("Sammanfattning")}]
    toc += [
        {"id": f"p-{e.partnership.pk}", "title": f"{e.partnership.case_number} {e.partnership.title}"}
        for e in context.entries
    ]
    toc.append({"id": "ekonomi", "title": _("Ekonomisk sammanställning")})
    toc += [{"id": s.id, "title": s.title} for s in context.sections]
    return {
        "report": context,
        "doc_title": context.doc_title,
        "doc_subtitle": _("Till arbetsmarknads- och socialnämnden: pågående idéburna offentliga partnerskap"),
        "generated_at": context.generated_at,
        "toc": toc,
        "not_given": _(NOT_GIVEN),
    }


def make_quarterly_pdf(context: QuarterlyContext) -> bytes:
    return render_pdf("reporting/pdf/quarterly.html", quarterly_template_context(context))


@register("quarterly", needs=("year", "quarter"))
def build_quarterly(params: dict) -> tuple[bytes, str]:
    context = quarterly_context(year=int(params["year"]), quarter=int(params["quarter"]))
    return make_quarterly_pdf(context), f"kvartalsrapport-{context.year}-K{context.quarter}.pdf"
