"""Typed requests for views.

Behind the login (every view but the public ones), `request.user` is a `User`, never an
`AnonymousUser`: the access-policy middleware has let only signed-in users through. Views annotate
their request as `AuthenticatedHttpRequest` so that the type checker knows it too.
"""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from iop.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request whose user is signed in (the type of `request` in views behind the login)."""

    user: User
    # Set on every request by django-htmx's middleware.
    htmx: HtmxDetails
