"""Writes of the quarterly report's deviations: a deviation recorded by hand, a measure for a deviation,
a measure marked done. Keyword-only, validated with `full_clean()`, one transaction each."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from iop.models import Partnership, User
from reporting.models import DeviationMeasure, ManualDeviation


def manual_deviation_add(
    *, partnership: Partnership, year: int, quarter: int, text: str, by: User | None
) -> ManualDeviation:
    """Record a deviation (avvikelse) by hand for a partnership's quarter."""
    deviation = ManualDeviation(
        partnership=partnership, year=year, quarter=quarter, text=text.strip(), updated_by=by
    )
    with transaction.atomic():
        deviation.full_clean()
        deviation.save()
    return deviation


def measure_add(
    *,
    partnership: Partnership,
    year: int,
    quarter: int,
    deviation_code: str,
    deviation_text: str,
    text: str,
    owner: str,
    due_on: dt.date | None,
    by: User | None,
) -> DeviationMeasure:
    """Record a measure (åtgärd) for a deviation of a quarter: what is done, who owns it, by when. It stays
    open, and is shown in every following quarterly report, until marked done."""
    measure = DeviationMeasure(
        partnership=partnership,
        year=year,
        quarter=quarter,
        deviation_code=deviation_code,
        deviation_text=deviation_text,
        text=text.strip(),
        owner=owner.strip(),
        due_on=due_on,
        updated_by=by,
    )
    with transaction.atomic():
        measure.full_clean()
        measure.save()
    return measure


def measure_done(*, measure: DeviationMeasure, done_on: dt.date, by: User | None) -> DeviationMeasure:
    """Mark a measure done on a day (it then leaves the reports of quarters ending after that day)."""
    with transaction.atomic():
        locked = DeviationMeasure.objects.select_for_update().get(pk=measure.pk)
        locked.status = DeviationMeasure.Status.DONE
        locked.done_on = done_on
        locked.updated_by = by
        locked.full_clean()
        locked.save()
    return locked
