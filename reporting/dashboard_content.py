"""What the dashboards show and under which cache key: the presentations of one partnership and of all,
their default period, and the cached getters the views and the warm-up (`reporting.dashboard_warmup`)
share, so that both read and fill exactly the same keys."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from iop.models import Partnership
from iop.periods import enclosing, fixed_window
from reporting.dashboard_cache import Computed, cached_dashboard
from reporting.indicators import (
    IndicatorResult,
    compute_indicators,
    compute_indicators_many,
    period_partnerships,
)
from reporting.presentation import Presentation, Table, present

OVERVIEW_SCOPE = "overview"


def default_year(partnership: Partnership | None) -> int:
    """The year a dashboard shows without a chosen period: this year, or the partnership's agreement
    year nearest to it when the agreement does not run this year."""
    today = timezone.localdate()
    if partnership is None:
        return today.year
    years = partnership.agreement_years()
    if not years or today.year in years:
        return today.year
    return years[-1] if today.year > years[-1] else years[0]


def partnership_scope(partnership_id: int, *, protected: bool) -> str:
    return f"partnership:{partnership_id}:{'protected' if protected else 'raw'}"


def partnership_presentation(
    partnership: Partnership,
    start: dt.date,
    end: dt.date,
    *,
    protected: bool,
    result: IndicatorResult | None = None,
) -> Presentation:
    """The dashboard of one partnership (`result`: its indicators for the period when already computed).
    Protected, only for a fixed period (`iop.periods`), and every figure is compared with the periods
    enclosing it (differencing control)."""
    if result is None:
        result = compute_indicators(partnership=partnership, start=start, end=end)
    if not protected:
        return present(result, protected=False)
    window = fixed_window(start, end)
    if window is None:
        raise ValueError("Protected figures are published for the fixed reporting periods only.")
    others = [
        compute_indicators(partnership=partnership, start=w.start, end=w.end) for w in enclosing(window)
    ]
    return present(result, protected=True, enclosing=others)


def overview_presentation(
    start: dt.date, end: dt.date, *, results: dict[int | None, IndicatorResult] | None = None
) -> tuple[Presentation, Table]:
    """All partnerships together plus one row per partnership (coordinators: raw figures); `results`:
    `compute_indicators_many(period_partnerships(start, end), …, with_total=True)` when already computed."""
    partnerships = period_partnerships(start, end)
    if results is None:
        results = compute_indicators_many(partnerships, start=start, end=end, with_total=True)
    pres = present(results[None], protected=False)
    rows = []
    for p in partnerships:
        r = results[p.pk]
        rows.append(
            [
                p.case_number,
                p.title,
                r.active.total,
                r.started.total,
                sum((y.target_pro_rata or 0 for y in r.yearly), 0) or None,
                r.occupancy.average,
                r.occupancy.limit,
                *[i.value for i in r.indicators],
                r.steering.held,
                r.economy.budget_total,
            ]
        )
    table = Table(
        "per_partnership",
        _("Per partnerskap"),
        [
            _("Diarienummer"),
            _("Partnerskap"),
            _("Deltagare"),
            _("Påbörjade"),
            _("Mål påbörjade"),
            _("Platser i bruk, snitt"),
            _("Platstak"),
            *[_("Indikator %(n)s") % {"n": n} for n in range(1, 6)],
            _("Styrgruppsmöten"),
            _("Budget"),
        ],
        rows,
        money_columns=(13,),
    )
    pres.tables = {"per_partnership": table, **pres.tables}
    return pres, table


def partnership_cached(
    partnership: Partnership,
    start: dt.date,
    end: dt.date,
    *,
    protected: bool,
    result: Callable[[], IndicatorResult] | None = None,
    renew_after: dt.timedelta | None = None,
) -> Computed[Presentation]:
    """The partnership's dashboard, shared by every reader with the same protection (cached). `result`
    gives its indicators when they are computed together with others' (the warm-up), called only when
    the dashboard is not in the cache."""
    return cached_dashboard(
        partnership_scope(partnership.pk, protected=protected),
        start,
        end,
        lambda: partnership_presentation(
            partnership, start, end, protected=protected, result=result() if result else None
        ),
        renew_after=renew_after,
    )


def overview_cached(
    start: dt.date,
    end: dt.date,
    *,
    results: Callable[[], dict[int | None, IndicatorResult]] | None = None,
    renew_after: dt.timedelta | None = None,
) -> Computed[tuple[Presentation, Table]]:
    """The overview of all partnerships, the same for every coordinator (cached); `results` as for
    `overview_presentation`, called only when the overview is not in the cache."""
    return cached_dashboard(
        OVERVIEW_SCOPE,
        start,
        end,
        lambda: overview_presentation(start, end, results=results() if results else None),
        renew_after=renew_after,
    )


# The cached part of a dashboard page (tables and charts), shared by the pages and the warm-up.
BODY_TEMPLATE = "reporting/includes/dashboard_cached.html"
# Its `{% cache %}` fragment name as the tag keys it: the tag takes the name literally, quotes included.
BODY_FRAGMENT = '"dashboard-body"'


def overview_body_context(
    computed: Computed[tuple[Presentation, Table]], start: dt.date, end: dt.date
) -> dict:
    """What the overview's cached part is rendered from (the page adds its form and query)."""
    pres, table = computed.value
    return {
        "pres": pres,
        "per_partnership": table,
        "start": start,
        "end": end,
        "export_overview": True,
        **computed.template_context(),
    }


def partnership_body_context(
    computed: Computed[Presentation], partnership: Partnership, start: dt.date, end: dt.date
) -> dict:
    """What a partnership dashboard's cached part is rendered from (the page adds its form and query)."""
    return {
        "pres": computed.value,
        "start": start,
        "end": end,
        "export_partnership": partnership,
        **computed.template_context(),
    }


def render_body(context: dict) -> None:
    """Render a dashboard's cached part as a default view (no query) would, replacing what an earlier
    computation left: the first viewer then finds the rendered tables too (the warm-up)."""
    cache.delete(make_template_fragment_key(BODY_FRAGMENT, [context["body_key"], ""]))
    render_to_string(BODY_TEMPLATE, {**context, "query": ""})
