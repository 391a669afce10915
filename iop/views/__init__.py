"""Views of the iop app: health check, error pages and the partnership registry."""

import logging
import uuid

from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from iop.permissions import public


@public
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers and docker-compose."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The friendly error page with an incident id. Rendered without the request: context processors
    would touch the session and the database, which may be what just failed."""
    incident = uuid.uuid4().hex[:10]
    logging.getLogger("iop.errors").error("Unhandled error, incident %s, path %s", incident, request.path)
    return HttpResponseServerError(render_to_string("500.html", {"incident": incident}))
