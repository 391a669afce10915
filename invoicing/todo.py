"""Start-page sections of invoicing (iop.todo): the attestant's invoices to approve (overdue and oldest
first) and the non-profit's invoices to draft or correct. A fixed number of queries each."""

import datetime as dt
from typing import Any

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from iop.permissions import roles_of
from iop.roles import Role
from iop.templatetags.iop_format import kr
from iop.todo import LIMIT, Item, Section, section

from .models import Invoice
from .selectors import ended_periods_without_invoice, invoices_visible_to, partnerships_invoiceable_by


def todo_sections(user: Any, today: dt.date) -> list[Section]:
    roles = roles_of(user)
    sections = []
    if Role.ATTESTANT in roles:
        sections.append(_to_approve(user, today))
    if Role.EKONOMI in roles:
        sections.append(_to_draft_or_correct(user, today))
    return sections


def _label(invoice: Invoice) -> str:
    return _("%(kind)s %(number)s från %(seller)s") % {
        "kind": invoice.get_kind_display(),
        "number": invoice.display_number,
        "seller": invoice.seller.name,
    }


def _to_approve(user: Any, today: dt.date) -> Section:
    """Submitted invoices to the user's organisation, the longest waiting first. An invoice gets its
    number, date and due date only at approval, so what makes one urgent is the wait: it is marked late
    once it has waited longer than its payment terms (the seller counted on payment by then)."""
    rows = list(
        invoices_visible_to(user)
        .filter(status=Invoice.Status.SUBMITTED, buyer_id=user.organisation_id)
        .select_related("seller", "partnership")
        .order_by(F("submitted_at").asc(nulls_last=True), "pk")[: LIMIT + 1]
    )
    items = []
    for inv in rows:
        submitted = timezone.localdate(inv.submitted_at) if inv.submitted_at else today
        attest_by = submitted + dt.timedelta(days=inv.payment_terms_days)
        items.append(
            Item(
                text=_label(inv),
                detail=_("%(case)s · %(amount)s · inskickad %(sub)s, attest senast %(by)s")
                % {
                    "case": inv.partnership.case_number,
                    "amount": kr(inv.total),
                    "sub": f"{submitted:%Y-%m-%d}",
                    "by": f"{attest_by:%Y-%m-%d}",
                },
                url=reverse("invoicing:detail", kwargs={"pk": inv.pk}),
                due=attest_by,
                overdue=attest_by < today,
            )
        )
    return section(
        key="to_approve",
        title=_("Fakturor att attestera"),
        items=items,
        more_url=reverse("invoicing:list") + "?status=submitted",
        more_label=_("Alla inskickade fakturor"),
        empty=_("Inga fakturor väntar på attest."),
    )


def _to_draft_or_correct(user: Any, today: dt.date) -> Section:
    """Returned invoices to correct, drafts to finish, and ended payment periods with no invoice yet."""
    editable = list(
        invoices_visible_to(user)
        .filter(status__in=Invoice.EDITABLE, seller_id=user.organisation_id)
        .select_related("seller", "partnership")
        .order_by("-status", "period_start", "pk")[: LIMIT + 1]
    )
    items = []
    for inv in editable:
        returned = inv.status == Invoice.Status.RETURNED
        period = f"{inv.period_start:%Y-%m-%d}–{inv.period_end:%Y-%m-%d}"
        items.append(
            Item(
                text=(
                    _("Rätta returnerad faktura %(n)s (%(p)s)") % {"n": inv.display_number, "p": period}
                    if returned
                    else _("Gör klart fakturautkastet för %(p)s") % {"p": period}
                ),
                detail=f"{inv.partnership.case_number} · {inv.partnership.title}",
                url=reverse("invoicing:edit", kwargs={"pk": inv.pk}),
                overdue=returned,
            )
        )
    drafted = {(i.partnership_id, i.period_start) for i in editable}
    for open_period in ended_periods_without_invoice(list(partnerships_invoiceable_by(user)), today):
        if open_period.draft is not None or (open_period.partnership.pk, open_period.period.start) in drafted:
            continue
        payment_period = open_period.period
        if not open_period.has_budget:
            items.append(
                Item(
                    text=_("Budget saknas för %(a)s–%(b)s: ingen faktura kan skapas")
                    % {"a": f"{payment_period.start:%Y-%m-%d}", "b": f"{payment_period.end:%Y-%m-%d}"},
                    detail=f"{open_period.partnership.case_number} · {open_period.partnership.title}",
                    url=reverse("invoicing:list")
                    + "?"
                    + urlencode({"partnership": open_period.partnership.pk}),
                    due=payment_period.end,
                )
            )
            continue
        items.append(
            Item(
                text=_("Skapa faktura för %(a)s–%(b)s")
                % {"a": f"{payment_period.start:%Y-%m-%d}", "b": f"{payment_period.end:%Y-%m-%d}"},
                detail=f"{open_period.partnership.case_number} · {open_period.partnership.title}",
                url=reverse("invoicing:create") + "?" + urlencode({"period": payment_period.key}),
                due=payment_period.end,
            )
        )
    return section(
        key="to_draft",
        title=_("Fakturor att skapa eller rätta"),
        items=items,
        more_url=reverse("invoicing:list"),
        more_label=_("Alla fakturor"),
        empty=_("Inga fakturor att skapa eller rätta."),
    )
