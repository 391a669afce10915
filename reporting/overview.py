"""The overview of all partnerships (årsöversikt), as the administration's 2019 overview report.

The overview of year Y is the one the board reads in Y: it opens with the year's introduction (legal
context, what an IOP is, Forum's criteria), then the partnerships running during Y grouped by area (the
social area, the labour market), then those whose agreement ended during the year before (Y − 1, the
year whose activity reports it summarises). Per partnership: every case number (the agreement and each
period's decision), parties, periods, the budget per year with each funder's share, in-kind
contributions with volunteer hours, target group, purpose, goals with results (the one engine, for Y or
for the ended ones Y − 1), the administration's assessment and Forum's criteria.

Pattern: a context dataclass + a pure `make_overview_pdf(context) -> bytes`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from iop.models import ForumCriterionAssessment, InKindContribution, Partnership, PartnershipParty
from iop.selectors import partnership_detail_queryset
from reporting.builders import register
from reporting.indicators import compute_indicators_many
from reporting.models import OverviewIntroduction, ReportNarrative
from reporting.overview_introduction import DEFAULT_INTRODUCTION
from reporting.pdf import render_pdf
from reporting.presentation import Presentation, present

HUNDRED = Decimal("100")


@dataclass
class FunderShare:
    """What one funder puts into the partnership in a year, and its share of the year's total (%)."""

    funder: str
    amount: Decimal
    share: Decimal


@dataclass
class FundingYear:
    year: int
    shares: list[FunderShare]
    total: Decimal


def _city_and_own(partnership: Partnership) -> tuple[str, str]:
    parties = list(partnership.parties.all())
    city = next((p.organisation.name for p in parties if p.role == PartnershipParty.Role.CITY), _("Staden"))
    own = ", ".join(p.organisation.name for p in parties if p.role != PartnershipParty.Role.CITY)
    return city, own or _("Den idéburna parten")


def funding_by_year(partnership: Partnership, *, until: int) -> list[FundingYear]:
    """Per year up to `until`: the city's budget, each other funder (e.g. Region Skåne) and the
    organisation's own contribution (its in-kind contributions with a value), each with its share.
    Reads the prefetched budget lines, other funding and in-kind contributions."""
    city, own = _city_and_own(partnership)
    amounts: dict[int, dict[str, Decimal]] = {}

    def add(year: int, funder: str, amount: Decimal | None) -> None:
        if year <= until and amount:
            row = amounts.setdefault(year, {})
            row[funder] = row.get(funder, Decimal("0")) + amount

    for line in partnership.budget_lines.all():
        add(line.year, city, line.amount)
    for funding in partnership.other_funding.all():
        add(funding.year, funding.funder, funding.amount)
    for contribution in partnership.in_kind.all():
        add(contribution.year, _("%(org)s (egen insats)") % {"org": own}, contribution.estimated_value)
    years = []
    for year in sorted(amounts):
        total = sum(amounts[year].values(), Decimal("0"))
        shares = [
            FunderShare(funder, amount, (amount * HUNDRED / total).quantize(Decimal("0.1")))
            for funder, amount in amounts[year].items()
        ]
        years.append(FundingYear(year=year, shares=shares, total=total))
    return years


def case_numbers(partnership: Partnership) -> list[str]:
    """Every decision's case number, oldest first as the periods run (the original agreement's, then
    an extension's), with the partnership's own case number last where no period names it."""
    numbers: list[str] = []
    for period in partnership.periods.all():
        if period.case_number and period.case_number not in numbers:
            numbers.append(period.case_number)
    if partnership.case_number not in numbers:
        numbers.append(partnership.case_number)
    return numbers


@dataclass
class OverviewEntry:
    partnership: Partnership
    pres: Presentation
    budget: Decimal
    assessment: str
    case_numbers: list[str] = field(default_factory=list)
    funding: list[FundingYear] = field(default_factory=list)
    criteria: list[ForumCriterionAssessment] = field(default_factory=list)
    in_kind: list[InKindContribution] = field(default_factory=list)  # up to the entry's year

    @property
    def volunteer_hours(self) -> int:
        return sum(c.volunteer_hours or 0 for c in self.in_kind)


@dataclass
class OverviewGroup:
    key: str
    title: str
    entries: list[OverviewEntry]


@dataclass
class OverviewContext:
    year: int
    introduction: str
    total: Presentation
    groups: list[OverviewGroup]
    generated_at: dt.datetime = field(default_factory=timezone.now)

    @property
    def entries(self) -> list[OverviewEntry]:
        return [entry for group in self.groups for entry in group.entries]

    @property
    def doc_title(self) -> str:
        return _("Årsöversikt %(year)s: idéburna offentliga partnerskap") % {"year": self.year}


def introduction_for(year: int) -> str:
    """The year's introduction as the coordinator wrote it, else the default one."""
    text = OverviewIntroduction.objects.filter(year=year).values_list("text", flat=True).first()
    return text or DEFAULT_INTRODUCTION


def _partnerships(start: dt.date, end: dt.date) -> list[Partnership]:
    return list(
        partnership_detail_queryset()
        .prefetch_related("forum_criteria")
        .filter(periods__start__lte=end, periods__end__gte=start)
        .exclude(status=Partnership.Status.DRAFT)
        .distinct()
        .order_by("case_number")
    )


def _entries(
    partnerships: list[Partnership], year: int, *, with_total: bool
) -> tuple[list[OverviewEntry], Any]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    results = compute_indicators_many(partnerships, start=start, end=end, with_total=with_total)
    assessments = dict(
        ReportNarrative.objects.filter(
            year=year, section=ReportNarrative.Section.ASSESSMENT, partnership__in=partnerships
        ).values_list("partnership_id", "text")
    )
    entries = [
        OverviewEntry(
            partnership=p,
            pres=present(results[p.pk], protected=True, with_charts=False),
            budget=results[p.pk].economy.budget_total,
            assessment=assessments.get(p.pk, ""),
            case_numbers=case_numbers(p),
            funding=funding_by_year(p, until=year),
            criteria=list(p.forum_criteria.all()),
            in_kind=[c for c in p.in_kind.all() if c.year <= year],
        )
        for p in partnerships
    ]
    return entries, results.get(None)


def overview_context(*, year: int) -> OverviewContext:
    ongoing = _partnerships(dt.date(year, 1, 1), dt.date(year, 12, 31))
    ongoing_ids = {p.pk for p in ongoing}
    ended = [
        p
        for p in _partnerships(dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31))
        if p.pk not in ongoing_ids and p.end_date is not None and p.end_date.year == year - 1
    ]
    entries, total = _entries(ongoing, year, with_total=True)
    ended_entries, _total = _entries(ended, year - 1, with_total=False) if ended else ([], None)
    social = [e for e in entries if e.partnership.area == Partnership.Area.SOCIAL]
    groups = [
        OverviewGroup("social", _("Pågående partnerskap inom det sociala området"), social),
        OverviewGroup(
            "labour_market",
            _("Pågående partnerskap inom arbetsmarknadsområdet"),
            [e for e in entries if e.partnership.area != Partnership.Area.SOCIAL],
        ),
        OverviewGroup("ended", _("Avslutade partnerskap under %(year)s") % {"year": year - 1}, ended_entries),
    ]
    return OverviewContext(
        year=year,
        introduction=introduction_for(year),
        total=present(total, protected=True),
        groups=[g for g in groups if g.entries],
    )


def make_overview_pdf(context: OverviewContext) -> bytes:
    toc = [
        {"id": "inledning", "title": _("Inledning")},
        {"id": "sammanfattning", "title": _("Sammanfattning")},
    ]
    for group in context.groups:
        toc.append({"id": f"g-{group.key}", "title": group.title})
        toc += [
            {"id": f"p-{e.partnership.pk}", "title": f"{e.partnership.case_number} {e.partnership.title}"}
            for e in group.entries
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
