"""The registry of report builders: kind → callable(params) -> (pdf bytes, file name).

The Celery task, the `generate_report` command and tests all look builders up here, so a kind is produced
the same way everywhere. Register a builder with `@register(kind, needs=...)`; `needs` names the
parameters the kind requires ("partnership", "year", "quarter") and drives the request form's validation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from iop import charts
from iop.models import BudgetLine, Meeting, Partnership
from iop.selectors import partnership_detail_queryset
from reporting.pdf import render_pdf

Builder = Callable[[dict], tuple[bytes, str]]
REPORT_BUILDERS: dict[str, Builder] = {}
REPORT_NEEDS: dict[str, frozenset[str]] = {}
PARAM_NAMES = ("partnership", "year", "quarter")


def register(kind: str, *, needs: tuple[str, ...] = ()) -> Callable[[Builder], Builder]:
    unknown = set(needs) - set(PARAM_NAMES)
    if unknown:
        raise ValueError(f"Unknown report parameters: {sorted(unknown)}")

    def decorator(builder: Builder) -> Builder:
        REPORT_BUILDERS[kind] = builder
        REPORT_NEEDS[kind] = frozenset(needs)
        return builder

    return decorator


class ReportDataError(Exception):
    """The parameters do not describe something a report can be made of (a permanent failure)."""


# --- partnership_summary: the registry facts of one partnership for one year ----------------------


@dataclass
class PartnershipSummaryContext:
    """Everything the partnership summary shows; built from the registry, rendered by a pure function."""

    partnership: Partnership
    year: int
    budget_lines: list[BudgetLine]
    budget_total: Decimal
    in_kind: list
    goals: list
    steering_meetings_held: int
    generated_at: dt.datetime
    charts: dict = field(default_factory=dict)

    @property
    def doc_title(self) -> str:
        return _("Sammanställning av partnerskapet %(case)s") % {"case": self.partnership.case_number}


def partnership_summary_context(*, partnership_id: int, year: int) -> PartnershipSummaryContext:
    partnership = partnership_detail_queryset().filter(pk=partnership_id).first()
    if partnership is None:
        raise ReportDataError(_("Partnerskapet finns inte."))
    lines = [line for line in partnership.budget_lines.all() if line.year == year]
    total = sum((line.amount for line in lines), Decimal("0.00"))
    by_category: dict[str, Decimal] = {}
    for line in lines:
        label = str(line.get_category_display())
        by_category[label] = by_category.get(label, Decimal("0.00")) + line.amount
    chart = charts.grouped_bars(
        title=_("Budget %(year)s per kategori") % {"year": year},
        categories=list(by_category),
        series={_("Budget"): list(by_category.values())},
        money=True,
    )
    held = sum(
        1
        for m in partnership.meetings.all()
        if m.kind == Meeting.Kind.STEERING and m.held and m.date.year == year
    )
    return PartnershipSummaryContext(
        partnership=partnership,
        year=year,
        budget_lines=lines,
        budget_total=total,
        in_kind=[c for c in partnership.in_kind.all() if c.year == year],
        goals=list(partnership.goals.all()),
        steering_meetings_held=held,
        generated_at=timezone.now(),
        charts={"budget": chart} if lines else {},
    )


def make_partnership_summary_pdf(context: PartnershipSummaryContext) -> bytes:
    toc = [
        {"id": "parter", "title": _("Parter och avtalsperiod")},
        {"id": "malgrupp", "title": _("Målgrupp och syfte")},
        {"id": "kapacitet", "title": _("Kapacitet")},
        {"id": "mal", "title": _("Mål och målvärden")},
        {"id": "ekonomi", "title": _("Ekonomi")},
        {"id": "styrgrupp", "title": _("Styrgrupp")},
    ]
    return render_pdf(
        "reporting/pdf/partnership_summary.html",
        {
            "report": context,
            "partnership": context.partnership,
            "doc_title": context.doc_title,
            "doc_subtitle": f"{context.partnership.title} · {context.year}",
            "generated_at": context.generated_at,
            "toc": toc,
        },
    )


@register("partnership_summary", needs=("partnership", "year"))
def build_partnership_summary(params: dict) -> tuple[bytes, str]:
    context = partnership_summary_context(partnership_id=int(params["partnership"]), year=int(params["year"]))
    filename = f"sammanstallning-{context.partnership.case_number}-{context.year}.pdf"
    return make_partnership_summary_pdf(context), filename
