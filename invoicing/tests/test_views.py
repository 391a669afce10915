import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from invoicing import services
from invoicing.models import Invoice
from iop.models import Partnership
from iop.roles import Role
from reporting.models import ReportJob
from tests.export_jobs import download, post_export
from tests.factories import UserFactory

from .factories import TINY_PDF, TINY_PNG, setup

pytestmark = pytest.mark.django_db
Q1, Q2, Q3 = dt.date(2025, 1, 1), dt.date(2025, 4, 1), dt.date(2025, 7, 1)


@pytest.fixture
def s():
    return setup()


def draft(s, start=Q1):
    return services.invoice_create(partnership=s.partnership, period_start=start, by=s.ekonomi)


def submitted(s, start=Q1):
    return services.invoice_submit(invoice=draft(s, start), by=s.ekonomi)


def approved(s, start=Q1):
    return services.invoice_approve(invoice=submitted(s, start), by=s.attestant)


def url(name, invoice=None, **kwargs):
    if invoice is not None:
        kwargs["pk"] = invoice.pk
    return reverse(f"invoicing:{name}", kwargs=kwargs or None)


# --- list ----------------------------------------------------------------------------------


def test_the_list_shows_the_sellers_own_invoices_including_drafts(client, s):
    d, sub = draft(s, Q2), submitted(s, Q1)
    client.force_login(s.ekonomi)
    response = client.get(url("list"))
    assert response.status_code == 200
    assert set(response.context["page"].object_list) == {d, sub}


def test_the_city_does_not_see_drafts_and_another_organisation_sees_nothing(client, s):
    draft(s, Q2)
    sub = submitted(s, Q1)
    client.force_login(s.attestant)
    assert list(client.get(url("list")).context["page"].object_list) == [sub]
    client.force_login(s.other_ekonomi)
    assert list(client.get(url("list")).context["page"].object_list) == []


def test_the_list_filters_by_status_partnership_year_and_period(client, s):
    d, sub = draft(s, Q2), submitted(s, Q1)
    client.force_login(s.ekonomi)
    assert list(client.get(url("list"), {"status": "draft"}).context["page"].object_list) == [d]
    assert list(client.get(url("list"), {"period": "2025-01-01"}).context["page"].object_list) == [sub]
    assert (
        len(
            client.get(url("list"), {"partnership": s.partnership.pk, "year": 2025})
            .context["page"]
            .object_list
        )
        == 2
    )
    assert list(client.get(url("list"), {"year": 2024}).context["page"].object_list) == []
    assert client.get(url("list"), {"period": "not-a-date"}).status_code == 200


def test_the_list_shows_ended_periods_without_an_invoice_to_the_seller(client, s):
    client.force_login(s.ekonomi)
    response = client.get(url("list"))
    assert [p.period.start for p in response.context["open_periods"]] == [Q1, Q2, Q3, dt.date(2025, 10, 1)]


def _list_queries(client, user) -> int:
    client.force_login(user)
    client.get(url("list"))  # the first page after login also saves the session
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url("list")).status_code == 200
    return len(ctx)


def _bulk_invoices(s, count):
    Invoice.objects.bulk_create(
        Invoice(
            partnership=s.partnership,
            seller=s.partner,
            buyer=s.city,
            status="draft",
            period_start=dt.date(2024, 1, 1) + dt.timedelta(days=i),
            period_end=dt.date(2024, 12, 31),
            budget_year=2024,
            order_reference="ASN-2024-1234",
        )
        for i in range(count)
    )


def test_the_list_uses_the_same_number_of_queries_for_few_and_many_invoices(client, s):
    submitted(s, Q1)
    few = _list_queries(client, s.ekonomi)
    _bulk_invoices(s, 80)
    assert Invoice.objects.count() > 30
    assert _list_queries(client, s.ekonomi) == few
    assert _list_queries(client, s.attestant) <= few


def test_the_list_refuses_other_roles_anonymous_users_and_posts(client, s):
    assert client.get(url("list")).status_code == 302
    client.force_login(s.handledare)
    assert client.get(url("list")).status_code == 403
    client.force_login(s.ekonomi)
    assert client.post(url("list")).status_code == 405


# --- create --------------------------------------------------------------------------------


def test_creating_a_draft_for_a_period(client, s):
    client.force_login(s.ekonomi)
    response = client.get(url("create"))
    assert response.status_code == 200
    assert len(response.context["form"].fields["period"].choices) == 5
    response = client.post(url("create"), {"period": f"{s.partnership.pk}|2025-04-01"})
    invoice = Invoice.objects.get()
    assert response.status_code == 302 and response["Location"] == url("edit", invoice)
    assert invoice.period_start == Q2 and invoice.total == Decimal("481659.25")


def test_creating_for_a_period_that_already_has_an_invoice_is_refused(client, s):
    draft(s, Q1)
    client.force_login(s.ekonomi)
    response = client.post(url("create"), {"period": f"{s.partnership.pk}|2025-01-01"})
    assert response.status_code == 400
    assert "period" in response.context["form"].errors
    assert Invoice.objects.count() == 1
    assert client.post(url("create"), {"period": ""}).status_code == 400


def test_create_is_only_for_finance_users(client, s):
    client.force_login(s.attestant)
    assert client.get(url("create")).status_code == 403
    client.force_login(s.ekonomi)
    assert client.put(url("create")).status_code == 405


# --- detail --------------------------------------------------------------------------------


def test_the_detail_page_shows_lines_totals_and_history(client, s):
    invoice = submitted(s)
    client.force_login(s.attestant)
    response = client.get(url("detail", invoice))
    assert response.status_code == 200
    body = response.content.decode().replace("\xa0", " ")
    assert "481 659,25 kr" in body and "Inskickad" in body
    assert response.context["can_approve"] and not response.context["can_edit"]


def test_the_detail_page_is_hidden_from_other_organisations_and_roles(client, s):
    invoice = submitted(s)
    client.force_login(s.other_ekonomi)
    assert client.get(url("detail", invoice)).status_code == 404
    client.force_login(s.handledare)
    assert client.get(url("detail", invoice)).status_code == 403
    client.force_login(s.attestant)
    assert client.get(url("detail", draft(s, Q2))).status_code == 404
    client.force_login(s.ekonomi)
    assert client.post(url("detail", invoice)).status_code == 405


# --- edit ----------------------------------------------------------------------------------


def _fixed_post(invoice, **header):
    data = {
        "buyer_reference": "4410",
        "payment_means": "bankgiro",
        "payment_terms_days": "30",
        "vat_exemption_reason": "Momsfri",
        "note": "",
        "lines-TOTAL_FORMS": str(invoice.lines.count()),
        "lines-INITIAL_FORMS": str(invoice.lines.count()),
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
    }
    for i, line in enumerate(invoice.lines.order_by("position")):
        data[f"lines-{i}-id"] = str(line.pk)
        data[f"lines-{i}-description"] = line.description
        data[f"lines-{i}-vat_rate"] = "25.00" if i == 1 else "0.00"
    data.update(header)
    return data


def test_editing_a_fixed_share_draft_changes_header_and_vat_but_not_amounts(client, s):
    invoice = draft(s)
    client.force_login(s.ekonomi)
    assert client.get(url("edit", invoice)).status_code == 200
    response = client.post(url("edit", invoice), _fixed_post(invoice))
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.buyer_reference == "4410"
    assert invoice.total_net == Decimal("481659.25") and invoice.total_vat == Decimal("10962.00")


def test_invalid_edit_input_is_refused_with_400_and_nothing_is_saved(client, s):
    invoice = draft(s)
    client.force_login(s.ekonomi)
    response = client.post(url("edit", invoice), _fixed_post(invoice, payment_terms_days="500"))
    assert response.status_code == 400
    assert "payment_terms_days" in response.context["header"].errors
    invoice.refresh_from_db()
    assert invoice.buyer_reference == "" and invoice.total_vat == 0


def test_a_submitted_invoice_cannot_be_edited_through_the_page(client, s):
    invoice = submitted(s)
    client.force_login(s.ekonomi)
    response = client.post(url("edit", invoice), _fixed_post(invoice))
    assert response.status_code == 302 and response["Location"] == url("detail", invoice)
    invoice.refresh_from_db()
    assert invoice.buyer_reference == "" and invoice.total_vat == 0
    assert client.get(url("edit", invoice)).status_code == 302


def test_edit_is_refused_to_other_organisations_and_roles(client, s):
    invoice = draft(s)
    client.force_login(s.other_ekonomi)
    assert client.get(url("edit", invoice)).status_code == 404
    client.force_login(s.attestant)
    assert client.get(url("edit", invoice)).status_code == 403
    client.logout()
    assert client.get(url("edit", invoice)).status_code == 302


@pytest.fixture
def cost_invoice():
    s = setup(method=Partnership.InvoicingMethod.ACTUAL_COST)
    s.invoice = draft(s)
    return s


def _cost_post(s, **line):
    data = {
        "buyer_reference": "",
        "payment_means": "bankgiro",
        "payment_terms_days": "30",
        "vat_exemption_reason": "Momsfri",
        "note": "",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-budget_line": str(s.budget_lines[3].pk),
        "lines-0-description": "Skyddsskor",
        "lines-0-cost_date": "2025-02-14",
        "lines-0-amount": "412,50",
        "lines-0-vat_rate": "0.00",
        "lines-0-verification_reference": "",
    }
    data.update({f"lines-0-{k}": v for k, v in line.items()})
    return data


def test_adding_a_cost_line_with_an_uploaded_receipt(client, cost_invoice):
    s = cost_invoice
    client.force_login(s.ekonomi)
    upload = SimpleUploadedFile("kvitto.png", TINY_PNG, content_type="image/png")
    response = client.post(url("edit", s.invoice), _cost_post(s, verification_file=upload))
    assert response.status_code == 302, response.context and response.context.get("errors")
    line = s.invoice.lines.get()
    assert line.amount == Decimal("412.50") and line.verification_content_type == "image/png"
    download = client.get(url("verification", s.invoice, line_pk=line.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content) == TINY_PNG


def test_an_upload_of_the_wrong_type_is_refused_at_the_field(client, cost_invoice):
    s = cost_invoice
    client.force_login(s.ekonomi)
    upload = SimpleUploadedFile("kvitto.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = client.post(url("edit", s.invoice), _cost_post(s, verification_file=upload))
    assert response.status_code == 400
    assert "verification_file" in response.context["formset"].forms[0].errors
    assert not s.invoice.lines.exists()


def test_an_upload_above_the_size_limit_is_refused(client, cost_invoice, settings):
    settings.UPLOAD_MAX_BYTES = 10
    s = cost_invoice
    client.force_login(s.ekonomi)
    upload = SimpleUploadedFile("kvitto.pdf", TINY_PDF, content_type="application/pdf")
    response = client.post(url("edit", s.invoice), _cost_post(s, verification_file=upload))
    assert response.status_code == 400 and not s.invoice.lines.exists()


def test_a_cost_line_outside_the_period_is_refused_with_400(client, cost_invoice):
    s = cost_invoice
    client.force_login(s.ekonomi)
    response = client.post(url("edit", s.invoice), _cost_post(s, cost_date="2025-05-01"))
    assert response.status_code == 400 and response.context["errors"]
    assert not s.invoice.lines.exists()


# --- workflow pages ------------------------------------------------------------------------


def test_submitting_through_the_page(client, s):
    invoice = draft(s)
    client.force_login(s.ekonomi)
    assert client.get(url("submit", invoice)).status_code == 200
    response = client.post(url("submit", invoice))
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == "submitted" and invoice.number is None  # numbered when approved
    again = client.post(url("submit", invoice))
    assert again.status_code == 400


def test_submitting_cost_lines_without_verification_is_refused_on_the_page(client, cost_invoice):
    s = cost_invoice
    client.force_login(s.ekonomi)
    client.post(url("edit", s.invoice), _cost_post(s))
    confirm = client.get(url("submit", s.invoice))
    assert any("verifikation" in p for p in confirm.context["problems"])
    assert client.post(url("submit", s.invoice)).status_code == 400
    s.invoice.refresh_from_db()
    assert s.invoice.status == "draft"


def test_submit_is_refused_to_others(client, s):
    invoice = draft(s)
    client.force_login(s.other_ekonomi)
    assert client.post(url("submit", invoice)).status_code == 404
    client.force_login(s.attestant)
    assert client.post(url("submit", invoice)).status_code == 403
    client.force_login(s.ekonomi)
    assert client.delete(url("submit", invoice)).status_code == 405


def test_approving_through_the_page(client, s):
    invoice = submitted(s)
    client.force_login(s.attestant)
    assert client.get(url("approve", invoice)).status_code == 200
    response = client.post(url("approve", invoice), {"comment": "Stämmer mot budget."})
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == "approved" and invoice.approved_by == s.attestant
    assert invoice.events.get(action="approved").comment == "Stämmer mot budget."
    assert client.post(url("approve", invoice)).status_code == 400


def test_the_submitter_cannot_approve_through_the_page(client, s):
    invoice = submitted(s)
    client.force_login(s.ekonomi)
    assert client.post(url("approve", invoice)).status_code == 403
    invoice.refresh_from_db()
    assert invoice.status == "submitted"


def test_returning_needs_a_comment(client, s):
    invoice = submitted(s)
    client.force_login(s.attestant)
    assert client.post(url("return", invoice), {"comment": ""}).status_code == 400
    response = client.post(url("return", invoice), {"comment": "Fel referens."})
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == "returned"


def test_marking_paid_through_the_page(client, s):
    invoice = approved(s)
    client.force_login(s.attestant)
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    assert client.post(url("mark_paid", invoice), {"paid_on": future}).status_code == 400
    assert client.post(url("mark_paid", invoice), {"paid_on": "x"}).status_code == 400
    response = client.post(url("mark_paid", invoice), {"paid_on": invoice.invoice_date.isoformat()})
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == "paid" and invoice.paid_on == invoice.invoice_date


def test_crediting_through_the_page(client, s):
    invoice = approved(s)
    client.force_login(s.ekonomi)
    assert client.post(url("credit", invoice), {"reason": ""}).status_code == 400
    response = client.post(url("credit", invoice), {"reason": "Fel period."})
    note = Invoice.objects.get(kind="credit_note")
    assert response.status_code == 302 and response["Location"] == url("detail", note)
    assert note.total == Decimal("-481659.25")
    assert client.post(url("credit", invoice), {"reason": "igen"}).status_code == 400
    client.force_login(s.attestant)
    assert client.post(url("credit", invoice), {"reason": "x"}).status_code == 403


# --- downloads -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fmt, content_type, magic",
    [
        ("pdf", "application/pdf", b"%PDF"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
        ("csv", "text/csv; charset=utf-8", "\ufeff".encode()),
        ("ubl", "application/xml", b"<?xml"),
    ],
)
def test_every_export_format_downloads(client, s, fmt, content_type, magic):
    invoice = approved(s)
    client.force_login(s.samordnare)
    response = client.get(url("download", invoice, fmt=fmt))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type and response.content.startswith(magic)
    assert (
        "attachment" in response["Content-Disposition"]
        and "8460048716-IOP-1" in response["Content-Disposition"]
    )


def test_downloads_refuse_unknown_formats_drafts_as_ubl_others_and_posts(client, s):
    invoice = submitted(s)
    d = draft(s, Q2)
    client.force_login(s.ekonomi)
    assert client.get(url("download", invoice, fmt="docx")).status_code == 404
    assert client.get(url("download", d, fmt="ubl")).status_code == 404
    assert client.get(url("download", d, fmt="pdf")).status_code == 200
    assert client.post(url("download", invoice, fmt="pdf")).status_code == 405
    client.force_login(s.other_ekonomi)
    assert client.get(url("download", invoice, fmt="pdf")).status_code == 404
    client.force_login(s.handledare)
    assert client.get(url("download", invoice, fmt="pdf")).status_code == 403


def test_a_line_without_a_file_has_no_verification_download(client, s):
    invoice = submitted(s)
    client.force_login(s.ekonomi)
    assert client.get(url("verification", invoice, line_pk=invoice.lines.first().pk)).status_code == 404


# --- overview and bulk export --------------------------------------------------------------


def test_the_overview_shows_the_budget_follow_up(client, s):
    approved(s, Q1)
    client.force_login(s.samordnare)
    response = client.get(url("overview"), {"year": "2025"})
    assert response.status_code == 200
    overview = response.context["overviews"][0]
    assert overview.total.budget == Decimal("1926637.00") and overview.total.approved == Decimal("481659.25")
    assert client.get(url("overview"), {"year": "abc"}).context["year"] == dt.date.today().year


def test_the_overview_of_another_organisations_finance_user_is_empty(client, s):
    approved(s, Q1)
    client.force_login(s.other_ekonomi)
    assert client.get(url("overview"), {"year": "2025"}).context["overviews"] == []
    client.force_login(s.handledare)
    assert client.get(url("overview")).status_code == 403


def test_the_overview_uses_a_constant_number_of_queries(client, s):
    approved(s, Q1)
    client.force_login(s.samordnare)
    client.get(url("overview"), {"year": "2025"})  # the first page after login also saves the session
    with CaptureQueriesContext(connection) as few:
        client.get(url("overview"), {"year": "2025"})
    for n in range(3):
        setup(case_number=f"ASN-2024-50{n}0", partner=None)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url("overview"), {"year": "2025"})
    assert len(response.context["overviews"]) == 4
    assert len(many) == len(few)


def test_the_bulk_export_page_queues_a_job_whose_file_holds_the_period(
    client, s, django_capture_on_commit_callbacks
):
    approved(s, Q1)
    submitted(s, Q2)
    client.force_login(s.attestant)
    assert client.get(url("bulk_export"), {"start": "2025-01-01"}).status_code == 200
    period = {"start": "2025-01-01", "end": "2025-06-30"}
    job = post_export(client, url("bulk_export"), period, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert (job.kind, job.state, job.requested_by) == ("approved_invoices_export", "done", s.attestant)
    book = load_workbook(io.BytesIO(download(client, job)))
    rows = list(book["Fakturor"].iter_rows(values_only=True))
    assert len(rows) == 3  # header, the approved invoice, the sum
    lines = list(book["Rader"].iter_rows(values_only=True))
    assert job.rows_done == job.rows_total == 2 + len(lines) - 1  # invoice and sum rows, the lines


@pytest.mark.parametrize(
    "data,field",
    [({"start": "2025-06-30", "end": "2025-01-01"}, "end"), ({"end": "2025-01-01"}, "start"), ({}, "end")],
)
def test_the_bulk_export_refuses_a_missing_or_reversed_period_at_the_field(client, s, data, field):
    client.force_login(s.attestant)
    response = client.post(url("bulk_export"), data)
    assert response.status_code == 400 and field in response.context["form"].errors
    assert not ReportJob.objects.exists()


def test_the_bulk_export_is_for_the_city_administrators_and_its_file_for_its_owner(
    client, s, django_capture_on_commit_callbacks
):
    approved(s, Q1)
    client.force_login(s.ekonomi)
    assert client.get(url("bulk_export")).status_code == 403
    assert client.post(url("bulk_export"), {"start": "2025-01-01", "end": "2025-03-31"}).status_code == 403
    client.force_login(s.attestant)
    job = post_export(
        client,
        url("bulk_export"),
        {"start": "2025-01-01", "end": "2025-03-31"},
        django_capture_on_commit_callbacks,
    )
    client.force_login(UserFactory(roles=[Role.ATTESTANT]))
    assert client.get(reverse("reporting:export_download", kwargs={"pk": job.pk})).status_code == 404


# --- another organisation's finance user ---------------------------------------------------


def test_finance_users_of_another_organisation_reach_none_of_the_invoice_pages(client, s):
    d, a = draft(s, Q2), approved(s, Q1)
    line = a.lines.first()
    client.force_login(s.other_ekonomi)
    for name, invoice, extra in [
        ("detail", a, {}),
        ("edit", d, {}),
        ("submit", d, {}),
        ("credit", a, {}),
        ("mark_paid", a, {}),
        ("download", a, {"fmt": "pdf"}),
        ("download", a, {"fmt": "ubl"}),
        ("verification", a, {"line_pk": line.pk}),
    ]:
        assert client.get(url(name, invoice, **extra)).status_code in (403, 404), name
    assert client.post(url("submit", d)).status_code == 404
    assert client.post(url("credit", a), {"reason": "x"}).status_code == 404
    d.refresh_from_db()
    assert d.status == "draft" and not Invoice.objects.filter(kind="credit_note").exists()


def test_saving_the_cost_form_as_a_browser_does_with_blank_extra_rows_and_a_deletion(client, cost_invoice):
    s = cost_invoice
    client.force_login(s.ekonomi)
    client.post(url("edit", s.invoice), _cost_post(s, verification_reference="Kvitto 1"))
    line = s.invoice.lines.get()
    page = client.get(url("edit", s.invoice))
    formset = page.context["formset"]
    assert formset.total_form_count() == 3
    data = _cost_post(s, id=str(line.pk), verification_reference="Kvitto 1")
    data.update({"lines-TOTAL_FORMS": "3", "lines-INITIAL_FORMS": "1"})
    for i in (1, 2):
        data.update({f"lines-{i}-{k}": "" for k in ("budget_line", "description", "cost_date", "amount")})
        data[f"lines-{i}-vat_rate"] = "0.00"
    data["lines-1-budget_line"] = str(s.budget_lines[0].pk)
    data["lines-1-description"] = "Lön januari"
    data["lines-1-cost_date"] = "2025-01-25"
    data["lines-1-amount"] = "45 000,00"
    data["lines-1-verification_reference"] = "Lönelista 2025-01"
    response = client.post(url("edit", s.invoice), data)
    assert response.status_code == 302
    assert sorted(s.invoice.lines.values_list("amount", flat=True)) == [
        Decimal("412.50"),
        Decimal("45000.00"),
    ]
    data["lines-0-DELETE"] = "on"
    data["lines-TOTAL_FORMS"] = "1"
    response = client.post(url("edit", s.invoice), data)
    assert response.status_code == 302
    assert list(s.invoice.lines.values_list("amount", flat=True)) == [Decimal("45000.00")]
    s.invoice.refresh_from_db()
    assert s.invoice.total == Decimal("45000.00")


def test_a_submitted_invoice_has_no_e_invoice_and_its_documentation_is_marked_draft(client, s):
    invoice = submitted(s)
    client.force_login(s.attestant)
    assert client.get(url("download", invoice, fmt="ubl")).status_code == 404
    detail = client.get(url("detail", invoice)).content.decode()
    assert url("download", invoice, fmt="ubl") not in detail
    csv = client.get(url("download", invoice, fmt="csv")).content.decode("utf-8-sig")
    assert "UTKAST – ej attesterad" in csv


# --- the attest page shows what the attestant checks against --------------------------------------------


def test_the_attest_page_shows_budget_places_and_previous_invoices(client, s):
    earlier = approved(s, Q1)
    invoice = submitted(s, Q2)
    client.force_login(s.attestant)
    response = client.get(url("approve", invoice))
    assert response.status_code == 200
    facts = response.context["facts"]
    assert facts.budget > 0
    assert facts.invoiced_before == earlier.total_net
    assert facts.left_after == facts.budget - earlier.total_net - invoice.total_net
    assert facts.places_paid_for == s.partnership.places_at_once
    assert facts.previous == [earlier]
    page = response.content.decode()
    assert 'data-testid="attest-left"' in page and earlier.seller.name in page


@pytest.mark.parametrize("earlier_invoices", [0, 2])
def test_the_attest_page_uses_a_bounded_number_of_queries(
    client, s, earlier_invoices, django_assert_max_num_queries
):
    for start in [Q1, Q2][:earlier_invoices]:
        approved(s, start)
    invoice = submitted(s, Q3)
    client.force_login(s.attestant)
    # session, user, roles, the invoice, the access checks, CSRF form, and the four of attest_facts
    with django_assert_max_num_queries(20):
        assert client.get(url("approve", invoice)).status_code == 200


def test_the_return_page_does_not_compute_attest_facts(client, s):
    invoice = submitted(s)
    client.force_login(s.attestant)
    assert client.get(url("return", invoice)).context["facts"] is None
