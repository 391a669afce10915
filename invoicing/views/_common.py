"""What the invoice pages share: who administers invoices on the city's side, the page size, the
scoped invoice lookup and the messages of a refused write."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404

from invoicing.models import Invoice
from invoicing.selectors import invoice_detail_queryset
from iop.http import AuthenticatedHttpRequest
from iop.roles import Role

CITY_ADMINS = {Role.ATTESTANT, Role.SAMORDNARE}
PAGE_SIZE = 25


def invoice_or_404(request: AuthenticatedHttpRequest, pk: int) -> Invoice:
    return get_object_or_404(invoice_detail_queryset(request.user), pk=pk)


def messages_of(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [str(m) for messages_ in error.message_dict.values() for m in messages_]
    return [str(m) for m in error.messages]
