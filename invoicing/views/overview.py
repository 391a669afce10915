"""The budget overview of the partnerships' invoicing per year."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from invoicing.selectors import INVOICE_ROLES, budget_overview, overview_partnerships
from iop.http import AuthenticatedHttpRequest
from iop.permissions import allow


@allow(INVOICE_ROLES)
@require_GET
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and 1990 <= int(year_text) <= 2100 else today.year
    partnerships = overview_partnerships(request.user, year)
    selected = request.GET.get("partnership", "")
    if selected.isdigit():
        partnerships = [p for p in partnerships if p.pk == int(selected)]
    return render(
        request,
        "invoicing/overview.html",
        {
            "year": year,
            "years": range(today.year - 3, today.year + 2),
            "overviews": budget_overview(partnerships, year, today),
            "today": today,
        },
    )
