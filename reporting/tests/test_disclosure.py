"""Disclosure control: no published table shows a small count or lets one be recovered from its margins."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iop.disclosure import (
    SECONDARY_LABEL,
    Cell,
    _lines,
    protect_count,
    protect_percent,
    protect_table,
)

THRESHOLD = 3


def entries(table):
    """Published entries keyed like the extended table of iop.disclosure."""
    out = {}
    for i, row in enumerate(table.cells):
        for j, c in enumerate(row):
            out[("c", i, j)] = c
    for i, c in enumerate(table.row_totals or []):
        out[("r", i)] = c
    for j, c in enumerate(table.col_totals or []):
        out[("k", j)] = c
    if table.grand_total is not None:
        out[("g",)] = table.grand_total
    return out


counts = st.integers(min_value=0, max_value=12) | st.integers(min_value=0, max_value=3)
tables = st.integers(min_value=1, max_value=5).flatmap(
    lambda cols: st.lists(st.lists(counts, min_size=cols, max_size=cols), min_size=1, max_size=6)
)


@settings(max_examples=400, deadline=None)
@given(matrix=tables, row_totals=st.booleans(), col_totals=st.booleans())
def test_no_published_table_reveals_a_small_count_or_lets_one_be_derived(matrix, row_totals, col_totals):
    table = protect_table(matrix, row_totals=row_totals, col_totals=col_totals, threshold=THRESHOLD)
    published = entries(table)
    # (a) no published entry shows 1..threshold-1
    for c in published.values():
        if not c.suppressed:
            assert not (0 < c.value < THRESHOLD)
            assert c.label not in {"1", "2"}
    # (b) in every line of the table with its margins, 0 or at least 2 entries are hidden
    n_rows, n_cols = len(matrix), len(matrix[0])
    for line in _lines(n_rows, n_cols, row_totals, col_totals):
        hidden = sum(1 for key in line if published[key].suppressed)
        assert hidden != 1, (matrix, line)
    # (c) what is shown equals the input
    for i, row in enumerate(matrix):
        for j, v in enumerate(row):
            c = table.cells[i][j]
            assert c.suppressed or c.value == v
            assert not c.suppressed or c.value is None
        if row_totals and not table.row_totals[i].suppressed:
            assert table.row_totals[i].value == sum(row)
    if col_totals:
        for j in range(n_cols):
            c = table.col_totals[j]
            assert c.suppressed or c.value == sum(row[j] for row in matrix)


@settings(max_examples=200, deadline=None)
@given(matrix=tables)
def test_a_hidden_cell_is_never_the_only_unknown_of_its_row_or_column(matrix):
    """The brief's formulation: per row/column with a shown total, 0 or ≥ 2 hidden cells."""
    table = protect_table(matrix, threshold=THRESHOLD)
    for i, row in enumerate(table.cells):
        if not table.row_totals[i].suppressed:
            assert sum(c.suppressed for c in row) != 1
    for j in range(len(matrix[0])):
        if not table.col_totals[j].suppressed:
            assert sum(table.cells[i][j].suppressed for i in range(len(matrix))) != 1


def test_a_count_of_one_or_two_is_shown_as_less_than_three():
    assert protect_count(1).label == "<3"
    assert protect_count(2).label == "<3"
    assert protect_count(2).value is None


def test_zero_and_the_threshold_itself_are_shown():
    assert protect_count(0) == Cell(value=0, label="0")
    assert protect_count(3) == Cell(value=3, label="3")


def test_the_threshold_comes_from_settings(settings):
    settings.DISCLOSURE_THRESHOLD = 5
    assert protect_count(4).label == "<5"
    assert protect_count(5).label == "5"


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError):
        protect_count(-1)
    with pytest.raises(ValueError):
        protect_table([[1, -1]])


def test_the_next_smallest_cell_in_the_row_and_column_is_hidden_too():
    #            women men
    table = protect_table([[2, 10], [7, 12]], row_labels=["A", "B"], col_labels=["K", "M"])
    labels = [[c.label for c in row] for row in table.cells]
    # 2 is hidden; 10 (row) and 7 (column) would give it away, so they are hidden; then 12 closes the square.
    assert labels == [["<3", SECONDARY_LABEL], [SECONDARY_LABEL, SECONDARY_LABEL]]
    assert [c.label for c in table.row_totals] == ["12", "19"]
    assert [c.label for c in table.col_totals] == ["9", "22"]
    assert table.grand_total.label == "31"


def test_a_small_total_is_hidden_and_its_partner_in_the_margin_too():
    table = protect_table([[1, 0], [5, 9]])
    assert table.row_totals[0].label == "<3"
    assert table.cells[0][0].label == "<3"
    # the column of row totals would reveal the first row total from the grand total
    assert table.row_totals[1].suppressed or table.grand_total.suppressed


def test_a_list_with_a_total_hides_two_entries():
    table = protect_table([[2], [14], [9]], row_totals=False, row_labels=["Annat", "Kvinna", "Man"])
    assert [row["cells"][0].label for row in table.rows] == ["<3", "14", ".."]
    assert table.col_totals[0].label == "25"


def test_a_table_without_small_counts_is_published_unchanged():
    table = protect_table([[3, 4], [5, 6]])
    assert not table.any_suppressed
    assert [[c.value for c in row] for row in table.cells] == [[3, 4], [5, 6]]
    assert table.grand_total.value == 18


def test_percentages_of_hidden_counts_are_hidden():
    table = protect_table([[2, 10], [7, 12]])
    assert table.share(0, 0).suppressed
    assert table.share(1, 1, of="col").suppressed  # 12 was hidden secondarily
    shown = protect_table([[3, 9]], col_totals=False)
    assert shown.share(0, 0).label == "25\xa0%"


def test_a_percentage_of_zero_is_a_dash_and_of_a_hidden_base_is_hidden():
    assert protect_percent(protect_count(0), protect_count(0)).label == "–"
    assert protect_percent(protect_count(5), protect_count(2)).suppressed


# --- Reported figures and their splits (issue 13) ----------------------------------------------

small_counts = st.integers(min_value=0, max_value=12) | st.integers(min_value=0, max_value=3)


def _published_numbers(value) -> list:
    if isinstance(value, dict):
        return [n for v in value.values() for n in _published_numbers(v)]
    if isinstance(value, (list, tuple)):
        return [n for v in value for n in _published_numbers(v)]
    return [value] if isinstance(value, int) and not isinstance(value, bool) else []


@settings(max_examples=300, deadline=None)
@given(
    gender=st.lists(small_counts, min_size=4, max_size=4),
    age_order=st.permutations(range(4)),
    percent=st.booleans(),
    numerator=small_counts,
    extra=small_counts,
)
def test_no_published_goal_result_shows_a_count_of_one_or_two(gender, age_order, percent, numerator, extra):
    """A goal's result as it leaves the administration (`protect_goal`): the actual, a percent's
    numerator and denominator, the split by gender and the split by age band (both adding up to the
    actual) never show 1 or 2, and a split hides exactly one entry only when the actual, its total, is
    hidden too (else the entry would be the difference)."""
    from reporting.indicators import protect_goal

    g = {
        "unit": "percent" if percent else "count",
        "actual": None if percent else sum(gender),
        "numerator": numerator if percent else None,
        "denominator": numerator + extra if percent else None,
        "fulfilment": None,
        "pending": 7,
        "by_gender": {} if percent else dict(zip(("kvinna", "man", "annat", "saknas"), gender, strict=True)),
        "by_age": {} if percent else {f"band{i}": gender[k] for i, k in enumerate(age_order)},
    }
    published = protect_goal(g)
    numbers = _published_numbers(
        {k: published[k] for k in ("actual", "numerator", "denominator", "by_gender", "by_age", "pending")}
    )
    assert not [n for n in numbers if 0 < n < THRESHOLD]
    assert published["pending"] is None  # submitted figures never leave the administration
    for split in ("by_gender", "by_age"):
        hidden = [v for v in published[split].values() if not isinstance(v, int)]
        if len(hidden) == 1:
            assert not isinstance(published["actual"], int)
