"""The budget overview of the partnerships' invoicing per year."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from invoicing.selectors import INVOICE_ROLES, budget_overview, overview_partnerships
from iop.http import AuthenticatedHttpRequest
from iop.pagination import page_of
from iop.permissions import allow

# Partnerships per page: each is a table of its own, and the city's attestant follows them all.
OVERVIEW_PAGE_SIZE = 10


@allow(INVOICE_ROLES)
@require_GET
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and 1990 <= int(year_text) <= 2100 else today.year
    partnerships = overview_partnerships(request.user, year)
    selected = request.GET.get("partnership", "")
    if selected.isdigit():
        partnerships = partnerships.filter(pk=int(selected))
    page = page_of(partnerships, request.GET.get("page"), OVERVIEW_PAGE_SIZE)
    return render(
        request,
        "invoicing/overview.html",
        {
            "year": year,
            "years": range(today.year - 3, today.year + 2),
            "page": page,
            "overviews": budget_overview(list(page), year, today),
            "today": today,
        },
    )
