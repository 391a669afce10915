"""Views of the iop app: start page, health check, error pages and the partnership registry."""

import logging
import uuid

from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from iop.http import AuthenticatedHttpRequest
from iop.permissions import authenticated, public
from iop.selectors import partnerships_visible_to
from iop.todo import role_labels, sections_for


@authenticated
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The start page: the user's open work per role (iop.todo), each item linking to where it is done."""
    today = timezone.localdate()
    sections = sections_for(request.user, today)
    if any(s.shows_participants and s.items for s in sections):
        from participants.access_log import log_access

        log_access(request_or_user=request, participant=None, action="view", detail="startsida (att göra)")
    partnerships = []
    if not sections:
        partnerships = list(
            partnerships_visible_to(request.user).filter(status="active").order_by("case_number")[:10]
        )
    return render(
        request,
        "iop/home.html",
        {
            "sections": sections,
            "partnerships": partnerships,
            "role_labels": role_labels(request.user),
            "today": today,
        },
    )


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
