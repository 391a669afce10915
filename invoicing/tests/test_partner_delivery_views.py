"""What the partner delivers, through the pages as the right roles: yearly documents (upload, receipt,
download, due day), notices of economic change (notice, acknowledgement) and who is refused."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from invoicing.models import EconomicChangeNotice, PartnerDocument, PartnerDocumentKind
from invoicing.selectors import DocumentStatus, partner_document_rows
from iop.models import Amendment, Notification
from iop.roles import Role
from tests.factories import PartnershipFactory, UserFactory

from .factories import TINY_PDF, TINY_PNG, setup

pytestmark = pytest.mark.django_db
# The 2025 documents are due 2026-06-30; the pages are looked at in the autumn of 2026.
TODAY = dt.datetime(2026, 9, 1, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _autumn_2026():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def s():
    s = setup()
    s.styrgrupp = UserFactory(username="partner-styrgrupp", organisation=s.partner, roles=[Role.STYRGRUPP])
    s.kind = PartnerDocumentKind.objects.get(code="arsredovisning")
    return s


def page(s):
    return reverse("invoicing:partner_deliveries", args=[s.partnership.pk])


def pdf(name="arsredovisning.pdf", content=TINY_PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile("verksamhetsberattelse.docx", buffer.getvalue())


def upload(client, s, file, *, kind=None, year=2025):
    return client.post(
        reverse("invoicing:partner_document_upload", args=[s.partnership.pk]),
        {"kind": (kind or s.kind).pk, "year": year, "file": file},
    )


# --- documents -------------------------------------------------------------------------------


def test_the_page_lists_the_three_required_documents_as_missing_after_the_due_date(client, s):
    client.force_login(s.samordnare)
    response = client.get(page(s))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r.kind.code for r in rows] == ["arsredovisning", "verksamhetsberattelse", "revisionsberattelse"]
    assert {r.status for r in rows} == {DocumentStatus.MISSING}
    assert {r.due_date for r in rows} == {dt.date(2026, 6, 30)}


def test_the_page_reads_in_a_fixed_number_of_queries(client, s, django_assert_max_num_queries):
    client.force_login(s.ekonomi)
    upload(client, s, pdf())
    with django_assert_max_num_queries(16):
        assert client.get(page(s)).status_code == 200


def test_the_partner_uploads_a_document_and_the_coordinators_are_told(client, s):
    client.force_login(s.ekonomi)
    response = upload(client, s, pdf())
    assert response.status_code == 302
    document = PartnerDocument.objects.get()
    assert (document.year, document.kind, document.uploaded_by) == (2025, s.kind, s.ekonomi)
    assert document.content_type == "application/pdf"
    assert Notification.objects.filter(
        user=s.samordnare, kind="invoicing.partner_document_delivered"
    ).exists()
    row = partner_document_rows(s.partnership, as_of=dt.date(2026, 9, 1))[0]
    assert row.status == DocumentStatus.DELIVERED


def test_the_steering_group_of_the_partner_may_upload_a_word_document(client, s):
    client.force_login(s.styrgrupp)
    kind = PartnerDocumentKind.objects.get(code="verksamhetsberattelse")
    assert upload(client, s, docx(), kind=kind).status_code == 302
    assert PartnerDocument.objects.get().content_type.endswith("wordprocessingml.document")


def test_a_too_big_file_is_refused_with_a_swedish_message_and_nothing_saved(client, s, settings):
    settings.UPLOAD_MAX_BYTES = 20
    client.force_login(s.ekonomi)
    response = upload(client, s, pdf())
    assert response.status_code == 400
    assert "för stor" in " ".join(response.context["upload_form"].errors["file"])
    assert not PartnerDocument.objects.exists()


def test_a_file_of_the_wrong_type_is_refused_with_a_swedish_message(client, s):
    client.force_login(s.ekonomi)
    response = upload(client, s, SimpleUploadedFile("arsredovisning.pdf", TINY_PNG))
    assert response.status_code == 400
    assert "Filtypen är inte tillåten" in " ".join(response.context["upload_form"].errors["file"])
    assert not PartnerDocument.objects.exists()


def test_a_year_outside_the_agreement_is_refused(client, s):
    client.force_login(s.ekonomi)
    response = upload(client, s, pdf(), year=2019)
    assert response.status_code == 400
    assert response.context["upload_form"].errors["year"]
    assert not PartnerDocument.objects.exists()


def test_another_organisations_user_cannot_see_upload_or_download(client, s):
    client.force_login(s.ekonomi)
    upload(client, s, pdf())
    document = PartnerDocument.objects.get()
    client.force_login(s.other_ekonomi)
    assert client.get(page(s)).status_code == 404
    assert upload(client, s, pdf()).status_code == 404
    assert client.get(reverse("invoicing:partner_document_download", args=[document.pk])).status_code == 404
    assert PartnerDocument.objects.get().uploaded_by == s.ekonomi


def test_the_city_side_may_not_upload_for_the_partner(client, s):
    """The coordinator sees the partnership but is not the non-profit party: refused by the role."""
    client.force_login(s.samordnare)
    assert upload(client, s, pdf()).status_code == 403
    assert not PartnerDocument.objects.exists()


def test_the_coordinator_downloads_and_receives_a_document(client, s):
    client.force_login(s.ekonomi)
    upload(client, s, pdf())
    document = PartnerDocument.objects.get()
    client.force_login(s.samordnare)
    response = client.get(reverse("invoicing:partner_document_download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == TINY_PDF
    assert response["Content-Disposition"].startswith("attachment")
    receive = reverse("invoicing:partner_document_receive", args=[document.pk])
    assert client.post(receive).status_code == 302
    document.refresh_from_db()
    assert document.received_by == s.samordnare
    assert (
        partner_document_rows(s.partnership, as_of=dt.date(2026, 9, 1))[0].status == DocumentStatus.RECEIVED
    )
    # Received twice is bad input; a received document cannot be replaced by the partner.
    assert client.post(receive).status_code == 400
    client.force_login(s.ekonomi)
    response = upload(client, s, pdf("ny.pdf"))
    assert response.status_code == 400
    assert PartnerDocument.objects.get().file_name == "arsredovisning.pdf"


def test_the_partner_may_not_receive_its_own_document(client, s):
    client.force_login(s.ekonomi)
    upload(client, s, pdf())
    document = PartnerDocument.objects.get()
    assert client.post(reverse("invoicing:partner_document_receive", args=[document.pk])).status_code == 403
    document.refresh_from_db()
    assert document.received_at is None


def test_the_coordinator_sets_the_due_day_per_partnership(client, s):
    client.force_login(s.samordnare)
    url = reverse("invoicing:partner_document_deadline", args=[s.partnership.pk])
    assert client.post(url, {"due_month": 4, "due_day": 30}).status_code == 302
    assert partner_document_rows(s.partnership, as_of=dt.date(2026, 9, 1))[0].due_date == dt.date(2026, 4, 30)
    response = client.post(url, {"due_month": 2, "due_day": 30})
    assert response.status_code == 400
    assert response.context["deadline_form"].errors["due_day"] == ["Dagen finns inte i den månaden."]
    assert partner_document_rows(s.partnership, as_of=dt.date(2026, 9, 1))[0].due_date == dt.date(2026, 4, 30)


def test_status_as_of_a_past_day_ignores_later_deliveries(client, s):
    """A report for a past period gives the same answer after a later upload and receipt."""
    client.force_login(s.ekonomi)
    upload(client, s, pdf())
    assert (
        partner_document_rows(s.partnership, as_of=dt.date(2026, 8, 31))[0].status == DocumentStatus.MISSING
    )
    assert (
        partner_document_rows(s.partnership, as_of=dt.date(2026, 6, 1))[0].status == DocumentStatus.EXPECTED
    )


# --- notices of economic change --------------------------------------------------------------


def notice_data(**kw):
    data = {
        "description": "Bidraget från Region Skåne upphör.",
        "amount": "-120000",
        "effective_from": "2026-10-01",
    }
    data.update(kw)
    return data


def test_the_partner_gives_notice_and_the_coordinator_acknowledges_it_with_the_amendment(client, s):
    client.force_login(s.ekonomi)
    response = client.post(
        reverse("invoicing:economic_notice_create", args=[s.partnership.pk]), notice_data()
    )
    assert response.status_code == 302
    notice = EconomicChangeNotice.objects.get()
    assert (notice.amount, notice.notified_on) == (Decimal("-120000.00"), dt.date(2026, 9, 1))
    assert Notification.objects.filter(
        user=s.samordnare, kind="invoicing.economic_change", done_at=None
    ).exists()
    amendment = Amendment.objects.create(
        partnership=s.partnership, date=dt.date(2026, 9, 15), title="Ändrad finansiering", text="…"
    )
    client.force_login(s.samordnare)
    assert notice in [n for n, _form in client.get(page(s)).context["notices"]]
    url = reverse("invoicing:economic_notice_acknowledge", args=[notice.pk])
    response = client.post(
        url, {f"n{notice.pk}-comment": "Tas upp i styrgruppen.", f"n{notice.pk}-amendment": amendment.pk}
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert (notice.acknowledged_by, notice.amendment) == (s.samordnare, amendment)
    assert not Notification.objects.filter(kind="invoicing.economic_change", done_at=None).exists()


def test_a_notice_without_text_or_date_is_refused_and_nothing_saved(client, s):
    client.force_login(s.ekonomi)
    url = reverse("invoicing:economic_notice_create", args=[s.partnership.pk])
    response = client.post(url, notice_data(description="", effective_from="inte ett datum"))
    assert response.status_code == 400
    assert set(response.context["notice_form"].errors) == {"description", "effective_from"}
    assert not EconomicChangeNotice.objects.exists()


def test_a_too_long_notice_is_refused_with_a_swedish_message_at_the_field(client, s):
    client.force_login(s.ekonomi)
    url = reverse("invoicing:economic_notice_create", args=[s.partnership.pk])
    response = client.post(url, notice_data(description="å" * 2001))
    assert response.status_code == 400
    assert response.context["notice_form"].errors["description"][0].startswith("Högst 2000 tecken")
    assert not EconomicChangeNotice.objects.exists()


def test_an_amendment_of_another_partnership_cannot_be_linked(client, s):
    client.force_login(s.ekonomi)
    client.post(reverse("invoicing:economic_notice_create", args=[s.partnership.pk]), notice_data())
    notice = EconomicChangeNotice.objects.get()
    other = Amendment.objects.create(
        partnership=PartnershipFactory(), date=dt.date(2026, 9, 15), title="Annan", text="…"
    )
    client.force_login(s.samordnare)
    url = reverse("invoicing:economic_notice_acknowledge", args=[notice.pk])
    assert client.post(url, {f"n{notice.pk}-amendment": other.pk}).status_code == 400
    notice.refresh_from_db()
    assert notice.acknowledged_at is None


def test_another_organisation_cannot_give_notice_for_the_partnership(client, s):
    client.force_login(s.other_ekonomi)
    url = reverse("invoicing:economic_notice_create", args=[s.partnership.pk])
    assert client.post(url, notice_data()).status_code == 404
    assert not EconomicChangeNotice.objects.exists()


def test_the_dokument_tab_links_the_partners_deliveries_for_those_who_may_open_them(client, s):
    documents = reverse("iop:partnership_documents", args=[s.partnership.pk])
    client.force_login(s.ekonomi)
    assert page(s) in client.get(documents).content.decode()
    client.force_login(s.handledare)
    html = client.get(documents).content.decode()
    assert page(s) not in html
