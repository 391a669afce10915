"""The steps every invoicing service shares: who may act, the row locks, the totals and the
event log (fakturahändelser)."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from iop.models import Organisation, Partnership, User
from iop.permissions import roles_of
from iop.roles import Role

from ..models import Invoice, InvoiceEvent
from ..money import ZERO, vat_breakdown


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _require_seller_finance(user: User, organisation_id: int) -> None:
    if Role.EKONOMI not in roles_of(user) or user.organisation_id != organisation_id:
        raise PermissionDenied(_("Bara ekonomiansvariga hos den fakturerande organisationen får göra detta."))


def _require_city_attestant(user: User, invoice: Invoice) -> None:
    if Role.ATTESTANT not in roles_of(user) or user.organisation_id != invoice.buyer_id:
        raise PermissionDenied(_("Bara stadens attestanter får attestera eller returnera fakturan."))


def _log(
    invoice: Invoice, action: str, by: User | None, at: dt.datetime, from_status: str, comment: str = ""
) -> None:
    InvoiceEvent.objects.create(
        invoice=invoice,
        action=action,
        by=by,
        at=at,
        from_status=from_status,
        to_status=invoice.status,
        comment=comment,
    )


def _recompute_totals(invoice: Invoice) -> None:
    lines = list(invoice.lines.all().values_list("amount", "vat_rate"))
    breakdown = vat_breakdown(lines)
    invoice.total_net = sum((net for net, _vat in breakdown.values()), ZERO)
    invoice.total_vat = sum((vat for _net, vat in breakdown.values()), ZERO)
    invoice.total = invoice.total_net + invoice.total_vat


def _payment_account(organisation: Organisation, means: str) -> str:
    accounts: dict[str, str] = {
        Invoice.PaymentMeans.BANKGIRO: organisation.bankgiro,
        Invoice.PaymentMeans.PLUSGIRO: organisation.plusgiro,
        Invoice.PaymentMeans.IBAN: organisation.iban,
    }
    return accounts.get(means, "")


def _locked_invoice(invoice: Invoice) -> Invoice:
    """Re-read and lock the invoice row (and its partnership) for a workflow step."""
    Partnership.objects.select_for_update().filter(pk=invoice.partnership_id).first()
    return (
        Invoice.objects.select_for_update()
        .select_related("partnership", "seller", "buyer")
        .get(pk=invoice.pk)
    )
