"""Why an invoice cannot be submitted yet: lines, verifications, accounts, VAT categories and the
budget with its approved amendments."""

from decimal import Decimal

from django.utils.translation import gettext as _

from iop.legal_force import legal_force_problem
from iop.models import Partnership

from ..models import Invoice, InvoiceLine, VatCategory
from ..money import ZERO
from ..selectors import (
    amendment_increase,
    budget_usage,
    partnership_queryset,
)
from .steps import _payment_account


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
        problem = legal_force_problem(
            invoice.partnership,
            invoice.period_start,
            refused=_("Fakturan kan inte skickas in för en period som börjar %(day)s")
            % {"day": f"{invoice.period_start:%Y-%m-%d}"},
        )
        if problem is not None:
            problems.append(problem)
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
