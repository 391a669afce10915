"""The partnership's risk register in the quarterly report to the board: the risks not closed at the quarter's
end, as they stood then (read from their history by `iop.risk_register.risks_as_of`), highest level first.
Registered here, in the reporting app, so that the register (iop) knows nothing of the report. The section's
preload reads every partnership's register in one query and leaves it on the partnership for its build."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from iop.models import Partnership, Risk
from iop.risk_register import risks_as_of
from reporting.quarterly import QuarterlySection, register_partnership_section

ATTRIBUTE = "_risks_as_of"


def _preload(partnerships: list[Partnership], as_of: dt.date) -> None:
    loaded = risks_as_of(partnerships, as_of)
    for p in partnerships:
        setattr(p, ATTRIBUTE, (as_of, loaded[p.pk]))


def _risks(partnership: Partnership, year: int, quarter: int, as_of: dt.date) -> list[Risk]:
    cached = getattr(partnership, ATTRIBUTE, None)
    if cached is None or cached[0] != as_of:
        _preload([partnership], as_of)
        cached = getattr(partnership, ATTRIBUTE)
    return cached[1]


register_partnership_section(
    QuarterlySection(
        id="risks",
        title=_("Risker"),  # type: ignore[arg-type]  # a lazy string, made str when the report is built
        template="reporting/includes/quarterly_risks.html",
        build=_risks,
        preload=_preload,
    )
)
