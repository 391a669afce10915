"""The app's own 404 page also in development (DEBUG on).

With DEBUG on, Django answers a missing page with its English technical 404 (the URL patterns tried);
the people testing the product (and the browser tests, which run with DEBUG on) should meet the page
that users meet: Swedish, with the menu and a way back. Only product URLs: static files and the
Django admin keep Django's own answer. With DEBUG off this middleware does nothing (`handler404`
already renders the page).
"""

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse

from iop.views import page_not_found

NOT_PRODUCT_PREFIXES = ("/admin/",)


def _is_product_url(path: str) -> bool:
    return not path.startswith((settings.STATIC_URL, *NOT_PRODUCT_PREFIXES))


class NotFoundPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # No view matched the path: Django's technical 404 was made below every middleware.
        if (
            settings.DEBUG
            and response.status_code == 404
            and getattr(request, "resolver_match", None) is None
            and _is_product_url(request.path)
        ):
            return page_not_found(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        # A view raised Http404 (an object that does not exist or that the user may not see).
        if settings.DEBUG and isinstance(exception, Http404) and _is_product_url(request.path):
            return page_not_found(request, exception)
        return None
