"""The page where the coordinator writes the introduction of a year's overview of all partnerships."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from iop.forms import apply_errors
from iop.http import AuthenticatedHttpRequest
from iop.permissions import allow
from iop.roles import Role
from reporting.forms import OverviewIntroductionForm
from reporting.overview import introduction_for
from reporting.overview_introduction import overview_introduction_save


@allow(Role.SAMORDNARE)
@require_http_methods(["GET", "POST"])
def overview_introduction_edit(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    """GET: the year's introduction (the default one until it is written). POST: save it."""
    if not 2000 <= year <= 2100:
        raise Http404
    form = OverviewIntroductionForm(request.POST or None, initial={"text": introduction_for(year)})
    if request.method == "POST":
        if form.is_valid():
            try:
                overview_introduction_save(year=year, text=form.cleaned_data["text"], by=request.user)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Inledningen är sparad."))
                return redirect("reporting:overview_introduction", year=year)
        return render(
            request, "reporting/overview_introduction.html", {"form": form, "year": year}, status=400
        )
    return render(request, "reporting/overview_introduction.html", {"form": form, "year": year})
