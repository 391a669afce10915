"""The invoice workflow after the draft: submit (skicka in), approve (attestera) with its gap-free
number, return (returnera) and mark paid (betald)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iop.cache_version import bumps_data_version
from iop.models import Organisation, User
from iop.notifications import notify
from iop.permissions import roles_of
from iop.roles import Role

from ..models import Invoice, InvoiceEvent, InvoiceNumberCounter
from .checks import submission_problems
from .steps import (
    _locked_invoice,
    _log,
    _now,
    _payment_account,
    _require_city_attestant,
    _require_seller_finance,
)


def _snapshot(organisation: Organisation) -> dict[str, str]:
    return {
        "name": organisation.name,
        "org_number": organisation.org_number,
        "street_address": organisation.street_address,
        "postal_code": organisation.postal_code,
        "city": organisation.city,
        "email": organisation.email,
        "phone": organisation.phone,
        "bankgiro": organisation.bankgiro,
        "plusgiro": organisation.plusgiro,
        "iban": organisation.iban,
        "vat_status": organisation.vat_status,
        "vat_number": organisation.vat_number,
        "peppol_id": organisation.peppol_id,
    }


def allocate_invoice_number(*, organisation: Organisation) -> int:
    """Take the next number of an organisation's series. Must run inside the issuing transaction:
    the counter row stays locked until it commits, and a rollback gives the number back."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_invoice_number must run inside transaction.atomic")
    InvoiceNumberCounter.objects.get_or_create(organisation=organisation)
    counter = InvoiceNumberCounter.objects.select_for_update().get(organisation=organisation)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@bumps_data_version
@transaction.atomic
def invoice_submit(*, invoice: Invoice, by: User, now: dt.datetime | None = None) -> Invoice:
    """Submit an invoice for approval (skicka in): the party snapshots are fixed and it is locked.
    It gets no number yet: the number is given when it is approved (`invoice_approve`)."""
    at = _now(now)
    invoice = _locked_invoice(invoice)
    _require_seller_finance(by, invoice.seller_id)
    if not invoice.is_editable:
        raise ValidationError(_("Fakturan är redan inskickad."))
    problems = submission_problems(invoice)
    if problems:
        raise ValidationError(problems)
    from_status = invoice.status
    invoice.seller_snapshot = _snapshot(invoice.seller)
    invoice.buyer_snapshot = _snapshot(invoice.buyer)
    invoice.payment_account = _payment_account(invoice.seller, invoice.payment_means)
    invoice.order_reference = invoice.partnership.case_number
    invoice.submitted_by = by
    invoice.submitted_at = at
    invoice.approved_by = None
    invoice.approved_at = None
    invoice.status = Invoice.Status.SUBMITTED
    invoice.full_clean()
    invoice.save()
    _log(invoice, InvoiceEvent.Action.SUBMITTED, by, at, from_status)
    approvers = User.objects.filter(
        organisation_id=invoice.buyer_id, groups__name=Role.ATTESTANT, is_active=True
    ).distinct()
    notify(
        users=approvers,
        kind="invoicing.submitted",
        message=_("%(org)s har skickat in %(doc)s för %(start)s–%(end)s (%(case)s) för attest.")
        % {
            "org": invoice.seller.name,
            "doc": invoice.get_kind_display().lower(),
            "start": invoice.period_start.isoformat(),
            "end": invoice.period_end.isoformat(),
            "case": invoice.order_reference,
        },
        dedupe_key=f"invoicing:submitted:{invoice.pk}:{at.isoformat()}",
        url=reverse("invoicing:detail", kwargs={"pk": invoice.pk}),
    )
    return invoice


@bumps_data_version
@transaction.atomic
def invoice_approve(
    *, invoice: Invoice, by: User, comment: str = "", now: dt.datetime | None = None
) -> Invoice:
    """Approve (attestera) a submitted invoice, which issues it. Never by anyone who submitted it.

    Approval assigns the e-invoice number (the next of the seller's gap-free series, with its
    prefix), the invoice date and the due date. A returned invoice has never had a number, so a
    number is never given to two versions of a document; an approved invoice is final and is
    corrected only by a credit note, which gets its own number.
    """
    at = _now(now)
    invoice = _locked_invoice(invoice)
    _require_city_attestant(by, invoice)
    if invoice.status != Invoice.Status.SUBMITTED:
        raise ValidationError(_("Bara inskickade fakturor kan attesteras."))
    submitters = set(
        invoice.events.filter(action=InvoiceEvent.Action.SUBMITTED).values_list("by_id", flat=True)
    ) | {invoice.submitted_by_id}
    if by.pk in submitters:
        raise ValidationError(_("Du har själv skickat in fakturan och får inte attestera den."))
    today = timezone.localdate(at)
    invoice.number = allocate_invoice_number(organisation=invoice.seller)
    invoice.number_prefix = invoice.seller.invoice_number_prefix
    invoice.invoice_date = today
    # A credit note asks for no payment: it has no due date.
    invoice.due_date = (
        None if invoice.is_credit_note else today + dt.timedelta(days=invoice.payment_terms_days)
    )
    invoice.status = Invoice.Status.APPROVED
    invoice.approved_by = by
    invoice.approved_at = at
    invoice.full_clean()
    invoice.save()
    _log(invoice, InvoiceEvent.Action.APPROVED, by, at, Invoice.Status.SUBMITTED, comment)
    if invoice.is_credit_note:
        assert invoice.credits_id is not None, "a credit note credits an invoice"
        original = Invoice.objects.select_for_update().get(pk=invoice.credits_id)
        original.is_credited = True
        original.save()
        _log(
            original,
            InvoiceEvent.Action.CREDITED,
            by,
            at,
            original.status,
            _("Krediterad genom kreditnota %(n)s.") % {"n": invoice.document_number},
        )
    return invoice


@bumps_data_version
@transaction.atomic
def invoice_return(*, invoice: Invoice, by: User, comment: str, now: dt.datetime | None = None) -> Invoice:
    """Return (returnera) a submitted invoice to the non-profit with a comment; it can be corrected."""
    at = _now(now)
    invoice = _locked_invoice(invoice)
    _require_city_attestant(by, invoice)
    if invoice.status != Invoice.Status.SUBMITTED:
        raise ValidationError(_("Bara inskickade fakturor kan returneras."))
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Skriv varför fakturan returneras.")})
    invoice.status = Invoice.Status.RETURNED
    invoice.save()
    _log(invoice, InvoiceEvent.Action.RETURNED, by, at, Invoice.Status.SUBMITTED, comment.strip())
    if invoice.submitted_by is not None:
        notify(
            users=[invoice.submitted_by],
            kind="invoicing.returned",
            message=_("Fakturan för %(start)s–%(end)s (%(case)s) har returnerats: %(comment)s")
            % {
                "start": invoice.period_start.isoformat(),
                "end": invoice.period_end.isoformat(),
                "case": invoice.order_reference,
                "comment": comment.strip(),
            },
            dedupe_key=f"invoicing:returned:{invoice.pk}:{at.isoformat()}",
            url=reverse("invoicing:detail", kwargs={"pk": invoice.pk}),
        )
    return invoice


@bumps_data_version
@transaction.atomic
def invoice_mark_paid(
    *, invoice: Invoice, by: User, paid_on: dt.date, now: dt.datetime | None = None
) -> Invoice:
    """Record the payment date (betald) of an approved invoice."""
    at = _now(now)
    invoice = _locked_invoice(invoice)
    roles = roles_of(by)
    city_ok = Role.ATTESTANT in roles and by.organisation_id == invoice.buyer_id
    seller_ok = Role.EKONOMI in roles and by.organisation_id == invoice.seller_id
    if not (city_ok or seller_ok):
        raise PermissionDenied
    if invoice.status != Invoice.Status.APPROVED:
        raise ValidationError(_("Bara attesterade fakturor kan markeras som betalda."))
    assert invoice.invoice_date is not None, "an approved invoice has its invoice date"
    if paid_on < invoice.invoice_date:
        raise ValidationError({"paid_on": _("Betalningsdatum kan inte ligga före fakturadatum.")})
    if paid_on > timezone.localdate(at):
        raise ValidationError({"paid_on": _("Betalningsdatum kan inte ligga i framtiden.")})
    invoice.status = Invoice.Status.PAID
    invoice.paid_on = paid_on
    invoice.save()
    _log(invoice, InvoiceEvent.Action.PAID, by, at, Invoice.Status.APPROVED, paid_on.isoformat())
    return invoice
