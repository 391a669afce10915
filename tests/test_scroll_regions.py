"""Every table that can scroll sideways is a keyboard-reachable, named region (one template tag)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError

TEMPLATES = Path(settings.BASE_DIR) / "templates"
BLOCK = re.compile(r"\{% scrollregion(.*?)%\}(.*?)\{% endscrollregion %\}", re.S)


def _render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_the_region_is_named_after_the_tables_caption():
    html = _render(
        "{% scrollregion %}<table><caption>{{ n }} loggposter <span>(urval)</span></caption></table>"
        "{% endscrollregion %}",
        n=12,
    )
    assert html.startswith(
        '<div class="table-responsive" tabindex="0" role="region" aria-label="12 loggposter (urval)">'
    )
    assert html.endswith("</table></div>")


def test_a_table_named_by_a_heading_lends_the_reference_to_the_region():
    html = _render('{% scrollregion %}<table aria-labelledby="weeks-heading"></table>{% endscrollregion %}')
    assert 'role="region" aria-labelledby="weeks-heading"' in html


def test_an_explicit_label_wins_and_is_escaped():
    html = _render(
        '{% scrollregion _("Samtycken") %}<table><caption>x</caption></table>{% endscrollregion %}'
    )
    assert 'aria-label="Samtycken"' in html
    html = _render("{% scrollregion title %}<table></table>{% endscrollregion %}", title='"<b>')
    assert 'aria-label="&quot;&lt;b&gt;"' in html


def test_a_table_without_any_name_is_an_error_in_development(settings):
    settings.DEBUG = True
    with pytest.raises(TemplateSyntaxError):
        _render("{% scrollregion %}<table></table>{% endscrollregion %}")
    settings.DEBUG = False
    html = _render("{% scrollregion %}<table></table>{% endscrollregion %}")
    assert 'tabindex="0" role="region">' in html


def test_no_template_has_a_bare_table_responsive_wrapper():
    bare = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if 'class="table-responsive' in path.read_text()
    ]
    assert not bare, f"use {{% scrollregion %}} instead of a bare div.table-responsive: {bare}"


def test_every_scroll_region_in_the_templates_has_a_name():
    regions, unnamed = 0, []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for match in BLOCK.finditer(text):
            regions += 1
            label, body = match.group(1).strip(), match.group(2)
            if not (label or "<caption" in body or re.search(r"<table[^>]*aria-labelledby", body)):
                unnamed.append(f"{path.relative_to(TEMPLATES)}:{text[: match.start()].count(chr(10)) + 1}")
    assert regions >= 30
    assert not unnamed, unnamed
