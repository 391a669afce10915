import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from invoicing import services
from invoicing.models import Invoice, InvoiceEvent, InvoiceLine, InvoiceLockedError
from invoicing.selectors import budget_overview, partnership_queryset
from iop.models import BudgetLine, Notification, Partnership
from iop.roles import Role

from .factories import TINY_PDF, approved_amendment, setup

pytestmark = pytest.mark.django_db
Q = [dt.date(2025, 1, 1), dt.date(2025, 4, 1), dt.date(2025, 7, 1), dt.date(2025, 10, 1)]


def issue(s, start, *, approve=True):
    invoice = services.invoice_create(partnership=s.partnership, period_start=start, by=s.ekonomi)
    invoice = services.invoice_submit(invoice=invoice, by=s.ekonomi)
    if approve:
        invoice = services.invoice_approve(invoice=invoice, by=s.attestant)
    return invoice


def cost(s, budget_line, amount, **extra):
    data = {
        "budget_line": budget_line,
        "description": "Kostnad",
        "cost_date": dt.date(2025, 2, 1),
        "amount": Decimal(amount),
        "vat_rate": Decimal("0.00"),
        "verification_reference": "Lönelista 2025-02",
    }
    data.update(extra)
    return data


# --- acceptance 1: fixed share -------------------------------------------------------------


def test_four_fixed_share_invoices_of_the_seed_budget_sum_exactly_to_the_yearly_budget():
    s = setup()
    invoices = [issue(s, start) for start in Q]
    assert [i.total for i in invoices] == [Decimal("481659.25")] * 4
    assert sum(i.total for i in invoices) == Decimal("1926637.00")
    assert all(i.total == sum(line.amount for line in i.lines.all()) for i in invoices)


def test_a_fifth_invoice_for_the_same_year_is_refused():
    s = setup()
    for start in Q:
        issue(s, start)
    for start in [*Q, dt.date(2025, 12, 1)]:
        with pytest.raises(ValidationError):
            services.invoice_create(partnership=s.partnership, period_start=start, by=s.ekonomi)
    assert Invoice.objects.count() == 4


def test_an_odd_budget_still_sums_exactly_over_the_year():
    s = setup(budget=[(BudgetLine.Category.OTHER, "Allt", None, Decimal("100000.01"))])
    invoices = [issue(s, start) for start in Q]
    assert [i.total for i in invoices] == [
        Decimal("25000.01"),
        Decimal("25000.00"),
        Decimal("25000.00"),
        Decimal("25000.00"),
    ]
    assert sum(i.total for i in invoices) == Decimal("100000.01")


def test_the_database_refuses_a_second_invoice_for_a_period():
    s = setup()
    first = issue(s, Q[0], approve=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.create(
            partnership=s.partnership,
            seller=first.seller,
            buyer=first.buyer,
            period_start=Q[0],
            period_end=dt.date(2025, 3, 31),
            budget_year=2025,
            order_reference="x",
        )


def test_only_finance_users_of_the_non_profit_party_can_create_invoices():
    s = setup()
    for user in (s.other_ekonomi, s.attestant, s.handledare):
        with pytest.raises(PermissionDenied):
            services.invoice_create(partnership=s.partnership, period_start=Q[0], by=user)


# --- acceptance 2: actual cost -------------------------------------------------------------


def actual(amount="100000.00"):
    s = setup(
        method=Partnership.InvoicingMethod.ACTUAL_COST,
        budget=[
            (BudgetLine.Category.SALARY, "Handledare", Decimal("1.00"), Decimal(amount)),
            (BudgetLine.Category.WORK_CLOTHES, "Kläder", None, Decimal("10000.00")),
        ],
    )
    s.invoice = services.invoice_create(partnership=s.partnership, period_start=Q[0], by=s.ekonomi)
    return s


def test_a_cost_line_without_verification_cannot_be_submitted():
    s = actual()
    services.invoice_update_draft(
        invoice=s.invoice,
        by=s.ekonomi,
        header={},
        lines=[cost(s, s.budget_lines[0], "1000.00", verification_reference="")],
    )
    with pytest.raises(ValidationError) as exc:
        services.invoice_submit(invoice=s.invoice, by=s.ekonomi)
    assert "verifikation" in str(exc.value)
    s.invoice.refresh_from_db()
    assert s.invoice.status == Invoice.Status.DRAFT and s.invoice.number is None


def test_a_cost_line_verified_by_an_uploaded_pdf_can_be_submitted():
    s = actual()
    upload = SimpleUploadedFile("kvitto.pdf", TINY_PDF, content_type="application/pdf")
    services.invoice_update_draft(
        invoice=s.invoice,
        by=s.ekonomi,
        header={},
        lines=[cost(s, s.budget_lines[1], "412.50", verification_reference="", verification_file=upload)],
    )
    line = s.invoice.lines.get()
    assert line.verification_content_type == "application/pdf" and line.verification_size == len(TINY_PDF)
    invoice = services.invoice_submit(invoice=s.invoice, by=s.ekonomi)
    assert invoice.status == Invoice.Status.SUBMITTED and invoice.total == Decimal("412.50")


def test_an_upload_that_is_not_a_pdf_or_image_is_refused_and_nothing_is_saved():
    s = actual()
    upload = SimpleUploadedFile("kvitto.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.invoice_update_draft(
            invoice=s.invoice,
            by=s.ekonomi,
            header={},
            lines=[cost(s, s.budget_lines[1], "10.00", verification_file=upload)],
        )
    assert not InvoiceLine.objects.exists()


def test_an_upload_larger_than_the_limit_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 20
    s = actual()
    upload = SimpleUploadedFile("kvitto.pdf", TINY_PDF, content_type="application/pdf")
    with pytest.raises(ValidationError, match="för stor"):
        services.invoice_update_draft(
            invoice=s.invoice,
            by=s.ekonomi,
            header={},
            lines=[cost(s, s.budget_lines[1], "10.00", verification_file=upload)],
        )


def test_exceeding_a_budget_line_is_refused_without_an_amendment():
    s = actual()
    services.invoice_update_draft(
        invoice=s.invoice, by=s.ekonomi, header={}, lines=[cost(s, s.budget_lines[1], "10000.01")]
    )
    with pytest.raises(ValidationError, match="överskrids"):
        services.invoice_submit(invoice=s.invoice, by=s.ekonomi)


def test_the_cap_counts_what_earlier_periods_used_of_the_budget_line():
    s = actual()
    services.invoice_update_draft(
        invoice=s.invoice, by=s.ekonomi, header={}, lines=[cost(s, s.budget_lines[1], "6000.00")]
    )
    services.invoice_submit(invoice=s.invoice, by=s.ekonomi)
    q2 = services.invoice_create(partnership=s.partnership, period_start=Q[1], by=s.ekonomi)
    services.invoice_update_draft(
        invoice=q2,
        by=s.ekonomi,
        header={},
        lines=[cost(s, s.budget_lines[1], "4000.01", cost_date=dt.date(2025, 5, 1))],
    )
    with pytest.raises(ValidationError, match="överskrids"):
        services.invoice_submit(invoice=q2, by=s.ekonomi)
    services.invoice_update_draft(
        invoice=q2, by=s.ekonomi, header={}, lines=[{"pk": q2.lines.get().pk, "amount": Decimal("4000.00")}]
    )
    assert services.invoice_submit(invoice=q2, by=s.ekonomi).status == Invoice.Status.SUBMITTED


def test_exceeding_a_budget_line_is_allowed_within_an_approved_budget_amendment():
    s = actual()
    approved_amendment(s.partnership, year=2025, increase=Decimal("500.00"))
    services.invoice_update_draft(
        invoice=s.invoice, by=s.ekonomi, header={}, lines=[cost(s, s.budget_lines[1], "10500.00")]
    )
    assert services.invoice_submit(invoice=s.invoice, by=s.ekonomi).status == Invoice.Status.SUBMITTED


def test_an_amendment_not_approved_by_every_party_does_not_raise_the_cap():
    s = actual()
    approved_amendment(s.partnership, year=2025, increase=Decimal("500.00"), approved=False)
    services.invoice_update_draft(
        invoice=s.invoice, by=s.ekonomi, header={}, lines=[cost(s, s.budget_lines[1], "10500.00")]
    )
    with pytest.raises(ValidationError):
        services.invoice_submit(invoice=s.invoice, by=s.ekonomi)


def test_an_amendment_for_another_year_does_not_raise_the_cap():
    s = actual()
    approved_amendment(s.partnership, year=2026, increase=Decimal("50000.00"))
    services.invoice_update_draft(
        invoice=s.invoice, by=s.ekonomi, header={}, lines=[cost(s, s.budget_lines[1], "10000.50")]
    )
    with pytest.raises(ValidationError):
        services.invoice_submit(invoice=s.invoice, by=s.ekonomi)


def test_cost_lines_must_belong_to_the_years_budget_and_lie_within_the_period():
    s = actual()
    with pytest.raises(ValidationError, match="inom perioden"):
        services.invoice_update_draft(
            invoice=s.invoice,
            by=s.ekonomi,
            header={},
            lines=[cost(s, s.budget_lines[0], "10.00", cost_date=dt.date(2025, 6, 1))],
        )
    other = setup(case_number="ASN-2024-9999", partner=s.partner)
    with pytest.raises(ValidationError, match="budgetrad"):
        services.invoice_update_draft(
            invoice=s.invoice, by=s.ekonomi, header={}, lines=[cost(s, other.budget_lines[0], "10.00")]
        )
    assert not InvoiceLine.objects.filter(invoice=s.invoice).exists()


# --- acceptance 3: workflow ----------------------------------------------------------------


def test_the_same_user_cannot_submit_and_approve():
    s = setup()
    invoice = issue(s, Q[0], approve=False)
    # The submitter later moves to the city and becomes an approver: still not for this invoice.
    s.ekonomi.organisation = s.city
    s.ekonomi.save()
    s.ekonomi.groups.add(*s.attestant.groups.all())
    s.ekonomi.__dict__.pop("role_names", None)
    with pytest.raises(ValidationError, match="själv"):
        services.invoice_approve(invoice=invoice, by=s.ekonomi)
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.SUBMITTED


def test_the_database_refuses_an_approver_who_submitted():
    s = setup()
    invoice = issue(s, Q[0], approve=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.filter(pk=invoice.pk).update(
            status="approved",
            approved_by=s.ekonomi,
            number=1,
            invoice_date=dt.date(2025, 4, 10),
            due_date=dt.date(2025, 5, 10),
        )
    # the same update by another person passes: it was the approver constraint that refused it
    with transaction.atomic():
        Invoice.objects.filter(pk=invoice.pk).update(
            status="approved",
            approved_by=s.attestant,
            number=1,
            invoice_date=dt.date(2025, 4, 10),
            due_date=dt.date(2025, 5, 10),
        )


def test_only_an_attestant_of_the_buying_city_may_approve():
    s = setup()
    invoice = issue(s, Q[0], approve=False)
    for user in (s.samordnare, s.other_ekonomi):
        with pytest.raises(PermissionDenied):
            services.invoice_approve(invoice=invoice, by=user)


def test_an_approved_invoice_is_immutable_at_model_level():
    s = setup()
    invoice = issue(s, Q[0])
    invoice.total_net = invoice.total = Decimal("1.00")
    with pytest.raises(InvoiceLockedError):
        invoice.save()
    line = InvoiceLine.objects.filter(invoice=invoice).first()
    line.amount = Decimal("1.00")
    with pytest.raises(InvoiceLockedError):
        line.save()
    with pytest.raises(InvoiceLockedError):
        line.delete()
    with pytest.raises(InvoiceLockedError):
        InvoiceLine.objects.create(invoice=invoice, category="other", description="x", amount=Decimal("1"))
    with pytest.raises(InvoiceLockedError):
        Invoice.objects.get(pk=invoice.pk).delete()
    fresh = Invoice.objects.get(pk=invoice.pk)
    assert fresh.total == Decimal("481659.25") and fresh.lines.count() == 2


def test_a_submitted_invoice_cannot_be_edited_through_the_service():
    s = setup()
    invoice = issue(s, Q[0], approve=False)
    with pytest.raises(ValidationError):
        services.invoice_update_draft(invoice=invoice, by=s.ekonomi, header={"buyer_reference": "ändrad"})
    assert Invoice.objects.get(pk=invoice.pk).buyer_reference == ""


def test_a_returned_invoice_is_corrected_and_resubmitted_and_numbered_only_when_approved():
    s = setup()
    invoice = issue(s, Q[0], approve=False)
    with pytest.raises(ValidationError):
        services.invoice_return(invoice=invoice, by=s.attestant, comment="  ")
    invoice = services.invoice_return(invoice=invoice, by=s.attestant, comment="Ange er referens 4410.")
    assert invoice.status == Invoice.Status.RETURNED
    services.invoice_update_draft(invoice=invoice, by=s.ekonomi, header={"buyer_reference": "4410"})
    invoice = services.invoice_submit(invoice=invoice, by=s.ekonomi)
    assert invoice.number is None and invoice.buyer_reference == "4410"
    invoice = services.invoice_approve(invoice=invoice, by=s.attestant)
    assert invoice.number == 1 and invoice.document_number == "IOP-1"
    invoice = services.invoice_mark_paid(invoice=invoice, by=s.attestant, paid_on=invoice.invoice_date)
    actions = list(invoice.events.values_list("action", "from_status", "to_status", "by__username"))
    assert actions == [
        ("created", "", "draft", s.ekonomi.username),
        ("submitted", "draft", "submitted", s.ekonomi.username),
        ("returned", "submitted", "returned", s.attestant.username),
        ("edited", "returned", "returned", s.ekonomi.username),
        ("submitted", "returned", "submitted", s.ekonomi.username),
        ("approved", "submitted", "approved", s.attestant.username),
        ("paid", "approved", "paid", s.attestant.username),
    ]
    assert invoice.events.get(action="returned").comment == "Ange er referens 4410."


def test_submitting_fixes_the_party_snapshots_and_approving_the_number_and_dates():
    s = setup()
    invoice = issue(s, Q[0], approve=False)
    assert invoice.number is None and invoice.invoice_date is None and invoice.due_date is None
    with time_machine.travel(dt.datetime(2026, 1, 20, 10, tzinfo=dt.UTC)):
        approved = services.invoice_approve(invoice=invoice, by=s.attestant)
    assert approved.number == 1 and approved.number_prefix == "IOP-"
    assert approved.invoice_date == dt.date(2026, 1, 20)
    assert approved.due_date - approved.invoice_date == dt.timedelta(days=30)
    assert invoice.seller_snapshot["org_number"] == "846004-8716"
    assert invoice.buyer_snapshot["street_address"] == "August Palms plats 1"
    assert invoice.order_reference == "ASN-2024-1234" and invoice.payment_account == "5050-1055"
    s.partner.street_address = "Ny adress 2"
    s.partner.save()
    invoice.refresh_from_db()
    assert invoice.seller_snapshot["street_address"] == "Korsgatan 14"


def test_a_payment_date_must_lie_between_the_invoice_date_and_today():
    s = setup()
    invoice = issue(s, Q[0])
    with pytest.raises(ValidationError):
        services.invoice_mark_paid(
            invoice=invoice, by=s.attestant, paid_on=invoice.invoice_date - dt.timedelta(days=1)
        )
    with pytest.raises(ValidationError):
        services.invoice_mark_paid(
            invoice=invoice, by=s.attestant, paid_on=dt.date.today() + dt.timedelta(days=5)
        )


def test_a_credit_note_reverses_the_original_and_frees_the_period():
    s = setup()
    original = issue(s, Q[0])
    note = services.credit_note_create(original=original, by=s.ekonomi, reason="Fel period")
    assert note.kind == Invoice.Kind.CREDIT_NOTE and note.credits == original
    assert note.total == -original.total == Decimal("-481659.25")
    assert sorted(note.lines.values_list("amount", flat=True)) == sorted(
        -a for a in original.lines.values_list("amount", flat=True)
    )
    with pytest.raises(ValidationError):
        services.credit_note_create(original=original, by=s.ekonomi, reason="igen")
    note = services.invoice_submit(invoice=note, by=s.ekonomi)
    assert note.number is None
    note = services.invoice_approve(invoice=note, by=s.attestant)
    assert note.number == 2 and note.due_date is None  # a credit note asks for no payment
    original.refresh_from_db()
    assert original.is_credited and original.events.filter(action=InvoiceEvent.Action.CREDITED).exists()
    overview = budget_overview([partnership_queryset().get(pk=s.partnership.pk)], 2025, dt.date(2025, 6, 1))[
        0
    ]
    assert overview.total.invoiced == Decimal("0.00")
    again = issue(s, Q[0])
    assert again.number == 3 and again.total == Decimal("481659.25")


def test_drafts_and_credit_notes_cannot_be_credited():
    s = setup()
    draft = services.invoice_create(partnership=s.partnership, period_start=Q[0], by=s.ekonomi)
    with pytest.raises(ValidationError):
        services.credit_note_create(original=draft, by=s.ekonomi, reason="x")


def test_the_overview_shows_budget_invoiced_approved_paid_and_remaining_per_category():
    s = setup()
    paid = issue(s, Q[0])
    services.invoice_mark_paid(invoice=paid, by=s.attestant, paid_on=paid.invoice_date)
    issue(s, Q[1])
    issue(s, Q[2], approve=False)
    overview = budget_overview([partnership_queryset().get(pk=s.partnership.pk)], 2025, dt.date.today())[0]
    salary = overview.rows[0]
    assert salary.budget == Decimal("1751245.00")
    assert (salary.invoiced, salary.approved, salary.paid) == (
        Decimal("437811.25") * 3,
        Decimal("437811.25") * 2,
        Decimal("437811.25"),
    )
    assert overview.total.remaining == Decimal("481659.25")


def test_overdue_invoices_are_listed_in_the_overview():
    s = setup()
    issue(s, Q[0])
    later = dt.date.today() + dt.timedelta(days=31)
    overview = budget_overview([partnership_queryset().get(pk=s.partnership.pk)], 2025, later)[0]
    assert len(overview.overdue) == 1


# --- periods without invoices ---------------------------------------------------------------


def test_ended_periods_without_an_issued_invoice_notify_the_non_profits_finance_users():
    s = setup()
    issue(s, Q[0])
    services.invoice_create(partnership=s.partnership, period_start=Q[1], by=s.ekonomi)
    created = services.remind_uninvoiced_periods(today=dt.date(2025, 10, 5))
    assert created == 2  # Q2 (only a draft) and Q3; Q4 has not ended
    reminders = Notification.objects.filter(kind="invoicing.uninvoiced_period")
    assert set(reminders.values_list("user__username", flat=True)) == {s.ekonomi.username}
    assert services.remind_uninvoiced_periods(today=dt.date(2025, 10, 5)) == 0
    assert not reminders.filter(user__groups__name=Role.ATTESTANT).exists()


def test_submitting_notifies_the_citys_approvers_and_returning_notifies_the_submitter():
    s = setup()
    invoice = issue(s, Q[0], approve=False)
    assert list(Notification.objects.values_list("user__username", "kind")) == [
        (s.attestant.username, "invoicing.submitted")
    ]
    services.invoice_return(invoice=invoice, by=s.attestant, comment="Saknar referens.")
    returned = Notification.objects.get(kind="invoicing.returned")
    assert returned.user == s.ekonomi and "Saknar referens." in returned.message


def test_an_issued_invoice_shows_the_parties_as_they_were_at_issue():
    s = setup()
    invoice = issue(s, Q[0], approve=False)
    s.partner.name = "Nytt namn"
    s.partner.save()
    invoice = Invoice.objects.get(pk=invoice.pk)
    assert invoice.seller_info["name"] == "Stiftelsen Testmissionen"
    assert invoice.seller_info["address_line"] == "Korsgatan 14, 211 32 Malmö"
