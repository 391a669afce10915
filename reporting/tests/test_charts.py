"""The chart module: valid, deterministic, accessible SVG with its data table."""

import base64
import datetime as dt

import pytest
from lxml import etree

from reporting import charts
from reporting.disclosure import protect_count

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
