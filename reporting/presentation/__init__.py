"""Tables and charts made from an `IndicatorResult`: the same ones in dashboards, exports and PDFs.

`present(result, protected=…)` returns a `Presentation`: named tables (`Table`, cells are numbers,
strings or disclosure `Cell`s) and named charts (`iop.charts.Chart`). With `protected=True`
(steering group, board, non-profit staff) every count of persons passes `iop.disclosure`:
single key figures with `protect_count`, tables with `protect_table` (primary and secondary
suppression); daily series hide days with 1–2 persons; averages of fewer than 3 persons are hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reporting.indicators import IndicatorResult
from reporting.presentation.guard import DifferencingGuard
from reporting.presentation.labels import PERSON_TABLES
from reporting.presentation.result_charts import add_charts, economy_chart
from reporting.presentation.result_tables import add_tables
from reporting.presentation.tables import Presentation, Table, display, whole

__all__ = ["DifferencingGuard", "Presentation", "Table", "display", "present", "record_counts", "whole"]


def record_counts(result: IndicatorResult) -> dict[Any, Any]:
    """The raw counts of a result by key, as `present` publishes them (for differencing control)."""
    g = DifferencingGuard(False)
    add_tables(Presentation(result=result, protected=False), g)
    return g.recorded


def present(
    result: IndicatorResult,
    *,
    protected: bool,
    with_charts: bool = True,
    enclosing: Sequence[IndicatorResult] = (),
) -> Presentation:
    """The tables and charts of one result. Protected, `enclosing` are the results of the fixed periods
    that contain this one (`iop.periods.enclosing`): figures that differ from theirs by a few
    persons are hidden (differencing control)."""
    neighbours = [record_counts(r) for r in enclosing] if protected else []
    g = DifferencingGuard(protected, neighbours)
    pres = Presentation(result=result, protected=protected)
    add_tables(pres, g)
    if result.reported_only:
        for key in PERSON_TABLES:
            pres.tables.pop(key, None)
    elif with_charts:
        add_charts(pres, g)
    if result.reported_only and with_charts:
        economy_chart(pres)
    return pres
