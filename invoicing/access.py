"""The invoicing app's access module: who may do what with an invoice, and the scoped lookups of its
pages.

Which invoices a user sees is `invoicing.selectors.invoices_visible_to` (the seller's and the buyer's
organisations, the city-wide roles); the lookups here fetch through it and answer 404 for anything
else. What a user may do with an invoice they see depends on their role and side: the seller's
ekonomi edits, submits and credits, the buyer's attestant approves, either marks it paid. Invoices
name no participant, so these pages write no access-log rows.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from invoicing.models import Invoice, InvoiceLine
from invoicing.selectors import invoice_detail_queryset
from iop.http import AuthenticatedHttpRequest
from iop.models import User
from iop.permissions import roles_of
from iop.roles import Role


def is_seller(user: User, invoice: Invoice) -> bool:
    """The user keeps the books (ekonomi) of the organisation that sends the invoice."""
    return Role.EKONOMI in roles_of(user) and user.organisation_id == invoice.seller_id


def is_attestant(user: User, invoice: Invoice) -> bool:
    """The user approves (attesterar) invoices for the organisation that receives it."""
    return Role.ATTESTANT in roles_of(user) and user.organisation_id == invoice.buyer_id


def is_creditable(invoice: Invoice) -> bool:
    """An approved or paid invoice that no credit note has credited yet."""
    return (
        not invoice.is_credit_note
        and invoice.status in (Invoice.Status.APPROVED, Invoice.Status.PAID)
        and not invoice.is_credited
    )


@dataclass(frozen=True)
class InvoiceRights:
    """What the invoice page offers the user."""

    edit: bool
    submit: bool
    approve: bool
    pay: bool
    credit: bool


def invoice_rights(user: User, invoice: Invoice) -> InvoiceRights:
    """The actions the user may take on the invoice now (uses the prefetched credit notes)."""
    seller, attestant = is_seller(user, invoice), is_attestant(user, invoice)
    return InvoiceRights(
        edit=seller and invoice.is_editable,
        submit=seller and invoice.is_editable,
        approve=attestant and invoice.status == Invoice.Status.SUBMITTED,
        pay=(seller or attestant) and invoice.status == Invoice.Status.APPROVED,
        credit=seller and is_creditable(invoice) and not invoice.credit_notes.all(),
    )


def invoice_or_404(request: AuthenticatedHttpRequest, pk: int) -> Invoice:
    """The invoice `pk` if the user may see it (`invoices_visible_to`), else 404."""
    return get_object_or_404(invoice_detail_queryset(request.user), pk=pk)


def seller_invoice_or_404(request: AuthenticatedHttpRequest, pk: int) -> Invoice:
    """The invoice `pk` for its seller's pages: 404 when the user cannot see it, 403 when they see it
    from another organisation than the seller's."""
    invoice = invoice_or_404(request, pk)
    if invoice.seller_id != request.user.organisation_id:
        raise PermissionDenied
    return invoice


def invoice_line_or_404(request: AuthenticatedHttpRequest, pk: int, line_pk: int) -> InvoiceLine:
    """A line of an invoice the user may see, else 404."""
    return get_object_or_404(InvoiceLine, invoice=invoice_or_404(request, pk), pk=line_pk)
