"""Links a page offers only to the readers who may open them (iop.permissions.may_open)."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from iop.permissions import may_open
from iop.row_urls import url_of as _url_of

register = template.Library()


@register.simple_tag(takes_context=True)
def allowed_url(context, name: str, *args, **params) -> str:
    """The URL of `name` with `args` (keyword arguments become the query string), or "" when the
    current user may not open it."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return ""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if not may_open(user, url):
        return ""
    return f"{url}?{urlencode(params)}" if params else url


@register.simple_tag
def url_of(name: str, *ids: int) -> str:
    """`{% url name id ... %}` for integer ids, without resolving the pattern again per row (iop.row_urls)."""
    return _url_of(name, *ids)


@register.inclusion_tag("iop/includes/partnership_tabs.html", takes_context=True)
def partnership_tabs(context, partnership, current: str, heading: bool = False) -> dict:
    """The partnership hub's header and tabs (iop.hub). `heading`: the partnership's name is the page's
    h1 (on Översikt); elsewhere the tab page has its own h1 and the name is a line above the tabs."""
    from iop.hub import SUBPAGES, result_pages_for, tabs_for

    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    pages, subpages_label = SUBPAGES.get(current, ((), ""))
    subpages = result_pages_for(user, partnership, getattr(request, "path", ""), pages) if pages else []
    return {
        "p": partnership,
        "tabs": tabs_for(user, partnership, current),
        "subpages": subpages if len(subpages) > 1 else [],
        "subpages_label": subpages_label,
        "heading": heading,
    }
