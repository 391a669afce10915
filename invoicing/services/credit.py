"""Credit notes (kreditnotor): the only way to correct an approved invoice."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from iop.cache_version import bumps_data_version
from iop.models import User

from ..models import Invoice, InvoiceEvent, InvoiceLine
from .steps import (
    _locked_invoice,
    _log,
    _now,
    _recompute_totals,
    _require_seller_finance,
)

# What a credit note takes over from the invoice it reverses, and each of its lines from the line it reverses
# (with the amount negated).
CARRIED_TO_CREDIT_NOTE = (
    "partnership",
    "method",
    "seller",
    "buyer",
    "period_start",
    "period_end",
    "budget_year",
    "buyer_reference",
    "order_reference",
    "payment_means",
    "payment_terms_days",
    "vat_exemption_reason",
)
CARRIED_LINE_FIELDS = (
    "position",
    "category",
    "budget_line",
    "description",
    "cost_date",
    "vat_rate",
    "vat_category",
)


@bumps_data_version
@transaction.atomic
def credit_note_create(
    *, original: Invoice, by: User, reason: str, now: dt.datetime | None = None
) -> Invoice:
    """Create a draft credit note (kreditnota) that reverses every line of an approved invoice.

    When the credit note is approved the original counts as credited, its amounts are reversed in
    the budget follow-up, and the period may be invoiced again.
    """
    at = _now(now)
    original = _locked_invoice(original)
    _require_seller_finance(by, original.seller_id)
    if original.is_credit_note:
        raise ValidationError(_("En kreditnota kan inte krediteras."))
    if original.status not in (Invoice.Status.APPROVED, Invoice.Status.PAID) or original.is_credited:
        raise ValidationError(_("Bara attesterade fakturor som inte redan krediterats kan krediteras."))
    if original.credit_notes.exists():
        raise ValidationError(_("Fakturan har redan en kreditnota."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Ange orsaken till krediteringen.")})
    note = Invoice(
        kind=Invoice.Kind.CREDIT_NOTE,
        credits=original,
        note=reason.strip(),
        created_by=by,
        **{name: getattr(original, name) for name in CARRIED_TO_CREDIT_NOTE},
    )
    note.full_clean()
    note.save()
    for line in original.lines.all():
        InvoiceLine.objects.create(
            invoice=note,
            amount=-line.amount,
            verification_reference=line.verification_reference
            or (line.verification_label if line.verification_file else ""),
            **{name: getattr(line, name) for name in CARRIED_LINE_FIELDS},
        )
    _recompute_totals(note)
    note.save()
    _log(note, InvoiceEvent.Action.CREATED, by, at, "", reason.strip())
    return note
