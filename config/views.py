"""The start page: it gathers every app's to-do sections (iop.todo), so it stands above all the apps."""

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from iop.http import AuthenticatedHttpRequest
from iop.permissions import authenticated
from iop.selectors import partnerships_visible_to
from iop.todo import role_labels, sections_for
from participants.access import log_read


@authenticated
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The start page: the user's open work per role (iop.todo), each item linking to where it is done."""
    today = timezone.localdate()
    sections = sections_for(request.user, today)
    if any(s.shows_participants and s.items for s in sections):
        # The to-do items name participants: the page is a read of them (one row for the list).
        log_read(request, None, detail="startsida (att göra)")
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


@authenticated
@require_GET
def bare(request: AuthenticatedHttpRequest) -> JsonResponse:
    """The smallest logged-in page: session, user and middleware like every page, then one query. The
    benchmark's baseline (docs/bench.md): every page's time is also given as a ratio to this one's."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
