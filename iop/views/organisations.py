"""Organisations that can be parties to partnerships (coordinators only)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from iop.forms import OrganisationForm, apply_errors
from iop.http import AuthenticatedHttpRequest
from iop.models import Organisation
from iop.pagination import page_of
from iop.permissions import COORDINATOR, allow
from iop.selectors import organisations_visible_to
from iop.services.organisations import organisation_save


@allow(COORDINATOR)
@require_GET
def organisation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    qs = organisations_visible_to(request.user).annotate(partnership_count=Count("parties"))
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(org_number__icontains=q))
    page = page_of(qs.order_by("name"), request.GET.get("page"), 50)
    return render(request, "iop/organisation_list.html", {"page": page, "q": q})


def _form(request: HttpRequest, organisation: Organisation | None) -> HttpResponse:
    form = OrganisationForm(request.POST or None, instance=organisation or Organisation())
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                organisation_save(organisation=form.instance)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Organisationen är sparad."))
                return redirect("iop:organisation_list")
        status = 400
    return render(
        request, "iop/organisation_form.html", {"form": form, "organisation": organisation}, status=status
    )


@allow(COORDINATOR)
@require_http_methods(["GET", "POST"])
def organisation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _form(request, None)


@allow(COORDINATOR)
@require_http_methods(["GET", "POST"])
def organisation_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _form(request, get_object_or_404(organisations_visible_to(request.user), pk=pk))
