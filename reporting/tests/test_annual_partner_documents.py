"""The annual report per partnership lists what the partner delivered for the year: each required
document with its status (received, handed in, missing) and the notices of economic change."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from invoicing.models import PartnerDocumentKind
from invoicing.services import economic_change_notify, partner_document_receive, partner_document_upload
from iop.roles import Role
from reporting.builders import REPORT_BUILDERS
from reporting.reports import annual_context
from reporting.tests import scenario
from reporting.tests.test_reports import pdf_text
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def s(db):
    s = scenario.build()
    ekonomi = UserFactory(organisation=s.partner, roles=[Role.EKONOMI])
    coordinator = UserFactory(organisation=None, roles=[Role.SAMORDNARE])
    at = timezone.make_aware(dt.datetime(2026, 5, 20, 10))
    document = partner_document_upload(
        partnership=s.p,
        kind=PartnerDocumentKind.objects.get(code="arsredovisning"),
        year=2025,
        upload=SimpleUploadedFile("arsredovisning.pdf", TINY_PDF),
        by=ekonomi,
        now=at,
    )
    partner_document_receive(document=document, by=coordinator, now=at + dt.timedelta(days=7))
    partner_document_upload(
        partnership=s.p,
        kind=PartnerDocumentKind.objects.get(code="verksamhetsberattelse"),
        year=2025,
        upload=SimpleUploadedFile("verksamhetsberattelse.pdf", TINY_PDF),
        by=ekonomi,
        now=at,
    )
    economic_change_notify(
        partnership=s.p,
        description="Lokalhyran höjs.",
        amount=Decimal("36000"),
        effective_from=dt.date(2025, 9, 1),
        by=ekonomi,
        today=dt.date(2025, 8, 20),
    )
    return s


def test_the_annual_report_lists_the_documents_with_their_status_and_the_notices(s):
    with time_machine.travel(dt.datetime(2026, 9, 1, 10, tzinfo=dt.UTC), tick=False):
        context = annual_context(partnership_id=s.p.pk, year=2025)
        assert [(r.kind.code, r.status) for r in context.partner_documents] == [
            ("arsredovisning", "received"),
            ("verksamhetsberattelse", "delivered"),
            ("revisionsberattelse", "missing"),
        ]
        content, _name = REPORT_BUILDERS["annual"]({"partnership": s.p.pk, "year": 2025})
    text = pdf_text(content)
    assert "Handlingar från parten" in text
    assert "2025 Årsredovisning 2026-06-30 mottagen 2026-05-20 2026-05-27" in text
    assert "Revisionsberättelse 2026-06-30 saknas" in text
    assert "Lokalhyran höjs." in text and "36 000 kr" in text


def test_another_years_report_has_its_own_documents_and_no_notices_of_this_year(s):
    with time_machine.travel(dt.datetime(2026, 9, 1, 10, tzinfo=dt.UTC), tick=False):
        context = annual_context(partnership_id=s.p.pk, year=2024)
        before_the_agreement = annual_context(partnership_id=s.p.pk, year=2023)
    assert [(r.year, r.status) for r in context.partner_documents] == [(2024, "missing")] * 3
    assert context.economic_notices == []
    assert before_the_agreement.partner_documents == []
