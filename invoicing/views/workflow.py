"""The invoice workflow behind confirm pages: submit, approve (attest), return, mark paid and credit."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from invoicing.access import invoice_or_404, is_creditable
from invoicing.forms import CommentForm, CreditForm, PaidForm
from invoicing.models import Invoice
from invoicing.selectors import attest_facts
from invoicing.services import checks, credit, workflow
from invoicing.views._common import messages_of
from iop.http import AuthenticatedHttpRequest
from iop.permissions import allow
from iop.roles import Role


def _confirm(
    request: AuthenticatedHttpRequest,
    invoice: Invoice,
    *,
    title: str,
    text: str,
    button: str,
    form=None,
    problems: list[str] | None = None,
    status: int = 200,
    facts=None,
) -> HttpResponse:
    return render(
        request,
        "invoicing/invoice_confirm.html",
        {
            "invoice": invoice,
            "title": title,
            "text": text,
            "button": button,
            "form": form,
            "problems": problems or [],
            "facts": facts,
        },
        status=status,
    )


def _transition(
    request: AuthenticatedHttpRequest,
    invoice: Invoice,
    *,
    run: Callable[[dict], Invoice],
    success: str,
    problems: Callable[[], list[str]],
    form: Form | None = None,
    facts=None,
    **page: str,
) -> HttpResponse:
    """A workflow step behind a confirm page (`page`: its title, text and button).

    GET, or a POST with an invalid form, shows the confirm page with what stands in the way (400 for
    the POST). A valid POST runs the service with the form's data: its ValidationError is shown on
    the confirm page (400), otherwise the invoice it returns is shown with the success message.
    """
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            result = run(form.cleaned_data if form is not None else {})
        except ValidationError as error:
            return _confirm(
                request, invoice, form=form, problems=messages_of(error), status=400, facts=facts, **page
            )
        messages.success(request, success)
        return redirect("invoicing:detail", pk=result.pk)
    status = 400 if request.method == "POST" else 200
    return _confirm(request, invoice, form=form, problems=problems(), status=status, facts=facts, **page)


@allow(Role.EKONOMI)
@require_http_methods(["GET", "POST"])
def invoice_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invoice = invoice_or_404(request, pk)
    return _transition(
        request,
        invoice,
        run=lambda data: workflow.invoice_submit(invoice=invoice, by=request.user),
        success=_("Fakturan är inskickad för attest."),
        problems=lambda: (
            [_("Fakturan är redan inskickad.")]
            if not invoice.is_editable
            else checks.submission_problems(invoice)
        ),
        title=_("Skicka in faktura"),
        text=_("Fakturan får nummer och datum och kan inte ändras efter att den skickats in för attest."),
        button=_("Skicka in"),
    )


@allow(Role.ATTESTANT)
@require_http_methods(["GET", "POST"])
def invoice_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invoice = invoice_or_404(request, pk)

    def problems() -> list[str]:
        if invoice.status != Invoice.Status.SUBMITTED:
            return [_("Bara inskickade fakturor kan attesteras.")]
        if invoice.submitted_by_id == request.user.pk:
            return [_("Du har själv skickat in fakturan och får inte attestera den.")]
        return []

    return _transition(
        request,
        invoice,
        form=CommentForm(request.POST or None),
        run=lambda data: workflow.invoice_approve(invoice=invoice, by=request.user, comment=data["comment"]),
        success=_("Fakturan är attesterad."),
        problems=problems,
        facts=attest_facts(invoice) if invoice.status == Invoice.Status.SUBMITTED else None,
        title=_("Attestera faktura"),
        text=_("Kontrollera fakturaunderlaget mot budgeten innan du attesterar."),
        button=_("Attestera"),
    )


@allow(Role.ATTESTANT)
@require_http_methods(["GET", "POST"])
def invoice_return(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invoice = invoice_or_404(request, pk)
    return _transition(
        request,
        invoice,
        form=CommentForm(request.POST or None, required=True),
        run=lambda data: workflow.invoice_return(invoice=invoice, by=request.user, comment=data["comment"]),
        success=_("Fakturan är returnerad."),
        problems=lambda: (
            []
            if invoice.status == Invoice.Status.SUBMITTED
            else [_("Bara inskickade fakturor kan returneras.")]
        ),
        title=_("Returnera faktura"),
        text=_(
            "Fakturan går tillbaka till den idéburna organisationen för rättelse. Skriv vad som behöver ändras."
        ),
        button=_("Returnera"),
    )


@allow(Role.ATTESTANT, Role.EKONOMI)
@require_http_methods(["GET", "POST"])
def invoice_mark_paid(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invoice = invoice_or_404(request, pk)
    return _transition(
        request,
        invoice,
        form=PaidForm(request.POST or None),
        run=lambda data: workflow.invoice_mark_paid(
            invoice=invoice, by=request.user, paid_on=data["paid_on"]
        ),
        success=_("Fakturan är markerad som betald."),
        problems=lambda: (
            []
            if invoice.status == Invoice.Status.APPROVED
            else [_("Bara attesterade fakturor kan markeras som betalda.")]
        ),
        title=_("Markera som betald"),
        text=_("Ange dagen då betalningen gjordes."),
        button=_("Spara"),
    )


@allow(Role.EKONOMI)
@require_http_methods(["GET", "POST"])
def invoice_credit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invoice = invoice_or_404(request, pk)
    creditable = is_creditable(invoice)
    return _transition(
        request,
        invoice,
        form=CreditForm(request.POST or None),
        # The credit note is shown next, not the credited invoice.
        run=lambda data: credit.credit_note_create(original=invoice, by=request.user, reason=data["reason"]),
        success=_("Kreditnotan är skapad som utkast."),
        problems=lambda: (
            [] if creditable else [_("Bara attesterade fakturor som inte redan krediterats kan krediteras.")]
        ),
        title=_("Kreditera faktura"),
        text=_(
            "En kreditnota skapas som utkast med fakturans alla rader med omvänt tecken. Skicka sedan in den för attest."
        ),
        button=_("Skapa kreditnota"),
    )
