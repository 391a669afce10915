"""The quarterly report shows what the partner delivers: a deviation for each required document past its
due date and not handed in by the quarter's end, and a section with the documents and the quarter's notices
of economic change; a document handed in after the quarter does not change that quarter's report."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from invoicing.models import PartnerDocumentKind
from invoicing.services import economic_change_notify, partner_document_upload
from iop.roles import Role
from reporting.quarterly import make_quarterly_pdf, quarterly_context
from reporting.tests import scenario
from reporting.tests.test_reports import pdf_text
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def s(db):
    s = scenario.build()  # agreement 2024-01-01 – 2026-12-31: the 2024 documents are due 2025-06-30
    s.ekonomi = UserFactory(organisation=s.partner, roles=[Role.EKONOMI])
    _upload(s, "arsredovisning", dt.datetime(2025, 5, 20, 10))
    economic_change_notify(
        partnership=s.p,
        description="Lokalhyran höjs.",
        amount=Decimal("36000"),
        effective_from=dt.date(2025, 9, 1),
        by=s.ekonomi,
        today=dt.date(2025, 8, 20),
    )
    return s


def _upload(s, code: str, at: dt.datetime) -> None:
    partner_document_upload(
        partnership=s.p,
        kind=PartnerDocumentKind.objects.get(code=code),
        year=2024,
        upload=SimpleUploadedFile(f"{code}.pdf", TINY_PDF),
        by=s.ekonomi,
        now=timezone.make_aware(at),
    )


def _entry(year: int, quarter: int, s):
    return next(e for e in quarterly_context(year=year, quarter=quarter).entries if e.partnership == s.p)


def _codes(entry) -> set[str]:
    return {d["code"] for d in entry.deviations if str(d["code"]).startswith("partner_document_")}


def test_documents_past_their_due_date_are_deviations_in_the_quarter(s):
    entry = _entry(2025, 3, s)
    assert _codes(entry) == {
        "partner_document_verksamhetsberattelse_2024",
        "partner_document_revisionsberattelse_2024",
    }
    section = next(x for x in entry.sections if x.id == "partner_deliveries")
    assert [n.description for n in section.data.notices] == ["Lokalhyran höjs."]


def test_before_the_due_date_nothing_is_missing(s):
    assert _codes(_entry(2025, 2, s)) == set()  # due 2025-06-30: not past it on the quarter's last day


def test_a_document_handed_in_after_the_quarter_does_not_change_that_quarters_report(s):
    before = _codes(_entry(2025, 3, s))
    _upload(s, "revisionsberattelse", dt.datetime(2025, 10, 15, 10))
    assert _codes(_entry(2025, 3, s)) == before
    assert _codes(_entry(2025, 4, s)) == {"partner_document_verksamhetsberattelse_2024"}


def test_the_pdf_prints_the_missing_documents_and_the_notice(s):
    text = pdf_text(make_quarterly_pdf(quarterly_context(year=2025, quarter=3)))
    assert "Revisionsberättelse för 2024 saknas" in text
    assert "Lokalhyran höjs." in text


def test_a_document_handed_in_after_the_quarter_shows_no_date_in_that_quarters_report(s):
    _upload(s, "revisionsberattelse", dt.datetime(2025, 10, 21, 10))
    text = pdf_text(make_quarterly_pdf(quarterly_context(year=2025, quarter=3)))
    assert "2025-10-21" not in text
    assert "2025-05-20" in text  # the årsredovisning, handed in before the quarter's end
