"""The ESF budget of a programme (docs/esf-economy.md): one page per partnership with the budget by project
phase × cost type, per financier and the ESF and co-financing shares; form pages to add or change a line,
add or change a financier and set the flat rate (the roles that edit budgets: the IOP-samordnare).
Thin views: access, form, service, redirect."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from invoicing.esf_forms import EsfBudgetLineForm, EsfFinancierForm, EsfFlatRateForm
from invoicing.models import CostType, EsfBudgetLine, EsfBudgetSettings, EsfFinancier
from invoicing.money import ZERO
from invoicing.selectors.esf_budget import esf_budget_summary, phase_cost_matrix
from invoicing.selectors.invoices import INVOICE_ROLES
from invoicing.services import esf_budget as services
from iop.form_posts import post_form
from iop.http import AuthenticatedHttpRequest
from iop.models import Partnership
from iop.permissions import COORDINATOR, allow, is_coordinator
from iop.roles import Role
from iop.selectors import partnerships_visible_to

# Who reads a programme's ESF budget: the economy roles and the steering group (no personal data on it).
ESF_BUDGET_READERS = INVOICE_ROLES | {Role.STYRGRUPP}
# Who edits it: the roles that edit budgets today (iop's budget lines: the IOP-samordnare).
ESF_BUDGET_EDITORS = COORDINATOR


def _data(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def _partnership(request: HttpRequest, pk: int) -> Partnership:
    return get_object_or_404(partnerships_visible_to(request.user), pk=pk)


@allow(ESF_BUDGET_READERS)
@require_GET
def esf_budget(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    summary = esf_budget_summary(partnership)
    columns, rows = phase_cost_matrix(summary)
    return render(
        request,
        "invoicing/esf_budget.html",
        {
            "p": partnership,
            "summary": summary,
            "shares": summary.shares,
            "columns": columns,
            "rows": rows,
            "cost_totals": [summary.by_cost_type.get(c, ZERO) for c in CostType.values],
            "lines": summary.lines,
            "can_edit": is_coordinator(request.user),
        },
    )


def _form_page(
    request: AuthenticatedHttpRequest,
    partnership: Partnership,
    form,
    title: str,
    save: Callable[[], object],
) -> HttpResponse:
    back = redirect("invoicing:esf_budget", pk=partnership.pk)

    def page(status: int = 200) -> HttpResponse:
        return render(
            request,
            "invoicing/esf_budget_form.html",
            {"p": partnership, "form": form, "title": title},
            status=status,
        )

    if request.method != "POST":
        return page()
    return post_form(
        request, form, save, success=_("Sparat."), done=lambda _saved: back, failed=lambda: page(400)
    )


@allow(ESF_BUDGET_EDITORS)
@require_http_methods(["GET", "POST"])
def esf_budget_line(request: AuthenticatedHttpRequest, pk: int, line_pk: int | None = None) -> HttpResponse:
    partnership = _partnership(request, pk)
    instance = (
        get_object_or_404(EsfBudgetLine.objects.filter(partnership=partnership), pk=line_pk)
        if line_pk
        else EsfBudgetLine(partnership=partnership)
    )
    form = EsfBudgetLineForm(_data(request), instance=instance, partnership=partnership)
    title = _("Ändra ESF-budgetrad") if line_pk else _("Lägg till ESF-budgetrad")
    return _form_page(
        request, partnership, form, title, lambda: services.esf_budget_line_save(line=form.instance)
    )


@allow(ESF_BUDGET_EDITORS)
@require_http_methods(["GET", "POST"])
def esf_financier(
    request: AuthenticatedHttpRequest, pk: int, financier_pk: int | None = None
) -> HttpResponse:
    partnership = _partnership(request, pk)
    instance = (
        get_object_or_404(EsfFinancier.objects.filter(partnership=partnership), pk=financier_pk)
        if financier_pk
        else EsfFinancier(partnership=partnership)
    )
    form = EsfFinancierForm(_data(request), instance=instance, partnership=partnership)
    title = _("Ändra finansiär") if financier_pk else _("Lägg till finansiär")
    return _form_page(
        request, partnership, form, title, lambda: services.esf_financier_save(financier=form.instance)
    )


@allow(ESF_BUDGET_EDITORS)
@require_http_methods(["GET", "POST"])
def esf_flat_rate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    instance = EsfBudgetSettings.objects.filter(partnership=partnership).first() or EsfBudgetSettings(
        partnership=partnership
    )
    form = EsfFlatRateForm(_data(request), instance=instance, partnership=partnership)
    return _form_page(
        request,
        partnership,
        form,
        _("Schablon för indirekta kostnader"),
        lambda: services.esf_flat_rate_save(settings=form.instance),
    )
