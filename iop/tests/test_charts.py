"""The chart module: valid, deterministic, accessible SVG with its data table."""

import base64
import datetime as dt

import pytest
from lxml import etree

from iop import charts
from iop.disclosure import protect_count

NS = {"svg": "http://www.w3.org/2000/svg"}
DAYS = [dt.date(2025, 1, 1) + dt.timedelta(days=d) for d in range(0, 365, 7)]


def _all_charts():
    return {
        "bar_with_target": charts.bar_with_target(
            title="Indikatorer mot mål",
            labels=["Ind. 1", "Ind. 2"],
            values=[60, protect_count(2)],
            targets=[72, 72],
        ),
        "line_vs_limit": charts.line_vs_limit(
            title="Beläggning per dag",
            days=DAYS,
            values=[min(24, d % 30) for d in range(len(DAYS))],
            limit=24,
        ),
        "cumulative_vs_target": charts.cumulative_vs_target(
            title="Påbörjade mot målet",
            days=DAYS,
            cumulative=list(range(len(DAYS))),
            target=72,
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 12, 31),
        ),
        "stacked_bars": charts.stacked_bars(
            title="Avslutsorsaker",
            categories=["Kvinnor", "Män"],
            series={"Arbete": [5, 7], "Studier": [3, 4]},
        ),
        "diverging_bars": charts.diverging_bars(
            title="Progression per fråga",
            items=["Tror på jobb", "Samarbetar"],
            improved=[10, 8],
            unchanged=[5, 6],
            worsened=[3, 4],
        ),
        "grouped_bars": charts.grouped_bars(
            title="Budget, fakturerat och betalt",
            categories=["Kv 1", "Kv 2"],
            series={"Budget": [481659, 481659], "Fakturerat": [481659, 0], "Betalt": [0, 0]},
            money=True,
        ),
    }


@pytest.fixture(scope="module")
def made():
    return _all_charts()


@pytest.mark.parametrize(
    "name",
    [
        "bar_with_target",
        "line_vs_limit",
        "cumulative_vs_target",
        "stacked_bars",
        "diverging_bars",
        "grouped_bars",
    ],
)
def test_each_chart_is_valid_svg_with_its_title_desc_and_labels_as_text(made, name):
    chart = made[name]
    root = etree.fromstring(chart.svg.encode())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert root.find("svg:title", NS).text == chart.title
    assert root.find("svg:desc", NS).text
    texts = " ".join(t for t in root.xpath("//svg:text//text()", namespaces=NS))
    assert chart.title in texts  # text stays text (svg.fonttype none)
    for row in chart.table["rows"][:2]:
        if name not in ("line_vs_limit", "cumulative_vs_target"):
            assert row[0] in texts
    assert not root.xpath("//svg:script", namespaces=NS)
    assert not root.xpath("//svg:metadata", namespaces=NS)


def test_the_data_table_carries_the_published_labels(made):
    table = made["bar_with_target"].table
    assert table["columns"] == ["", "Utfall", "Mål"]
    assert table["rows"] == [["Ind. 1", "60", "72"], ["Ind. 2", "<3", "72"]]
    assert "<3" in made["bar_with_target"].desc


def test_money_tables_are_formatted_in_kronor(made):
    assert made["grouped_bars"].table["rows"][0][1] == "481\xa0659\xa0kr"


def test_charts_are_byte_for_byte_deterministic():
    first = _all_charts()
    second = _all_charts()
    assert all(first[k].svg == second[k].svg for k in first)


def test_the_data_uri_decodes_to_the_svg(made):
    chart = made["stacked_bars"]
    prefix = "data:image/svg+xml;base64,"
    assert chart.data_uri.startswith(prefix)
    assert base64.b64decode(chart.data_uri[len(prefix) :]).decode() == chart.svg


# --- the renderer itself ---------------------------------------------------------------------------


def _texts(chart) -> list[str]:
    root = etree.fromstring(chart.svg.encode())
    return ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]


def _rects(chart, colour):
    root = etree.fromstring(chart.svg.encode())
    return [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("fill") == colour]


@pytest.mark.parametrize(
    ("lo", "hi", "integer", "expected"),
    [
        (0, 76, True, [0, 20, 40, 60, 80]),
        (0, 24 * 1.05, True, [0, 5, 10, 15, 20, 25, 30]),
        (0, 3, True, [0, 1, 2, 3]),
        (0, 0, True, [0, 1]),
        (-13, 36, True, [-20, -10, 0, 10, 20, 30, 40]),
        (0, 1_751_245, False, [0, 500_000, 1_000_000, 1_500_000, 2_000_000]),
        (0, 0.9, False, [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
    ],
)
def test_nice_ticks_are_round_steps_from_zero(lo, hi, integer, expected):
    ticks, _decimals = charts.nice_ticks(lo, hi, integer=integer)
    assert ticks == expected


def test_tick_labels_are_swedish_numbers_and_money_in_tkr(made):
    assert {"0", "20", "40", "60", "80"} <= set(_texts(made["bar_with_target"]))
    money = _texts(made["grouped_bars"])
    assert "500\xa0tkr" in money and "0\xa0tkr" in money
    big = charts.bar_with_target(title="T", labels=["a"], values=[12_000], targets=[15_000])
    assert "15\xa0000" in _texts(big)


def test_a_suppressed_value_draws_no_bar_and_shows_its_label():
    chart = charts.bar_with_target(
        title="T", labels=["a", "b"], values=[10, protect_count(2)], targets=[5, 5]
    )
    assert len(_rects(chart, charts.PALETTE[0])) == 1 + 1  # the legend swatch and the one shown bar
    assert "<3" in _texts(chart)
    assert chart.table["rows"][1] == ["b", "<3", "5"]
    stacked = charts.stacked_bars(title="T", categories=["x"], series={"A": [protect_count(1)], "B": [4]})
    assert len(_rects(stacked, charts.PALETTE[0])) == 1  # only the legend swatch of the hidden series
    assert stacked.table["rows"] == [["x", "<3", "4"]]


def test_hidden_days_leave_a_gap_in_the_line():
    days = [dt.date(2025, 1, 1) + dt.timedelta(days=d) for d in range(6)]
    chart = charts.line_vs_limit(
        title="T", days=days, values=[1, 2, float("nan"), float("nan"), 3, 4], limit=5
    )
    root = etree.fromstring(chart.svg.encode())
    (path,) = root.iter("{http://www.w3.org/2000/svg}path")
    assert path.get("d").count("M") == 2
    assert chart.table["rows"][2] == ["2025-01-03", "–", "5"]


def test_a_line_without_a_limit_draws_no_limit_line_and_no_limit_column():
    days = [dt.date(2025, 1, 1) + dt.timedelta(days=d) for d in range(3)]
    chart = charts.line_vs_limit(title="T", days=days, values=[1, 3, 2], limit=None)
    root = etree.fromstring(chart.svg.encode())
    assert "Platstak" not in " ".join(_texts(chart))
    assert not root.xpath("//svg:line[@stroke-dasharray='5 3']", namespaces=NS)
    assert chart.table["columns"] == ["Datum", "Platser i bruk"]
    assert chart.table["rows"][1] == ["2025-01-02", "3"]
    assert "Högst 3" in chart.desc


def test_labels_with_markup_characters_are_escaped_and_survive_as_text():
    nasty = 'A < B & "C" </text><script>x</script>'
    chart = charts.stacked_bars(
        title=f"Titel {nasty}", categories=[nasty], series={f"S {nasty}": [3]}, desc=f"Beskrivning {nasty}"
    )
    root = etree.fromstring(chart.svg.encode())  # well-formed
    assert not root.xpath("//svg:script", namespaces=NS)
    assert root.find("svg:title", NS).text == f"Titel {nasty}"
    assert root.find("svg:desc", NS).text == f"Beskrivning {nasty}"
    texts = _texts(chart)
    assert any(t.startswith("A < B &") for t in texts)  # possibly shortened with "…", never broken
    assert chart.table["rows"][0][0] == nasty  # the table keeps the full label
    control = charts.grouped_bars(title="T\x0b", categories=["a\x00b"], series={"S": [1]})
    etree.fromstring(control.svg.encode())  # characters XML cannot carry are dropped


def test_long_category_labels_are_wrapped_or_rotated_inside_the_drawing():
    long = [f"Mycket lång budgetkategori nummer {n} med extra text" for n in range(7)]
    chart = charts.grouped_bars(title="T", categories=long, series={"Budget": [1000] * 7}, money=True)
    root = etree.fromstring(chart.svg.encode())
    labels = [
        t for t in root.iter("{http://www.w3.org/2000/svg}text") if "rotate" in (t.get("transform") or "")
    ]
    assert len(labels) == 7
    assert all(t.text.endswith("…") for t in labels)
    for t in labels:  # the rotated label's far end stays inside the drawing
        x = float(t.get("x"))
        assert x - charts.text_width(t.text) * 0.82 >= 0
    short = charts.grouped_bars(title="T", categories=["Kv 1", "Kv 2"], series={"Budget": [1, 2]})
    assert not any(
        "rotate" in (t.get("transform") or "") for t in etree.fromstring(short.svg.encode()).iter()
    )


@pytest.mark.parametrize(
    "make",
    [
        lambda: charts.bar_with_target(title="T", labels=[], values=[], targets=[]),
        lambda: charts.bar_with_target(title="T", labels=[], values=[], targets=10),
        lambda: charts.line_vs_limit(title="T", days=[], values=[], limit=24),
        lambda: charts.cumulative_vs_target(
            title="T",
            days=[],
            cumulative=[],
            target=72,
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 12, 31),
        ),
        lambda: charts.stacked_bars(title="T", categories=[], series={}),
        lambda: charts.stacked_bars(title="T", categories=[], series={}, horizontal=False),
        lambda: charts.diverging_bars(title="T", items=[], improved=[], unchanged=[], worsened=[]),
        lambda: charts.grouped_bars(title="T", categories=[], series={}, money=True),
    ],
)
def test_empty_data_gives_a_valid_chart_that_says_so(make):
    chart = make()
    etree.fromstring(chart.svg.encode())
    assert "Inga uppgifter att visa" in _texts(chart)
    assert chart.table["rows"] == []


def test_many_rows_make_a_taller_drawing_instead_of_overlapping_labels():
    few = charts.stacked_bars(title="T", categories=["a", "b"], series={"S": [1, 2]})
    many = charts.stacked_bars(title="T", categories=[f"rad {n}" for n in range(20)], series={"S": [1] * 20})
    height = lambda c: float(etree.fromstring(c.svg.encode()).get("viewBox").split()[3])  # noqa: E731
    assert height(few) == charts.HEIGHT
    assert height(many) > charts.HEIGHT
    ys = sorted(
        float(t.get("y"))
        for t in etree.fromstring(many.svg.encode()).iter("{*}text")
        if t.text.startswith("rad")
    )
    assert min(b - a for a, b in zip(ys, ys[1:], strict=False)) >= charts.LINE


def test_identical_input_gives_identical_bytes_and_different_input_differs():
    a = charts.stacked_bars(title="T", categories=["x", "y"], series={"A": [1, 2]}).svg
    b = charts.stacked_bars(title="T", categories=["x", "y"], series={"A": [1, 2]}).svg
    c = charts.stacked_bars(title="T", categories=["x", "y"], series={"A": [1, 3]}).svg
    assert a == b and a != c


def test_bars_without_a_target_get_no_target_mark_and_no_target_legend():
    without = charts.bar_with_target(title="T", labels=["1", "2"], values=[0, 0], targets=[None, None]).svg
    with_one = charts.bar_with_target(title="T", labels=["1", "2"], values=[0, 0], targets=[None, 5]).svg
    assert charts.TARGET_COLOUR not in without
    assert with_one.count(f'stroke="{charts.TARGET_COLOUR}"') == 2  # the legend's mark and bar 2's mark


def test_span_chart_draws_each_span_with_its_fill_and_escapes_labels():
    from iop.charts.spans import Span, SpanRow, span_chart

    row = SpanRow(
        item=None,
        label="<Anna> Andersson med ett mycket långt namn",
        title="Anna",
        spans=[
            Span(dt.date(2025, 2, 1), dt.date(2025, 3, 31), "occupied"),
            Span(dt.date(2025, 4, 1), dt.date(2025, 4, 30), "extension"),
            Span(dt.date(2025, 2, 10), dt.date(2025, 2, 20), "pause"),
        ],
        planned_end=dt.date(2025, 4, 30),
        extended_from=[dt.date(2025, 3, 31)],
    )
    chart = span_chart(
        [row],
        dt.date(2025, 2, 1),
        dt.date(2025, 7, 31),
        today=dt.date(2025, 4, 15),
        title="En placering",
        empty="Inga",
        fills={"occupied": "#0f4c81", "extension": "#d9822b"},
    )
    bar = chart.bars[0]
    assert [s.kind for s in bar.segments] == ["occupied", "extension", "pause"]
    assert len(bar.extension_marks) == 1 and bar.planned_end_x is not None
    assert chart.today_x is not None
    root = etree.fromstring(chart.svg.encode())
    fills = [r.get("fill") for r in root.iter("{http://www.w3.org/2000/svg}rect")]
    assert "#0f4c81" in fills and "#d9822b" in fills and "url(#pause-hatch)" in fills
    assert "&lt;Anna&gt;" in chart.svg and "<Anna>" not in chart.svg


def test_span_chart_without_rows_says_so():
    from iop.charts.spans import span_chart

    chart = span_chart(
        [],
        dt.date(2025, 2, 1),
        dt.date(2025, 2, 28),
        today=dt.date(2025, 6, 1),
        title="T",
        empty="Inga",
        fills={},
    )
    assert chart.bars == [] and chart.today_x is None and ">Inga</text>" in chart.svg
