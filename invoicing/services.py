"""Writes of invoicing: the invoice workflow (draft → submitted → approved or returned → paid),
credit notes, gap-free numbering and reminders for periods not invoiced.

Every service is keyword-only, checks who acts, validates, and writes inside one transaction.
"""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iop.models import BudgetLine, Organisation, Partnership, PartnershipParty, User
from iop.notifications import notify
from iop.permissions import roles_of
from iop.roles import Role

from .models import Invoice, InvoiceEvent, InvoiceLine, InvoiceNumberCounter, VatCategory
from .money import ZERO, to_ore, vat_breakdown
from .periods import PaymentPeriod, category_budgets, find_period, fixed_shares
from .selectors import (
    amendment_increase,
    budget_usage,
    city_party,
    ended_periods_without_invoice,
    partnership_queryset,
)
from .uploads import check_verification_upload

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


# --- helpers -------------------------------------------------------------------------------


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
    return {
        Invoice.PaymentMeans.BANKGIRO: organisation.bankgiro,
        Invoice.PaymentMeans.PLUSGIRO: organisation.plusgiro,
        Invoice.PaymentMeans.IBAN: organisation.iban,
    }.get(means, "")


def _default_payment_means(organisation: Organisation) -> str:
    for means in (Invoice.PaymentMeans.BANKGIRO, Invoice.PaymentMeans.PLUSGIRO, Invoice.PaymentMeans.IBAN):
        if _payment_account(organisation, means):
            return means
    return Invoice.PaymentMeans.BANKGIRO


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


def vat_problems(invoice: Invoice, lines: list[InvoiceLine]) -> list[str]:
    """Combinations of VAT categories an e-invoice may not carry (BR-O-11…14, BR-S-02, BR-E-02)."""
    problems: list[str] = []
    categories = {line.vat_category for line in lines}
    if VatCategory.NOT_SUBJECT in categories and len(categories) > 1:
        problems.append(
            _(
                "Kategori O (ej föremål för moms) kan inte blandas med andra momskategorier på samma "
                "faktura. Välj E (momsfri) för rader utan moms när andra rader har moms."
            )
        )
    if categories & {VatCategory.STANDARD, VatCategory.EXEMPT} and not invoice.seller.vat_number:
        problems.append(
            _("%(org)s saknar momsregistreringsnummer, som krävs för rader med kategori S eller E.")
            % {"org": invoice.seller.name}
        )
    return problems


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


def _locked_invoice(invoice: Invoice) -> Invoice:
    """Re-read and lock the invoice row (and its partnership) for a workflow step."""
    Partnership.objects.select_for_update().filter(pk=invoice.partnership_id).first()
    return (
        Invoice.objects.select_for_update()
        .select_related("partnership", "seller", "buyer")
        .get(pk=invoice.pk)
    )


# --- drafts --------------------------------------------------------------------------------


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
            line = existing.get(data.get("pk"))
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
            line = existing.get(data.get("pk")) if data.get("pk") else None
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


# --- workflow ------------------------------------------------------------------------------


def submission_problems(invoice: Invoice) -> list[str]:
    """Why an invoice cannot be submitted yet (empty when it can). Used by the service and pages."""
    problems: list[str] = []
    lines = list(invoice.lines.select_related("budget_line"))
    if not lines:
        problems.append(_("Fakturan saknar rader."))
    if invoice.kind == Invoice.Kind.INVOICE and invoice.method == Partnership.InvoicingMethod.ACTUAL_COST:
        for line in lines:
            if not line.has_verification:
                problems.append(
                    _("Rad %(n)s (%(d)s) saknar verifikation: bifoga en fil eller ange en referens.")
                    % {"n": line.position, "d": line.description}
                )
            if line.cost_date is None:
                problems.append(_("Rad %(n)s saknar kostnadsdatum.") % {"n": line.position})
    if not _payment_account(invoice.seller, invoice.payment_means):
        problems.append(
            _("%(org)s saknar konto för betalningssättet %(means)s.")
            % {"org": invoice.seller.name, "means": invoice.get_payment_means_display()}
        )
    if not invoice.seller.street_address or not invoice.seller.city:
        problems.append(_("Säljarens adress saknas i organisationsregistret."))
    problems.extend(vat_problems(invoice, lines))
    if invoice.kind == Invoice.Kind.INVOICE:
        if invoice.total_net <= 0:
            problems.append(_("Fakturans belopp måste vara större än noll."))
        duplicate = Invoice.objects.filter(
            partnership_id=invoice.partnership_id,
            kind=Invoice.Kind.INVOICE,
            period_start=invoice.period_start,
            status__in=Invoice.COUNTED,
            is_credited=False,
        ).exclude(pk=invoice.pk)
        if duplicate.exists():
            problems.append(_("Perioden har redan en inskickad eller attesterad faktura."))
        problems.extend(_budget_problems(invoice, lines))
    else:
        original = invoice.credits
        if original is None or original.status not in (Invoice.Status.APPROVED, Invoice.Status.PAID):
            problems.append(_("Bara attesterade fakturor kan krediteras."))
        elif original.is_credited:
            problems.append(_("Fakturan är redan krediterad."))
    return problems


def _budget_problems(invoice: Invoice, lines: list[InvoiceLine]) -> list[str]:
    """A year can be invoiced above its budget, or a budget line above its amount, only as far as
    recorded and approved amendments raise that year's budget (the agreement, §9)."""
    partnership = partnership_queryset().get(pk=invoice.partnership_id)
    year = invoice.budget_year
    usage = budget_usage(partnership, year, exclude=invoice)
    allowed = amendment_increase(partnership, year)
    this_total = sum((line.amount for line in lines), ZERO)
    budget_lines = {b.pk: b for b in partnership.budget_lines.all() if b.year == year}
    line_excess = ZERO
    problems = []
    this_by_line: dict[int, Decimal] = {}
    for line in lines:
        if line.budget_line_id:
            this_by_line[line.budget_line_id] = this_by_line.get(line.budget_line_id, ZERO) + line.amount
    for pk, amount in this_by_line.items():
        budget_line = budget_lines.get(pk)
        if budget_line is None:
            continue
        used = usage.by_budget_line.get(pk, ZERO) + amount
        if used > budget_line.amount:
            line_excess += used - budget_line.amount
            if used - budget_line.amount > allowed:
                problems.append(
                    _(
                        "Budgetraden %(line)s överskrids: kvar %(left)s kr, fakturerat nu %(now)s kr. "
                        "Det kräver en registrerad och godkänd ändring av överenskommelsen."
                    )
                    % {
                        "line": budget_line.description,
                        "left": budget_line.amount - usage.by_budget_line.get(pk, ZERO),
                        "now": amount,
                    }
                )
    year_budget = sum((b.amount for b in budget_lines.values()), ZERO)
    year_excess = usage.total + this_total - year_budget
    if year_excess > allowed and not problems:
        problems.append(
            _(
                "Årets budget (%(budget)s kr) överskrids med %(excess)s kr. Det kräver en registrerad och godkänd ändring."
            )
            % {"budget": year_budget + allowed, "excess": year_excess - allowed}
        )
    elif line_excess > allowed and not problems:
        problems.append(_("Budgetraderna överskrids mer än vad registrerade ändringar tillåter."))
    return problems


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
    if invoice.submitted_by_id:
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
    if paid_on < invoice.invoice_date:
        raise ValidationError({"paid_on": _("Betalningsdatum kan inte ligga före fakturadatum.")})
    if paid_on > timezone.localdate(at):
        raise ValidationError({"paid_on": _("Betalningsdatum kan inte ligga i framtiden.")})
    invoice.status = Invoice.Status.PAID
    invoice.paid_on = paid_on
    invoice.save()
    _log(invoice, InvoiceEvent.Action.PAID, by, at, Invoice.Status.APPROVED, paid_on.isoformat())
    return invoice


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
        partnership=original.partnership,
        kind=Invoice.Kind.CREDIT_NOTE,
        method=original.method,
        credits=original,
        seller=original.seller,
        buyer=original.buyer,
        period_start=original.period_start,
        period_end=original.period_end,
        budget_year=original.budget_year,
        buyer_reference=original.buyer_reference,
        order_reference=original.order_reference,
        payment_means=original.payment_means,
        payment_terms_days=original.payment_terms_days,
        vat_exemption_reason=original.vat_exemption_reason,
        note=reason.strip(),
        created_by=by,
    )
    note.full_clean()
    note.save()
    for line in original.lines.all():
        InvoiceLine.objects.create(
            invoice=note,
            position=line.position,
            category=line.category,
            budget_line=line.budget_line,
            description=line.description,
            cost_date=line.cost_date,
            amount=-line.amount,
            vat_rate=line.vat_rate,
            vat_category=line.vat_category,
            verification_reference=line.verification_reference
            or (line.verification_label if line.verification_file else ""),
        )
    _recompute_totals(note)
    note.save()
    _log(note, InvoiceEvent.Action.CREATED, by, at, "", reason.strip())
    return note


# --- reminders -----------------------------------------------------------------------------


def remind_uninvoiced_periods(*, today: dt.date | None = None) -> int:
    """Notify the non-profit's finance users of every payment period that has ended without an
    issued invoice. Idempotent (one notification per user and period); returns how many were created.
    Meant to be called daily by the reminder task."""
    today = today or timezone.localdate()
    partnerships = list(
        partnership_queryset().filter(status__in=[Partnership.Status.ACTIVE, Partnership.Status.ENDED])
    )
    created = 0
    for open_period in ended_periods_without_invoice(partnerships, today):
        partnership, period = open_period.partnership, open_period.period
        org_ids = [
            p.organisation_id for p in partnership.parties.all() if p.role == PartnershipParty.Role.NON_PROFIT
        ]
        users = User.objects.filter(
            organisation_id__in=org_ids, groups__name=Role.EKONOMI, is_active=True
        ).distinct()
        created += notify(
            users=users,
            kind="invoicing.uninvoiced_period",
            message=_("%(case)s: perioden %(period)s är slut men har ingen inskickad faktura.")
            % {"case": partnership.case_number, "period": period.label},
            dedupe_key=f"invoicing:uninvoiced:{partnership.pk}:{period.start.isoformat()}",
            url=reverse("invoicing:list"),
            due_date=period.end,
        )
    return created
