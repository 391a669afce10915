"""The "Budget, egen insats och mål" page: a partnership's budget lines and in-kind contributions of one
agreement year and its goals, edited as tables in one form and saved all or nothing."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from iop.forms_tables import MOVE_FIELD, BudgetFormSet, GoalFormSet, InKindFormSet, apply_move
from iop.models import BudgetLine, Goal, InKindContribution, Partnership
from iop.permissions import COORDINATOR, allow
from iop.selectors import partnerships_visible_to
from iop.services.tables import RowError, partnership_tables_save

PREFIXES = {"budget": "budget", "in_kind": "egen", "goals": "mal"}


def _years(partnership: Partnership) -> list[int]:
    years = set(partnership.agreement_years())
    years.update(line.year for line in partnership.budget_lines.all())
    return sorted(years) or [timezone.localdate().year]


def _year(request: HttpRequest, years: list[int]) -> int | None:
    raw = request.POST.get("ar") if request.method == "POST" else request.GET.get("ar")
    if not raw:
        today = timezone.localdate().year
        return today if today in years else years[0]
    try:
        year = int(raw)
    except ValueError:
        return None
    return year if 2000 <= year <= 2100 else None


def _formsets(partnership: Partnership, year: int, data=None) -> dict:
    return {
        "budget": BudgetFormSet(
            data,
            prefix=PREFIXES["budget"],
            queryset=BudgetLine.objects.filter(partnership=partnership, year=year).order_by("category", "pk"),
        ),
        "in_kind": InKindFormSet(
            data,
            prefix=PREFIXES["in_kind"],
            queryset=InKindContribution.objects.filter(partnership=partnership, year=year).order_by("pk"),
        ),
        "goals": GoalFormSet(
            data, prefix=PREFIXES["goals"], queryset=Goal.objects.filter(partnership=partnership)
        ),
    }


@allow(COORDINATOR)
@require_http_methods(["GET", "POST"])
def partnership_tables(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = get_object_or_404(
        partnerships_visible_to(request.user).prefetch_related("periods", "budget_lines"), pk=pk
    )
    years = _years(partnership)
    year = _year(request, years)
    if year is None:
        messages.error(request, _("Ange ett år mellan 2000 och 2100."))
        return _page(request, partnership, years, years[0], _formsets(partnership, years[0]), status=400)
    if request.method == "GET":
        return _page(request, partnership, years, year, _formsets(partnership, year))

    if MOVE_FIELD in request.POST:
        moved = apply_move(request.POST, PREFIXES["goals"])
        return _page(request, partnership, years, year, _formsets(partnership, year, moved or request.POST))

    sets = _formsets(partnership, year, request.POST)
    if all(s.is_valid() for s in sets.values()):
        try:
            partnership_tables_save(
                partnership=partnership,
                year=year,
                budget_lines=[f.instance for f in sets["budget"].kept()],
                in_kind=[f.instance for f in sets["in_kind"].kept()],
                goals=[f.instance for f in sets["goals"].kept()],
                deleted=[*sets["budget"].deleted(), *sets["in_kind"].deleted(), *sets["goals"].deleted()],
            )
        except RowError as exc:
            form = sets[exc.table].kept()[exc.index]
            form.add_error(None, exc.error)
        else:
            messages.success(request, _("Budget, egen insats och mål är sparade."))
            return redirect(reverse("iop:partnership_detail", args=[partnership.pk]) + "#budget")
    return _page(request, partnership, years, year, sets, status=400)


def _page(request, partnership, years, year, sets, status=200) -> HttpResponse:
    return render(
        request,
        "iop/partnership_tables.html",
        {"p": partnership, "years": years, "year": year, **sets},
        status=status,
    )
