"""Links a page offers only to the readers who may open them (iop.permissions.may_open)."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from iop.permissions import may_open

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
