"""The daily reminder of the partner's yearly documents: before the due date to the partner, after it also
to the coordinators; closed once the document is handed in; registered among the daily rules."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from followup.reminders import registered_rules, run_all
from invoicing.models import PartnerDocumentKind
from invoicing.services import partner_document_upload, remind_partner_documents
from iop.models import Notification

from .factories import TINY_PDF, setup

pytestmark = pytest.mark.django_db
KIND = "invoicing.partner_document"


def test_the_rule_is_registered_for_the_daily_run():
    assert registered_rules()["remind_partner_documents"] is remind_partner_documents


def test_nothing_is_due_more_than_30_days_before_the_due_date():
    setup()
    assert remind_partner_documents(today=dt.date(2026, 5, 30)) == 0


def test_before_the_due_date_the_partner_is_reminded_once():
    s = setup()
    created = run_all(today=dt.date(2026, 6, 1), rules=[remind_partner_documents])
    assert created == {"remind_partner_documents": 3}  # three kinds, to the partner's ekonomi
    assert set(Notification.objects.filter(kind=KIND).values_list("user", flat=True)) == {s.ekonomi.pk}
    assert remind_partner_documents(today=dt.date(2026, 6, 2)) == 0


def test_after_the_due_date_the_coordinators_are_reminded_too_and_the_earlier_reminder_closes():
    s = setup()
    remind_partner_documents(today=dt.date(2026, 6, 1))
    assert remind_partner_documents(today=dt.date(2026, 7, 1)) == 6
    open_ = Notification.objects.filter(kind=KIND, done_at=None)
    assert set(open_.values_list("user", flat=True)) == {s.ekonomi.pk, s.samordnare.pk}
    assert all(":after" in key for key in open_.values_list("dedupe_key", flat=True))
    assert "skulle ha lämnats in senast 2026-06-30" in open_.first().message


def test_a_handed_in_document_closes_its_reminder():
    s = setup()
    remind_partner_documents(today=dt.date(2026, 7, 1))
    with time_machine.travel(dt.datetime(2026, 7, 2, 9, tzinfo=dt.UTC), tick=False):
        partner_document_upload(
            partnership=s.partnership,
            kind=PartnerDocumentKind.objects.get(code="arsredovisning"),
            year=2025,
            upload=SimpleUploadedFile("a.pdf", TINY_PDF),
            by=s.ekonomi,
        )
    assert remind_partner_documents(today=dt.date(2026, 7, 3)) == 0
    open_keys = set(Notification.objects.filter(kind=KIND, done_at=None).values_list("dedupe_key", flat=True))
    assert not any("arsredovisning" in key for key in open_keys)
    assert len(open_keys) == 2
