"""Property: no two fixed reporting periods, one inside the other, both show a figure whose difference
counts 1..threshold-1 persons . Generated data, every allowed period of a year,
through the real publishing code: `followup.selectors.protect_distribution` (the progression page) and
`reporting.presentation.DifferencingGuard` (every dashboard, export and PDF table)."""

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup.selectors import protect_distribution
from iop.disclosure import Cell
from iop.periods import enclosing, windows_of_year
from reporting.presentation import DifferencingGuard

YEAR = 2025
WINDOWS = windows_of_year(YEAR)
ITEMS = ("believes_job", "health")
REASONS = 4

person = st.tuples(
    st.integers(min_value=0, max_value=364),  # end day of the year
    st.tuples(*[st.sampled_from([-1, 0, 1]) for _ in ITEMS]),  # change per item
    st.integers(min_value=0, max_value=REASONS - 1),  # end reason
)
# Clustered end days make small differences between nested periods likely.
people = st.lists(person, max_size=40)


def _in(window, day: int) -> bool:
    d = dt.date(YEAR, 1, 1) + dt.timedelta(days=day)
    return window.start <= d <= window.end


def _distribution(window, data) -> dict:
    ended = [p for p in data if _in(window, p[0])]
    items = {}
    for n, code in enumerate(ITEMS):
        changes = [p[1][n] for p in ended]
        if changes:
            items[code] = {
                "wording": code,
                "order": n,
                "n": len(changes),
                "improved": changes.count(1),
                "unchanged": changes.count(0),
                "worsened": changes.count(-1),
                "mean_change": round(sum(changes) / len(changes), 2),
            }
    return {
        "partnership_id": 1,
        "start": window.start,
        "end": window.end,
        "placements": len(ended),
        "items": items,
    }


def _progression_figures(published) -> dict:
    out: dict[object, Any] = {"group": published["placements"]}
    for code, item in published["items"].items():
        for key in ("improved", "unchanged", "worsened", "n"):
            out[(code, key)] = item[key]
    return out


def _end_reason_figures(window, data) -> dict:
    def counts(w):
        return [sum(1 for p in data if _in(w, p[0]) and p[2] == r) for r in range(REASONS)]

    neighbours = [{"end_reasons": counts(w)} for w in enclosing(window)]
    cells, total = DifferencingGuard(True, neighbours).column(counts(window), "end_reasons")
    return {**{("reason", r): c for r, c in enumerate(cells)}, "total": total}


def _value(v):
    if isinstance(v, Cell):
        return v.value  # None when hidden
    return v


def _assert_no_small_differences(published: dict) -> None:
    for window, figures in published.items():
        for outer in enclosing(window):
            for key, v in figures.items():
                a = _value(v)
                b = _value(published[outer].get(key, 0))
                if a is None or b is None:
                    continue
                assert not 0 < abs(a - b) < 3, (window, outer, key, a, b)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people)
def test_progression_of_nested_periods_never_differs_by_a_few(data):
    raw = {w: _distribution(w, data) for w in WINDOWS}
    published = {
        w: _progression_figures(protect_distribution(raw[w], [raw[o] for o in enclosing(w)])) for w in WINDOWS
    }
    _assert_no_small_differences(published)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people)
def test_end_reasons_of_nested_periods_never_differ_by_a_few(data):
    _assert_no_small_differences({w: _end_reason_figures(w, data) for w in WINDOWS})


@settings(max_examples=150, deadline=None)
@given(people)
def test_no_shown_figure_is_a_count_of_one_or_two(data):
    raw = {w: _distribution(w, data) for w in WINDOWS}
    for w in WINDOWS:
        published = protect_distribution(raw[w], [raw[o] for o in enclosing(w)])
        for v in _progression_figures(published).values():
            assert _value(v) not in (1, 2)
