"""Every kind of e-invoice the export makes (invoice and credit note, VAT categories O, E and S and
their mix) passes the official Peppol BIS Billing 3.0 rules (the vendored CEN EN 16931 and PEPPOL
Schematron, compiled with SchXslt and run by Saxon) without a fatal assert, and our own IOP rules;
no two distinct documents ever carry the same seller and number."""

import datetime as dt
from decimal import Decimal

import pytest
from lxml import etree

from invoicing import services
from invoicing.exports import NotExportable, export_invoice
from invoicing.iop_rules import validate_iop_rules
from invoicing.models import Invoice, VatCategory
from invoicing.peppol import validator
from invoicing.ubl import CAC, CBC

from .factories import partner_org, setup

pytestmark = pytest.mark.django_db
NS = {"cac": CAC, "cbc": CBC}
Q1, Q2, Q3 = dt.date(2025, 1, 1), dt.date(2025, 4, 1), dt.date(2025, 7, 1)


@pytest.fixture(scope="session")
def peppol():
    """The rule files compiled once for the whole run (about a second)."""
    return validator()


def assert_official(peppol, xml: bytes) -> etree._Element:
    errors = [str(f) for f in peppol.errors(xml)]
    assert errors == [], "\n".join(errors)
    assert validate_iop_rules(xml) == []
    return etree.fromstring(xml)


def vat_registered_setup():
    return setup(partner=partner_org(vat_status="registered", vat_number="SE846004871601"))


def draft(s, start=Q1, **vat):
    invoice = services.invoice_create(partnership=s.partnership, period_start=start, by=s.ekonomi)
    lines = [{"pk": line.pk, **vat.get(line.category, vat.get("all", {}))} for line in invoice.lines.all()]
    if lines and vat:
        services.invoice_update_draft(invoice=invoice, by=s.ekonomi, header={}, lines=lines)
    return invoice


def approve(s, invoice):
    invoice = services.invoice_submit(invoice=invoice, by=s.ekonomi)
    return services.invoice_approve(invoice=invoice, by=s.attestant)


def categories(root) -> dict[str, str]:
    return {
        st.findtext("cac:TaxCategory/cbc:ID", namespaces=NS): st.findtext("cbc:TaxAmount", namespaces=NS)
        for st in root.findall("cac:TaxTotal/cac:TaxSubtotal", NS)
    }


def test_the_compiled_rules_catch_a_broken_document(peppol):
    s = setup()
    root = etree.fromstring(export_invoice(approve(s, draft(s)), "ubl").content)
    root.find("cac:LegalMonetaryTotal/cbc:PayableAmount", NS).text = "1.00"
    rules = {f.rule for f in peppol.errors(etree.tostring(root))}
    assert "BR-CO-16" in rules  # the validator really runs the rules, it does not just pass


def test_an_invoice_not_subject_to_vat_category_o(peppol):
    s = setup()
    root = assert_official(peppol, export_invoice(approve(s, draft(s)), "ubl").content)
    assert categories(root) == {"O": "0.00"}
    category = root.find("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory", NS)
    assert category.findtext("cbc:TaxExemptionReasonCode", namespaces=NS) == "VATEX-EU-O"
    assert "Ej föremål för moms" in category.findtext("cbc:TaxExemptionReason", namespaces=NS)
    assert root.find("cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme", NS) is None


def test_an_exempt_invoice_category_e_carries_the_registered_vat_number(peppol):
    s = vat_registered_setup()
    invoice = approve(s, draft(s, all={"vat_category": VatCategory.EXEMPT}))
    root = assert_official(peppol, export_invoice(invoice, "ubl").content)
    assert categories(root) == {"E": "0.00"}
    assert "mervärdesskattelagen" in root.findtext(
        "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason", namespaces=NS
    )
    assert (
        root.findtext("cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID", namespaces=NS)
        == "SE846004871601"
    )


@pytest.mark.parametrize("rate", ["6.00", "12.00", "25.00"])
def test_a_taxed_invoice_category_s_at_each_swedish_rate(peppol, rate):
    s = vat_registered_setup()
    invoice = approve(s, draft(s, all={"vat_rate": Decimal(rate)}))
    root = assert_official(peppol, export_invoice(invoice, "ubl").content)
    assert list(categories(root)) == ["S"]


def test_an_invoice_with_s_and_e_lines(peppol):
    s = vat_registered_setup()
    invoice = draft(
        s,
        work_clothes={"vat_rate": Decimal("25.00")},
        salary={"vat_category": VatCategory.EXEMPT},
    )
    invoice = approve(s, invoice)
    assert invoice.total_vat == Decimal("10962.00")
    root = assert_official(peppol, export_invoice(invoice, "ubl").content)
    assert categories(root) == {"E": "0.00", "S": "10962.00"}


def test_o_cannot_be_mixed_with_a_taxed_line():
    s = vat_registered_setup()
    invoice = draft(s, work_clothes={"vat_rate": Decimal("25.00")})  # salary lines stay O
    with pytest.raises(Exception, match="Kategori O"):
        services.invoice_submit(invoice=invoice, by=s.ekonomi)


def test_s_and_e_need_the_sellers_registered_vat_number():
    s = setup()  # the partner has no VAT number: it is never invented from the org. number
    invoice = draft(s, all={"vat_category": VatCategory.EXEMPT})
    with pytest.raises(Exception, match="momsregistreringsnummer"):
        services.invoice_submit(invoice=invoice, by=s.ekonomi)


@pytest.mark.parametrize(
    "vat, expected",
    [
        ({}, ["O"]),
        ({"all": {"vat_category": VatCategory.EXEMPT}}, ["E"]),
        ({"all": {"vat_rate": Decimal("25.00")}}, ["S"]),
        ({"work_clothes": {"vat_rate": Decimal("25.00")}, "salary": {"vat_category": "E"}}, ["E", "S"]),
    ],
    ids=["O", "E", "S", "S+E"],
)
def test_a_credit_note_of_each_vat_category_validates_and_asks_for_no_payment(peppol, vat, expected):
    s = vat_registered_setup()
    original = approve(s, draft(s, **vat))
    note = services.credit_note_create(original=original, by=s.ekonomi, reason="Fel period")
    note = approve(s, note)
    root = assert_official(peppol, export_invoice(note, "ubl").content)
    assert etree.QName(root).localname == "CreditNote"
    assert sorted(categories(root)) == expected
    assert root.find("cac:PaymentMeans", NS) is None
    assert root.find("cac:PaymentTerms", NS) is None
    assert root.find(".//cbc:DueDate", NS) is None and root.find(".//cbc:PaymentDueDate", NS) is None
    assert (
        root.findtext("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID", namespaces=NS)
        == original.document_number
    )
    assert note.number == original.number + 1


def test_a_returned_then_approved_invoice_validates_with_one_number(peppol):
    s = vat_registered_setup()
    invoice = services.invoice_submit(invoice=draft(s), by=s.ekonomi)
    invoice = services.invoice_return(invoice=invoice, by=s.attestant, comment="Fel moms")
    assert invoice.number is None
    with pytest.raises(NotExportable):
        export_invoice(invoice, "ubl")
    line = invoice.lines.get(category="work_clothes")
    others = [{"pk": x.pk, "vat_category": "E"} for x in invoice.lines.exclude(pk=line.pk)]
    services.invoice_update_draft(
        invoice=invoice,
        by=s.ekonomi,
        header={},
        lines=[{"pk": line.pk, "vat_rate": Decimal("25.00")}, *others],
    )
    invoice = approve(s, invoice)
    root = assert_official(peppol, export_invoice(invoice, "ubl").content)
    assert root.findtext("cbc:ID", namespaces=NS) == "IOP-1"


def test_the_number_has_the_sellers_prefix_and_the_payment_reference_a_check_digit(peppol):
    s = setup(partner=partner_org(invoice_number_prefix="SSM-IOP-"))
    invoice = approve(s, draft(s))
    root = assert_official(peppol, export_invoice(invoice, "ubl").content)
    assert root.findtext("cbc:ID", namespaces=NS) == "SSM-IOP-1"
    ocr = root.findtext("cac:PaymentMeans/cbc:PaymentID", namespaces=NS)
    assert ocr == "18"  # 1 and its Luhn check digit
    from stdnum import luhn

    assert luhn.is_valid(ocr)


def test_registered_peppol_ids_are_the_endpoints(peppol):
    partner = partner_org(peppol_id="0088:7300010000001")
    s = setup(partner=partner)
    s.city.peppol_id = "0007:2120001124"
    s.city.save()
    root = assert_official(peppol, export_invoice(approve(s, draft(s)), "ubl").content)
    seller = root.find("cac:AccountingSupplierParty/cac:Party/cbc:EndpointID", NS)
    assert (seller.get("schemeID"), seller.text) == ("0088", "7300010000001")


def test_submitted_and_returned_invoices_have_no_e_invoice_and_their_documentation_says_draft():
    s = setup()
    invoice = services.invoice_submit(invoice=draft(s), by=s.ekonomi)
    with pytest.raises(NotExportable):
        export_invoice(invoice, "ubl")
    csv = export_invoice(invoice, "csv").content.decode("utf-8-sig")
    assert "UTKAST – ej attesterad" in csv


def test_no_two_distinct_documents_carry_the_same_seller_and_number(peppol):
    """Download the e-invoice at every step of every path (return, correct, resubmit, approve, pay,
    credit, re-invoice) and keep each (seller endpoint, number) → document."""
    s = vat_registered_setup()
    seen: dict[tuple[str, str], bytes] = {}

    def download_all():
        for invoice in Invoice.objects.all():
            try:
                xml = export_invoice(invoice, "ubl").content
            except NotExportable:
                continue
            root = etree.fromstring(xml)
            key = (
                root.findtext("cac:AccountingSupplierParty/cac:Party/cbc:EndpointID", namespaces=NS),
                root.findtext("cbc:ID", namespaces=NS),
            )
            assert seen.setdefault(key, xml) == xml, f"two documents with {key}"

    first = draft(s, Q1)
    download_all()
    first = services.invoice_submit(invoice=first, by=s.ekonomi)
    download_all()
    first = services.invoice_return(invoice=first, by=s.attestant, comment="Rätta momsen")
    download_all()
    line = first.lines.get(category="work_clothes")
    others = [{"pk": x.pk, "vat_category": "E"} for x in first.lines.exclude(pk=line.pk)]
    services.invoice_update_draft(
        invoice=first, by=s.ekonomi, header={}, lines=[{"pk": line.pk, "vat_rate": Decimal("25.00")}, *others]
    )
    first = services.invoice_submit(invoice=first, by=s.ekonomi)
    download_all()
    first = services.invoice_approve(invoice=first, by=s.attestant)
    download_all()
    second = approve(s, draft(s, Q2))
    services.invoice_mark_paid(invoice=second, by=s.attestant, paid_on=second.invoice_date)
    download_all()
    note = approve(s, services.credit_note_create(original=first, by=s.ekonomi, reason="Fel"))
    download_all()
    again = approve(s, draft(s, Q1))
    download_all()
    third = approve(s, draft(s, Q3))
    download_all()
    assert len(seen) == 5  # first, second, credit note, re-invoice, third
    assert sorted(n for _e, n in seen) == ["IOP-1", "IOP-2", "IOP-3", "IOP-4", "IOP-5"]
    for xml in seen.values():
        assert_official(peppol, xml)
    assert {first.number, second.number, note.number, again.number, third.number} == {1, 2, 3, 4, 5}
