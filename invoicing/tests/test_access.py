"""invoicing.access: who may do what with an invoice, and the scoped lookups."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from invoicing import services
from invoicing.access import (
    invoice_line_or_404,
    invoice_or_404,
    invoice_rights,
    is_creditable,
    seller_invoice_or_404,
)

from .factories import setup

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_the_seller_may_edit_and_submit_a_draft_and_the_buyer_may_not():
    s = setup()
    invoice = services.invoice_create(
        partnership=s.partnership, period_start=dt.date(2025, 1, 1), by=s.ekonomi
    )
    seller, buyer = invoice_rights(s.ekonomi, invoice), invoice_rights(s.attestant, invoice)
    assert (seller.edit, seller.submit, seller.approve, seller.credit) == (True, True, False, False)
    assert (buyer.edit, buyer.submit, buyer.approve, buyer.pay) == (False, False, False, False)


def test_the_buyer_approves_and_either_side_marks_paid_then_the_seller_may_credit():
    s = setup()
    invoice = services.invoice_create(
        partnership=s.partnership, period_start=dt.date(2025, 1, 1), by=s.ekonomi
    )
    invoice = services.invoice_submit(invoice=invoice, by=s.ekonomi)
    assert invoice_rights(s.attestant, invoice).approve and not invoice_rights(s.ekonomi, invoice).approve
    invoice = services.invoice_approve(invoice=invoice, by=s.attestant)
    assert invoice_rights(s.attestant, invoice).pay and invoice_rights(s.ekonomi, invoice).pay
    assert is_creditable(invoice) and invoice_rights(s.ekonomi, invoice).credit
    assert not invoice_rights(s.attestant, invoice).credit


def test_lookups_answer_404_outside_the_scope_and_403_to_the_buyer_on_seller_pages():
    s = setup()
    invoice = services.invoice_create(
        partnership=s.partnership, period_start=dt.date(2025, 1, 1), by=s.ekonomi
    )
    invoice = services.invoice_submit(invoice=invoice, by=s.ekonomi)
    assert invoice_or_404(_request(s.ekonomi), invoice.pk) == invoice
    assert seller_invoice_or_404(_request(s.ekonomi), invoice.pk) == invoice
    with pytest.raises(PermissionDenied):
        seller_invoice_or_404(_request(s.attestant), invoice.pk)
    with pytest.raises(Http404):
        invoice_or_404(_request(s.other_ekonomi), invoice.pk)
    with pytest.raises(Http404):
        invoice_line_or_404(_request(s.ekonomi), invoice.pk, 0)
    line = invoice.lines.first()
    assert invoice_line_or_404(_request(s.ekonomi), invoice.pk, line.pk) == line
