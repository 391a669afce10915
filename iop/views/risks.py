"""The partnership's risk register (riskregister) under the hub's Uppföljning/resultat: the list for the
coordinator and the steering group, create and edit for the coordinator. No delete: a risk is closed."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from iop.form_posts import post_form
from iop.forms_risks import RiskFilterForm, RiskForm
from iop.http import AuthenticatedHttpRequest
from iop.models import Partnership, Risk
from iop.pagination import page_of
from iop.permissions import allow
from iop.risk_register import RISK_EDITORS, RISK_READERS, may_edit_risks, risks_of
from iop.selectors import partnerships_visible_to
from iop.services.risks import risk_save

PER_PAGE = 25


def _partnership(request: HttpRequest, pk: int) -> Partnership:
    return get_object_or_404(partnerships_visible_to(request.user), pk=pk)


@allow(RISK_READERS)
@require_GET
def risk_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The register, highest level first, searchable and filtered by status. Five queries whatever its size
    (session, user, the partnership, the count, the page with the owners)."""
    partnership = _partnership(request, pk)
    form = RiskFilterForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    filters = form.cleaned_data if form.is_bound and valid else {}
    risks = risks_of(partnership, status=filters.get("status", ""), search=filters.get("q", ""))
    context = {
        "p": partnership,
        "form": form,
        "page": page_of(risks, request.GET.get("page"), PER_PAGE),
        "can_edit": may_edit_risks(request.user),
    }
    return render(request, "iop/risk_list.html", context, status=200 if valid else 400)


def _form_page(request, partnership: Partnership, form: RiskForm, title: str, status: int = 200):
    return render(
        request,
        "iop/item_form.html",
        {
            "p": partnership,
            "form": form,
            "title": title,
            "back": reverse("iop:risk_list", args=[partnership.pk]),
        },
        status=status,
    )


def _submit(request, partnership: Partnership, risk: Risk, title: str) -> HttpResponse:
    form = RiskForm(request.POST, instance=risk, partnership=partnership)
    return post_form(
        request,
        form,
        lambda: risk_save(risk=form.instance),
        success=_("Sparat."),
        done=lambda _risk: redirect("iop:risk_list", partnership.pk),
        failed=lambda: _form_page(request, partnership, form, title, status=400),
    )


@allow(RISK_EDITORS)
@require_http_methods(["GET", "POST"])
def risk_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    title = _("Ny risk")
    if request.method == "POST":
        return _submit(request, partnership, Risk(partnership=partnership), title)
    return _form_page(
        request, partnership, RiskForm(instance=Risk(partnership=partnership), partnership=partnership), title
    )


@allow(RISK_EDITORS)
@require_http_methods(["GET", "POST"])
def risk_edit(request: AuthenticatedHttpRequest, pk: int, risk_pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    risk = get_object_or_404(Risk.objects.filter(partnership=partnership).select_related("owner"), pk=risk_pk)
    title = _("Ändra risk")
    if request.method == "POST":
        return _submit(request, partnership, risk, title)
    return _form_page(request, partnership, RiskForm(instance=risk, partnership=partnership), title)
