import datetime as dt
from decimal import Decimal

import pytest
from lxml import etree
from peppol import check_rules, validate_xsd

from invoicing import services
from invoicing.iop_rules import validate_iop_rules
from invoicing.models import Invoice
from invoicing.peppol import validator
from invoicing.ubl import CAC, CBC, CUSTOMIZATION_ID, PROFILE_ID, build_ubl
from iop.models import BudgetLine, Partnership

from .factories import partner_org, setup

pytestmark = pytest.mark.django_db
NS = {"cac": CAC, "cbc": CBC}


def issued(s, start=dt.date(2025, 1, 1), *, approve=True) -> Invoice:
    invoice = services.invoice_create(partnership=s.partnership, period_start=start, by=s.ekonomi)
    invoice = services.invoice_submit(invoice=invoice, by=s.ekonomi)
    return services.invoice_approve(invoice=invoice, by=s.attestant) if approve else invoice


def approved(s, invoice) -> Invoice:
    invoice = services.invoice_submit(invoice=invoice, by=s.ekonomi)
    return services.invoice_approve(invoice=invoice, by=s.attestant)


def vat_partner(**kwargs):
    return partner_org(vat_status="registered", vat_number="SE846004871601", **kwargs)


def assert_valid(xml: bytes) -> None:
    ok, errors = validate_xsd(xml)
    assert ok, errors
    assert validate_iop_rules(xml) == []
    assert [str(f) for f in check_rules(xml) if f.severity == "fatal"] == []
    assert [str(f) for f in validator().errors(xml)] == []  # the official Peppol rules


def test_a_fixed_share_invoice_is_valid_ubl_and_bis_with_vat_category_o():
    invoice = issued(setup())
    xml = build_ubl(invoice)
    assert_valid(xml)
    root = etree.fromstring(xml)
    assert root.findtext("cbc:CustomizationID", namespaces=NS) == CUSTOMIZATION_ID
    assert root.findtext("cbc:ProfileID", namespaces=NS) == PROFILE_ID
    seller = root.find("cac:AccountingSupplierParty/cac:Party", NS)
    assert seller.find("cbc:EndpointID", NS).get("schemeID") == "0007"
    assert seller.findtext("cbc:EndpointID", namespaces=NS) == "8460048716"
    assert seller.findtext("cac:PartyLegalEntity/cbc:CompanyID", namespaces=NS) == "8460048716"
    assert seller.find("cac:PartyTaxScheme", NS) is None
    assert root.findtext("cac:OrderReference/cbc:ID", namespaces=NS) == "ASN-2024-1234"
    assert root.findtext("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID", namespaces=NS) == "O"
    assert "idéburet" in root.findtext(
        "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason", namespaces=NS
    )
    assert root.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=NS) == "481659.25"
    means = root.find("cac:PaymentMeans", NS)
    assert means.findtext("cbc:PaymentMeansCode", namespaces=NS) == "30"
    assert means.findtext("cac:PayeeFinancialAccount/cbc:ID", namespaces=NS) == "50501055"
    assert (
        means.findtext("cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID", namespaces=NS)
        == "SE:BANKGIRO"
    )


def test_an_invoice_with_a_25_percent_line_and_exempt_lines_uses_s_and_e_and_the_registered_vat_number():
    s = setup(partner=vat_partner())
    invoice = services.invoice_create(
        partnership=s.partnership, period_start=dt.date(2025, 1, 1), by=s.ekonomi
    )
    line = invoice.lines.get(category=BudgetLine.Category.WORK_CLOTHES)
    others = [{"pk": x.pk, "vat_category": "E"} for x in invoice.lines.exclude(pk=line.pk)]
    services.invoice_update_draft(
        invoice=invoice,
        by=s.ekonomi,
        header={},
        lines=[{"pk": line.pk, "vat_rate": Decimal("25.00")}, *others],
    )
    invoice = approved(s, invoice)
    assert invoice.total_vat == Decimal("10962.00") and invoice.total == Decimal("492621.25")
    xml = build_ubl(invoice)
    assert_valid(xml)
    root = etree.fromstring(xml)
    assert (
        root.findtext("cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID", namespaces=NS)
        == "SE846004871601"
    )
    categories = {
        st.findtext("cac:TaxCategory/cbc:ID", namespaces=NS): st.findtext("cbc:TaxAmount", namespaces=NS)
        for st in root.findall("cac:TaxTotal/cac:TaxSubtotal", NS)
    }
    assert categories == {"E": "0.00", "S": "10962.00"}


@pytest.mark.parametrize("rate", ["6.00", "12.00"])
def test_the_other_swedish_vat_rates_validate(rate):
    s = setup(partner=vat_partner())
    invoice = services.invoice_create(
        partnership=s.partnership, period_start=dt.date(2025, 1, 1), by=s.ekonomi
    )
    services.invoice_update_draft(
        invoice=invoice,
        by=s.ekonomi,
        header={},
        lines=[{"pk": line.pk, "vat_rate": Decimal(rate)} for line in invoice.lines.all()],
    )
    assert_valid(build_ubl(approved(s, invoice)))


def test_a_credit_note_is_valid_and_references_the_original():
    s = setup()
    original = issued(s)
    note = services.credit_note_create(original=original, by=s.ekonomi, reason="Fel belopp")
    note = approved(s, note)
    xml = build_ubl(note)
    assert_valid(xml)
    root = etree.fromstring(xml)
    assert etree.QName(root).localname == "CreditNote"
    assert root.findtext("cbc:CreditNoteTypeCode", namespaces=NS) == "381"
    assert root.findtext("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID", namespaces=NS) == "IOP-1"
    assert root.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=NS) == "481659.25"


@pytest.mark.parametrize(
    "means, account, expected",
    [
        ("plusgiro", "4 77 10-2", "477102"),
        ("iban", "SE45 5000 0000 0583 9825 7466", "SE4550000000058398257466"),
    ],
)
def test_plusgiro_and_iban_payment_details_validate(means, account, expected):
    field = "plusgiro" if means == "plusgiro" else "iban"
    partner = partner_org(bankgiro="", **{field: account})
    s = setup(partner=partner)
    invoice = services.invoice_create(
        partnership=s.partnership, period_start=dt.date(2025, 1, 1), by=s.ekonomi
    )
    assert invoice.payment_means == means
    xml = build_ubl(approved(s, invoice))
    assert_valid(xml)
    assert (
        etree.fromstring(xml).findtext("cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID", namespaces=NS)
        == expected
    )


def test_an_actual_cost_invoice_with_cost_dates_and_references_validates():
    s = setup(method=Partnership.InvoicingMethod.ACTUAL_COST)
    invoice = services.invoice_create(
        partnership=s.partnership, period_start=dt.date(2025, 1, 1), by=s.ekonomi
    )
    services.invoice_update_draft(
        invoice=invoice,
        by=s.ekonomi,
        header={},
        lines=[
            {
                "budget_line": s.budget_lines[0],
                "description": "Lön januari",
                "cost_date": dt.date(2025, 1, 25),
                "amount": Decimal("45000.00"),
                "vat_rate": Decimal("0.00"),
                "verification_reference": "Lönelista 2025-01",
            }
        ],
    )
    assert_valid(build_ubl(approved(s, invoice)))


def test_a_draft_or_a_submitted_invoice_cannot_be_exported_as_an_e_invoice():
    s = setup()
    draft = services.invoice_create(partnership=s.partnership, period_start=dt.date(2025, 1, 1), by=s.ekonomi)
    with pytest.raises(ValueError):
        build_ubl(draft)
    submitted = services.invoice_submit(invoice=draft, by=s.ekonomi)
    with pytest.raises(ValueError):
        build_ubl(submitted)


# --- each broken document is caught: by the official rules or by our IOP rules ------------


def _find(root, path):
    return root.find(path, NS)


def _set(path, value):
    def mutate(root):
        _find(root, path).text = value

    return mutate


def _set_all(path, value):
    def mutate(root):
        for element in root.findall(path, NS):
            element.text = value

    return mutate


def _remove(path):
    def mutate(root):
        element = _find(root, path)
        element.getparent().remove(element)

    return mutate


def _set_attr(path, name, value):
    def mutate(root):
        _find(root, path).set(name, value)

    return mutate


def _add_seller_vat(root):
    party = _find(root, "cac:AccountingSupplierParty/cac:Party")
    tax = etree.Element(f"{{{CAC}}}PartyTaxScheme")
    etree.SubElement(tax, f"{{{CBC}}}CompanyID").text = "SE846004871601"
    scheme = etree.SubElement(tax, f"{{{CAC}}}TaxScheme")
    etree.SubElement(scheme, f"{{{CBC}}}ID").text = "VAT"
    _find(party, "cac:PartyLegalEntity").addprevious(tax)


def _to_category_e(root):
    """Every VAT category of the O invoice becomes E at 0 % (the exemption reason stays)."""
    categories = [_find(root, f"{SUB}/cac:TaxCategory")]
    categories += [line.find("cac:Item/cac:ClassifiedTaxCategory", NS) for line in root.findall(LINE, NS)]
    for category in categories:
        category.find("cbc:ID", NS).text = "E"
        category.find("cbc:ID", NS).addnext(etree.Element(f"{{{CBC}}}Percent"))
        category.find("cbc:Percent", NS).text = "0"


def _both(*mutations):
    def mutate(root):
        for m in mutations:
            m(root)

    return mutate


SUB = "cac:TaxTotal/cac:TaxSubtotal"
LINE = "cac:InvoiceLine"
SELLER = "cac:AccountingSupplierParty/cac:Party"
BUYER = "cac:AccountingCustomerParty/cac:Party"
ACCOUNT = "cac:PaymentMeans/cac:PayeeFinancialAccount"
NO_REASON = _both(
    _remove(f"{SUB}/cac:TaxCategory/cbc:TaxExemptionReason"),
    _remove(f"{SUB}/cac:TaxCategory/cbc:TaxExemptionReasonCode"),
)

# A fatal assert of the official Peppol BIS 3.0 rules (invoicing.peppol) on the broken O invoice.
OFFICIAL_VIOLATIONS = [
    ("PEPPOL-EN16931-R004", _set("cbc:CustomizationID", "urn:cen.eu:en16931:2017")),
    ("BR-02", _set("cbc:ID", "")),
    ("PEPPOL-EN16931-P0100", _set("cbc:InvoiceTypeCode", "381")),
    ("PEPPOL-EN16931-R051", _set("cbc:DocumentCurrencyCode", "EUR")),
    ("PEPPOL-EN16931-R003", _both(_remove("cbc:BuyerReference"), _remove("cac:OrderReference"))),
    (
        "BR-06",
        _both(
            _set(f"{SELLER}/cac:PartyName/cbc:Name", ""),
            _set(f"{SELLER}/cac:PartyLegalEntity/cbc:RegistrationName", ""),
        ),
    ),
    ("BR-09", _remove(f"{SELLER}/cac:PostalAddress/cac:Country")),
    ("PEPPOL-EN16931-R020", _remove(f"{SELLER}/cbc:EndpointID")),
    ("PEPPOL-EN16931-R010", _remove(f"{BUYER}/cbc:EndpointID")),
    ("PEPPOL-COMMON-R049", _set(f"{BUYER}/cbc:EndpointID", "2120001125")),
    ("PEPPOL-COMMON-R049", _set(f"{SELLER}/cbc:EndpointID", "84600487")),
    ("SE-R-003", _set(f"{SELLER}/cac:PartyLegalEntity/cbc:CompanyID", "846004-871")),
    ("SE-R-004", _set(f"{SELLER}/cac:PartyLegalEntity/cbc:CompanyID", "84600487160")),
    ("SE-R-013", _set(f"{SELLER}/cac:PartyLegalEntity/cbc:CompanyID", "8460048717")),
    ("BR-CO-10", _set("cac:LegalMonetaryTotal/cbc:LineExtensionAmount", "481659.26")),
    ("BR-CO-13", _set("cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount", "481659.20")),
    ("BR-CO-15", _set("cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount", "481659.00")),
    ("BR-CO-16", _set("cac:LegalMonetaryTotal/cbc:PayableAmount", "1.00")),
    ("BR-CO-14", _set("cac:TaxTotal/cbc:TaxAmount", "5.00")),
    ("BR-CO-17", _set(f"{SUB}/cbc:TaxAmount", "5.00")),
    ("BR-O-08", _set(f"{SUB}/cbc:TaxableAmount", "100.00")),
    ("PEPPOL-EN16931-R120", _set(f"{LINE}/cac:Price/cbc:PriceAmount", "1.00")),
    ("BR-27", _set(f"{LINE}/cac:Price/cbc:PriceAmount", "-1.00")),
    ("BR-O-10", NO_REASON),
    ("BR-O-02", _add_seller_vat),
    ("BR-E-01", _set(f"{LINE}/cac:Item/cac:ClassifiedTaxCategory/cbc:ID", "E")),
    ("BR-E-02", _to_category_e),
    ("BR-E-10", _both(_to_category_e, _add_seller_vat, NO_REASON)),
    ("BR-23", lambda root: _find(root, f"{LINE}/cbc:InvoicedQuantity").attrib.pop("unitCode")),
    ("BR-25", _set(f"{LINE}/cac:Item/cbc:Name", "")),
    ("PEPPOL-EN16931-R051", _set_attr("cac:TaxTotal/cbc:TaxAmount", "currencyID", "EUR")),
    ("BR-DEC-23", _set(f"{LINE}/cbc:LineExtensionAmount", "437811.250")),
    ("BR-CO-25", _both(_remove("cbc:DueDate"), _remove("cac:PaymentTerms"))),
    ("BR-16", lambda root: [root.remove(line) for line in root.findall(LINE, NS)]),
]

# Our own rule (invoicing.iop_rules); where the official rules see the same problem only as a
# warning, that warning is named too.
IOP_VIOLATIONS = [
    ("IOP-ID-01", None, _set("cbc:ProfileID", "urn:fdc:peppol.eu:2017:poacc:billing:99:1.0")),
    ("IOP-ID-01", None, _set("cbc:CustomizationID", "urn:cen.eu:en16931:2017")),
    ("IOP-CUR-01", None, _set("cbc:DocumentCurrencyCode", "EUR")),
    ("IOP-LE-01", None, _remove(f"{BUYER}/cac:PartyLegalEntity/cbc:CompanyID")),
    (
        "IOP-VAT-01",
        None,
        _both(
            _set(f"{SUB}/cac:TaxCategory/cbc:ID", "Z"),
            _set(f"{LINE}/cac:Item/cac:ClassifiedTaxCategory/cbc:ID", "Z"),
        ),
    ),
    ("IOP-PAY-01", None, _remove("cac:PaymentMeans")),
    ("IOP-PAY-02", None, _set(f"{ACCOUNT}/cbc:ID", "")),
    ("IOP-PAY-03", None, _remove(f"{ACCOUNT}/cac:FinancialInstitutionBranch")),
    ("IOP-PAY-04", "SE-R-011", _set("cac:PaymentMeans/cbc:PaymentMeansCode", "56")),
    ("IOP-PAY-04", "SE-R-012", _set("cac:PaymentMeans/cbc:PaymentMeansCode", "31")),
    ("IOP-PAY-05", "SE-R-008", _set(f"{ACCOUNT}/cbc:ID", "5050-105")),
    ("IOP-PAY-05", "SE-R-009", _set(f"{ACCOUNT}/cbc:ID", "505010551")),
    (
        "IOP-PAY-05",
        "SE-R-007",
        _both(
            _set(f"{ACCOUNT}/cac:FinancialInstitutionBranch/cbc:ID", "SE:PLUSGIRO"),
            _set(f"{ACCOUNT}/cbc:ID", "47 71 02"),
        ),
    ),
    (
        "IOP-PAY-05",
        "SE-R-010",
        _both(
            _set(f"{ACCOUNT}/cac:FinancialInstitutionBranch/cbc:ID", "SE:PLUSGIRO"),
            _set(f"{ACCOUNT}/cbc:ID", "123456789"),
        ),
    ),
    ("IOP-PAY-05", None, _set(f"{ACCOUNT}/cac:FinancialInstitutionBranch/cbc:ID", "SE:KONTO")),
]


def _fatal_rules(xml: bytes) -> set[str]:
    return {f.rule for f in validator().errors(xml)}


@pytest.fixture
def valid_xml():
    return build_ubl(issued(setup()))


@pytest.mark.parametrize(
    "rule, mutate", OFFICIAL_VIOLATIONS, ids=[f"{r}-{i}" for i, (r, _m) in enumerate(OFFICIAL_VIOLATIONS)]
)
def test_the_official_rules_catch_each_violation(valid_xml, rule, mutate):
    root = etree.fromstring(valid_xml)
    mutate(root)
    assert rule in _fatal_rules(etree.tostring(root))


@pytest.mark.parametrize(
    "rule, warning, mutate", IOP_VIOLATIONS, ids=[f"{r}-{i}" for i, (r, _w, _m) in enumerate(IOP_VIOLATIONS)]
)
def test_the_iop_rules_catch_each_violation(valid_xml, rule, warning, mutate):
    root = etree.fromstring(valid_xml)
    mutate(root)
    xml = etree.tostring(root)
    errors = validate_iop_rules(xml)
    assert any(e.startswith(f"[{rule}]") for e in errors), errors
    if warning:  # the official rules see it too, but only as a warning
        assert (warning, "warning") in {(f.rule, f.flag) for f in validator().validate(xml)}


def test_the_official_rules_catch_vat_rule_violations_on_taxed_invoices():
    s = setup(partner=vat_partner())
    invoice = services.invoice_create(
        partnership=s.partnership, period_start=dt.date(2025, 1, 1), by=s.ekonomi
    )
    services.invoice_update_draft(
        invoice=invoice,
        by=s.ekonomi,
        header={},
        lines=[{"pk": line.pk, "vat_rate": Decimal("25.00")} for line in invoice.lines.all()],
    )
    xml = build_ubl(approved(s, invoice))
    cases = {
        "SE-R-006": _both(
            _set(f"{SUB}/cac:TaxCategory/cbc:Percent", "20"),
            _set(f"{SUB}/cbc:TaxAmount", "96331.85"),
            _set("cac:TaxTotal/cbc:TaxAmount", "96331.85"),
        ),
        "BR-S-05": _set_all(f"{LINE}/cac:Item/cac:ClassifiedTaxCategory/cbc:Percent", "0"),
        "BR-S-02": _remove(f"{SELLER}/cac:PartyTaxScheme"),
        "SE-R-001": _set(f"{SELLER}/cac:PartyTaxScheme/cbc:CompanyID", "SE8460048716"),
        "SE-R-002": _set(f"{SELLER}/cac:PartyTaxScheme/cbc:CompanyID", "SE84600487160X"),
    }
    for rule, mutate in cases.items():
        root = etree.fromstring(xml)
        mutate(root)
        assert rule in _fatal_rules(etree.tostring(root)), rule


def test_the_iop_rules_want_a_reference_and_no_payment_details_on_credit_notes():
    s = setup()
    original = issued(s)
    xml = build_ubl(approved(s, services.credit_note_create(original=original, by=s.ekonomi, reason="x")))
    assert validate_iop_rules(xml) == []
    root = etree.fromstring(xml)
    root.remove(root.find("cac:BillingReference", NS))
    assert any(e.startswith("[IOP-CN-01]") for e in validate_iop_rules(etree.tostring(root)))
    root = etree.fromstring(xml)
    invoice = etree.fromstring(build_ubl(original))
    root.find("cac:LegalMonetaryTotal", NS).addprevious(invoice.find("cac:PaymentMeans", NS))
    assert any(e.startswith("[IOP-CN-02]") for e in validate_iop_rules(etree.tostring(root)))


def test_the_iop_rules_report_malformed_xml_and_foreign_roots():
    assert validate_iop_rules(b"<Invoice>")[0].startswith("[XML]")
    assert validate_iop_rules(b"<Order xmlns='urn:x'/>")[0].startswith("[UBL-ROOT]")
