"""What the partner delivers, in the quarterly report to the board: a deviation for every required document
(årsredovisning, verksamhetsberättelse, revisionsberättelse) past its due date and not delivered by the
quarter's end, and a section per partnership listing its documents and the quarter's notices of economic
change. Both read `invoicing.selectors` as of the quarter's end, so a past report does not change; the
deviation source preloads every partnership's deliveries at once (`partner_deliveries_of`, four queries) and
leaves them on the partnership for the section."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from invoicing.selectors import PartnerDeliveries, partner_deliveries_of
from iop.dates import quarter_bounds
from iop.models import Partnership
from reporting.deviations import Deviation, register_deviation_source
from reporting.quarterly import QuarterlySection, register_partnership_section

ATTRIBUTE = "_partner_deliveries"


def _preload(partnerships: list[Partnership], as_of: dt.date) -> None:
    quarter_start = quarter_bounds(as_of.year, (as_of.month - 1) // 3 + 1)[0]
    loaded = partner_deliveries_of(partnerships, as_of=as_of, notices_from=quarter_start)
    for p in partnerships:
        setattr(p, ATTRIBUTE, (as_of, loaded[p.pk]))


def _deliveries(partnership: Partnership, as_of: dt.date) -> PartnerDeliveries:
    cached = getattr(partnership, ATTRIBUTE, None)
    if cached is None or cached[0] != as_of:
        _preload([partnership], as_of)
        cached = getattr(partnership, ATTRIBUTE)
    return cached[1]


@register_deviation_source("partner_documents")
def partner_document_deviations(
    partnership: Partnership, year: int, quarter: int, as_of: dt.date
) -> list[Deviation]:
    return [
        Deviation(
            f"partner_document_{row.kind.code}_{row.year}",
            _("%(kind)s för %(year)s saknas (sista dag var %(due)s).")
            % {"kind": row.kind.name, "year": row.year, "due": f"{row.due_date:%Y-%m-%d}"},
        )
        for row in _deliveries(partnership, as_of).missing
    ]


partner_document_deviations.preload = _preload  # type: ignore[attr-defined]


register_partnership_section(
    QuarterlySection(
        id="partner_deliveries",
        title=_("Handlingar och ekonomiska förändringar från parten"),
        template="reporting/includes/quarterly_partner_deliveries.html",
        build=lambda partnership, year, quarter, as_of: _deliveries(partnership, as_of),
    )
)
