"""Accessibility template tags (a template builtin: no `{% load %}` needed).

`{% scrollregion %}…{% endscrollregion %}` wraps a table that may scroll sideways on a narrow screen. A
scrolling region must be reachable by keyboard (WCAG 2.1.1, axe `scrollable-region-focusable`) and, being a
tab stop, needs a name (4.1.2). So every wrapper is

    <div class="table-responsive" tabindex="0" role="region" aria-label="…">

named after the table's `<caption>`; a table named by a heading (`aria-labelledby` on the table) lends that
reference to the region instead; `{% scrollregion _("Samtycken") %}` names it explicitly. One rule for every
table in the templates: tests/test_scroll_regions.py checks that no bare `table-responsive` is left.
"""

import re

from django import template
from django.conf import settings
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

register = template.Library()

_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.S | re.I)
_LABELLEDBY = re.compile(r"<table\b[^>]*\baria-labelledby=\"([^\"]+)\"", re.I)


class ScrollRegionNode(template.Node):
    def __init__(self, nodelist: template.NodeList, label: template.base.FilterExpression | None) -> None:
        self.nodelist = nodelist
        self.label = label

    def render(self, context: template.Context) -> str:
        inner = self.nodelist.render(context)
        label = str(self.label.resolve(context) or "") if self.label else ""
        if not label and (caption := _CAPTION.search(inner)):
            label = " ".join(strip_tags(caption.group(1)).split())
        name: str
        if label:
            name = format_html(' aria-label="{}"', label)
        elif labelledby := _LABELLEDBY.search(inner):
            name = format_html(' aria-labelledby="{}"', labelledby.group(1))
        elif settings.DEBUG:
            raise template.TemplateSyntaxError(
                "scrollregion: the table has no <caption>, no aria-labelledby and no label argument"
            )
        else:
            name = ""
        body = mark_safe(inner)  # noqa: S308  # nosec B308 B703 - rendered template output, escaped there
        return format_html('<div class="table-responsive" tabindex="0" role="region"{}>{}</div>', name, body)


@register.tag("scrollregion")
def scrollregion(parser: template.base.Parser, token: template.base.Token) -> ScrollRegionNode:
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError("scrollregion takes at most one argument, the region's name")
    label = parser.compile_filter(bits[1]) if len(bits) == 2 else None
    nodelist = parser.parse(("endscrollregion",))
    parser.delete_first_token()
    return ScrollRegionNode(nodelist, label)
