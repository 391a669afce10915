import datetime as dt
from decimal import Decimal

import pytest

from invoicing import demo
from invoicing.iop_rules import validate_iop_rules
from invoicing.models import Invoice
from invoicing.peppol import validator
from invoicing.selectors import (
    DocumentStatus,
    economic_change_notices,
    missing_partner_documents,
    partner_document_rows,
)
from invoicing.ubl import build_ubl
from iop import demo as iop_demo
from iop.models import Partnership

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_stadsmission_year_and_an_actual_cost_example_and_is_idempotent():
    iop_demo.seed(demo_users=True)
    demo.seed(demo_users=True)
    demo.seed(demo_users=True)
    stadsmission = Invoice.objects.filter(partnership__case_number=iop_demo.STADSMISSION_CASE).order_by(
        "period_start"
    )
    assert [(i.number, i.status) for i in stadsmission] == [
        (1, "paid"),
        (2, "paid"),
        (3, "paid"),
        (None, "submitted"),  # waiting for approval: no number yet
    ]
    assert sum(i.total for i in stadsmission) == Decimal("1926637.00")
    assert stadsmission[3].submitted_by.username == "ekonomi"
    assert all(i.approved_by.username == "attestant" for i in stadsmission[:3])
    example = Invoice.objects.filter(partnership__case_number=demo.EXAMPLE_CASE).order_by("period_start")
    assert [i.status for i in example] == ["approved", "draft"]
    assert all(line.has_verification for line in example[0].lines.all())
    assert example[0].lines.filter(verification_file__gt="").count() == 1
    for invoice in [*stadsmission[:3], example[0]]:
        xml = build_ubl(invoice)
        assert validate_iop_rules(xml) == []
        assert [str(f) for f in validator().errors(xml)] == []  # the official Peppol rules
    assert stadsmission[0].paid_on == dt.date(2025, 5, 2)


def test_without_demo_users_no_invoices_are_made():
    iop_demo.seed(demo_users=False)
    demo.seed(demo_users=False)
    assert not Invoice.objects.exists()


def test_the_demo_has_stadsmissions_2025_documents_with_one_missing_and_one_notice():
    iop_demo.seed(demo_users=True)
    demo.seed(demo_users=True)
    demo.seed(demo_users=True)
    partnership = Partnership.objects.get(case_number=iop_demo.STADSMISSION_CASE)
    rows = partner_document_rows(partnership, as_of=dt.date(2026, 9, 1))
    assert [(r.kind.code, r.status) for r in rows] == [
        ("arsredovisning", DocumentStatus.RECEIVED),
        ("verksamhetsberattelse", DocumentStatus.RECEIVED),
        ("revisionsberattelse", DocumentStatus.MISSING),
    ]
    assert [r.kind.code for r in missing_partner_documents(partnership, dt.date(2026, 9, 1))] == [
        "revisionsberattelse"
    ]
    notices = economic_change_notices(partnership, dt.date(2025, 7, 1), dt.date(2025, 9, 30))
    assert len(notices) == 1 and notices[0].acknowledged_by.username == "samordnare"
    assert "Påhittad" in notices[0].description
