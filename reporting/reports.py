"""The three reports, registered in REPORT_BUILDERS: `annual` here, `quarterly` (`reporting.quarterly`) and
`overview` (`reporting.overview`) in modules of their own.

All three read the one engine (`reporting.indicators`) through `reporting.presentation` with
`protected=True`: they leave the administration, so every count passes disclosure control.
Pattern: a context dataclass + a pure `make_*_pdf(context) -> bytes`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from invoicing.selectors import economic_change_notices, partner_document_rows
from iop.models import Partnership
from iop.selectors import partnership_detail_queryset
from reporting.builders import ReportDataError, register
from reporting.indicators import compute_indicators
from reporting.narratives import narratives_for
from reporting.overview import make_overview_pdf, overview_context  # noqa: F401 - registers `overview`
from reporting.pdf import render_pdf
from reporting.presentation import Presentation, present
from reporting.quarterly import make_quarterly_pdf, quarterly_context  # noqa: F401 - registers `quarterly`


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
    # What the partner delivered for the year (invoicing.selectors): documents with status, notices.
    partner_documents: list = field(default_factory=list)
    economic_notices: list = field(default_factory=list)

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
        partner_documents=partner_document_rows(partnership, as_of=timezone.localdate(), years=[year]),
        economic_notices=economic_change_notices(partnership, start, end),
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
    ("handlingar", "Handlingar från parten"),
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
