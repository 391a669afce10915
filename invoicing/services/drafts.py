"""Draft invoices (fakturautkast): creating one for a payment period and changing its header and
lines while it is a draft or has been returned."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from iop.cache_version import bumps_data_version
from iop.models import BudgetLine, Organisation, Partnership, PartnershipParty, User

from ..models import Invoice, InvoiceEvent, InvoiceLine, VatCategory
from ..money import to_ore
from ..periods import PaymentPeriod, category_budgets, find_period, fixed_shares
from ..selectors import (
    city_party,
    partnership_queryset,
)
from ..uploads import check_verification_upload
from .steps import (
    _locked_invoice,
    _log,
    _now,
    _payment_account,
    _recompute_totals,
    _require_seller_finance,
)

HEADER_FIELDS = ("buyer_reference", "payment_means", "payment_terms_days", "vat_exemption_reason", "note")
COST_LINE_FIELDS = (
    "budget_line",
    "description",
    "cost_date",
    "amount",
    "vat_rate",
    "vat_category",
    "verification_reference",
)


def _default_payment_means(organisation: Organisation) -> str:
    for means in (Invoice.PaymentMeans.BANKGIRO, Invoice.PaymentMeans.PLUSGIRO, Invoice.PaymentMeans.IBAN):
        if _payment_account(organisation, means):
            return means
    return Invoice.PaymentMeans.BANKGIRO


def _apply_vat(line: InvoiceLine, data: dict[str, Any]) -> None:
    """Set a line's VAT rate and category. A rate above 0 % is category S; for 0 % the category
    (O: not subject to VAT, E: exempt) is the user's explicit choice, never inferred from other lines."""
    if "vat_rate" in data and data["vat_rate"] is not None:
        line.vat_rate = Decimal(data["vat_rate"])
    category = data.get("vat_category") or ""
    if Decimal(line.vat_rate) > 0:
        line.vat_category = VatCategory.STANDARD
    elif category in (VatCategory.NOT_SUBJECT, VatCategory.EXEMPT):
        line.vat_category = category
    elif line.vat_category == VatCategory.STANDARD:
        line.vat_category = VatCategory.NOT_SUBJECT


@bumps_data_version
@transaction.atomic
def invoice_create(
    *, partnership: Partnership, period_start: dt.date, by: User, now: dt.datetime | None = None
) -> Invoice:
    """Create a draft invoice (fakturautkast) for one payment period.

    Fixed-share partnerships get one line per budget category with the period's share of the
    year's budget; actual-cost partnerships start empty and get cost lines with verifications.
    """
    at = _now(now)
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    partnership = partnership_queryset().get(pk=partnership.pk)
    seller_party = next(
        (
            party
            for party in partnership.parties.all()
            if party.organisation_id == by.organisation_id and party.role == PartnershipParty.Role.NON_PROFIT
        ),
        None,
    )
    if seller_party is None:
        raise PermissionDenied(_("Din organisation är inte idéburen part i partnerskapet."))
    _require_seller_finance(by, seller_party.organisation_id)
    buyer = city_party(partnership)
    if buyer is None:
        raise ValidationError(_("Partnerskapet saknar kommunal part att fakturera."))
    period = find_period(partnership, period_start)
    if period is None:
        raise ValidationError({"period": _("Perioden är inte en betalningsperiod i partnerskapet.")})
    if not category_budgets(partnership, period.budget_year):
        raise ValidationError(
            {"period": _("Partnerskapet saknar budget för %(year)s.") % {"year": period.budget_year}}
        )
    if Invoice.objects.filter(
        partnership=partnership, kind=Invoice.Kind.INVOICE, period_start=period.start, is_credited=False
    ).exists():
        raise ValidationError(
            {"period": _("Perioden har redan en faktura. Kreditera den först om den är fel.")}
        )
    seller = seller_party.organisation
    invoice = Invoice(
        partnership=partnership,
        kind=Invoice.Kind.INVOICE,
        method=partnership.invoicing_method,
        seller=seller,
        buyer=buyer,
        period_start=period.start,
        period_end=period.end,
        budget_year=period.budget_year,
        order_reference=partnership.case_number,
        payment_means=_default_payment_means(seller),
        created_by=by,
    )
    invoice.full_clean()
    try:
        with transaction.atomic():
            invoice.save()
    except IntegrityError as exc:
        raise ValidationError({"period": _("Perioden har redan en faktura.")}) from exc
    if invoice.method == Partnership.InvoicingMethod.FIXED_SHARE:
        _create_fixed_share_lines(invoice, partnership, period)
    _recompute_totals(invoice)
    invoice.save(update_fields=["total_net", "total_vat", "total", "updated_at"])
    _log(invoice, InvoiceEvent.Action.CREATED, by, at, "")
    return invoice


def _create_fixed_share_lines(invoice: Invoice, partnership: Partnership, period: PaymentPeriod) -> None:
    labels = dict(BudgetLine.Category.choices)
    for position, (category, amount) in enumerate(fixed_shares(partnership, period).items(), start=1):
        line = InvoiceLine(
            invoice=invoice,
            position=position,
            category=category,
            description=_("%(category)s %(year)s, period %(index)s av %(count)s (fast andel av årsbudgeten)")
            % {
                "category": labels[category],
                "year": period.budget_year,
                "index": period.index,
                "count": period.count,
            },
            amount=amount,
        )
        line.full_clean()
        line.save()


@bumps_data_version
@transaction.atomic
def invoice_update_draft(
    *,
    invoice: Invoice,
    by: User,
    header: dict[str, Any],
    lines: Iterable[dict[str, Any]] = (),
    delete_ids: Iterable[int] = (),
    now: dt.datetime | None = None,
) -> Invoice:
    """Change a draft or returned invoice: header fields and lines.

    `lines` are dicts with an optional `pk` (existing line) and the line fields. Fixed-share lines
    keep their computed amounts: only description and VAT rate change. Actual-cost lines may be
    added, changed and deleted; each belongs to a budget line of the invoice's year and dates
    within the period. A new verification file (`verification_file`) is checked for type and size.
    """
    at = _now(now)
    invoice = _locked_invoice(invoice)
    _require_seller_finance(by, invoice.seller_id)
    if not invoice.is_editable:
        raise ValidationError(_("Fakturan är inskickad och kan inte ändras."))
    for name in HEADER_FIELDS:
        if name in header:
            setattr(invoice, name, header[name])
    invoice.full_clean()
    existing = {line.pk: line for line in invoice.lines.select_related("budget_line")}
    fixed = invoice.method == Partnership.InvoicingMethod.FIXED_SHARE or invoice.is_credit_note
    errors: list[str] = []
    if fixed:
        for data in lines:
            line = existing.get(data["pk"]) if data.get("pk") else None
            if line is None:
                raise ValidationError(_("Fakturan har fasta rader; rader kan inte läggas till."))
            line.description = data.get("description", line.description)
            _apply_vat(line, data)
            line.full_clean()
            line.save()
    else:
        for pk in delete_ids:
            if pk in existing:
                existing.pop(pk).delete()
        position = max((line.position for line in existing.values()), default=0)
        for data in lines:
            line = existing.get(data["pk"]) if data.get("pk") else None
            if line is None:
                position += 1
                line = InvoiceLine(invoice=invoice, position=position)
            for name in COST_LINE_FIELDS:
                if name in data and name not in ("vat_rate", "vat_category"):
                    empty = None if name in ("cost_date", "budget_line", "amount") else ""
                    setattr(line, name, data[name] if data[name] is not None else empty)
            budget_line = data.get("budget_line") or line.budget_line
            if (
                budget_line is None
                or budget_line.partnership_id != invoice.partnership_id
                or budget_line.year != invoice.budget_year
            ):
                errors.append(
                    _("Rad %(n)s: välj en budgetrad för %(year)s.")
                    % {"n": line.position, "year": invoice.budget_year}
                )
                continue
            line.category = budget_line.category
            _apply_vat(line, data)
            if line.amount is None or Decimal(line.amount) <= 0:
                errors.append(_("Rad %(n)s: beloppet måste vara större än noll.") % {"n": line.position})
                continue
            line.amount = to_ore(Decimal(line.amount))
            if line.cost_date and not (invoice.period_start <= line.cost_date <= invoice.period_end):
                errors.append(_("Rad %(n)s: kostnadsdatum ska ligga inom perioden.") % {"n": line.position})
                continue
            upload = data.get("verification_file")
            if isinstance(upload, UploadedFile):
                line.verification_content_type = check_verification_upload(upload)
                line.verification_size = upload.size
                line.verification_file = upload
            elif upload is False:  # the form's "clear" checkbox
                line.verification_file = ""
                line.verification_content_type = ""
                line.verification_size = None
            line.full_clean()
            line.save()
    if errors:
        raise ValidationError(errors)
    _recompute_totals(invoice)
    invoice.save()
    _log(invoice, InvoiceEvent.Action.EDITED, by, at, invoice.status)
    return invoice
