"""Services for the texts written in the app: narrative sections and the measures for deviations."""

from __future__ import annotations

import nh3
from django.db import transaction

from iop.models import Partnership, User
from reporting.models import DeviationMeasure, ReportNarrative

ALLOWED_TAGS = {"p", "strong", "em", "ul", "ol", "li", "br", "h3"}


def sanitise(text: str) -> str:
    """Keep only a few formatting tags, no attributes, no links or scripts."""
    return nh3.clean(text or "", tags=ALLOWED_TAGS, attributes={}, link_rel=None).strip()


def narrative_save(
    *, partnership: Partnership, year: int, section: str, text: str, by: User | None
) -> ReportNarrative:
    """Write one narrative section (verksamhetsberättelse) of a partnership's year, sanitised."""
    with transaction.atomic():
        narrative = (
            ReportNarrative.objects.select_for_update()
            .filter(partnership=partnership, year=year, section=section)
            .first()
        ) or ReportNarrative(partnership=partnership, year=year, section=section)
        narrative.text = sanitise(text)
        narrative.updated_by = by
        narrative.full_clean()
        narrative.save()
        return narrative


def narratives_for(*, partnership_id: int, year: int) -> dict[str, str]:
    return dict(
        ReportNarrative.objects.filter(partnership_id=partnership_id, year=year).values_list(
            "section", "text"
        )
    )


def deviation_measure_save(
    *, partnership: Partnership, year: int, quarter: int, deviation_code: str, text: str, by: User | None
) -> DeviationMeasure | None:
    """Record the measures taken for a deviation; an empty text removes them."""
    with transaction.atomic():
        existing = (
            DeviationMeasure.objects.select_for_update()
            .filter(partnership=partnership, year=year, quarter=quarter, deviation_code=deviation_code)
            .first()
        )
        if not text.strip():
            if existing:
                existing.delete()
            return None
        measure = existing or DeviationMeasure(
            partnership=partnership, year=year, quarter=quarter, deviation_code=deviation_code
        )
        measure.text = text.strip()
        measure.updated_by = by
        measure.full_clean()
        measure.save()
        return measure
