"""E-invoice export: an invoice as Peppol BIS Billing 3.0 (UBL 2.1 Invoice or CreditNote) XML.

Only approved (issued) invoices are exported: the number is given at approval and never reused.
The parties' endpoints are their registered Peppol ids, else their organisation numbers (scheme
0007). VAT: each line carries its own category, chosen by the finance user:
- O (not subject to VAT, an IOP grant is outside VAT): exemption code VATEX-EU-O with its text; no
  VAT identifiers and no other category on the invoice (BR-O-02…14);
- E (exempt): the invoice's exemption reason; the seller's registered VAT number (BR-E-02);
- S (6/12/25 %): the seller's registered VAT number (BR-S-02).
Credit notes carry positive amounts (the document type says it is a credit), reference the original
invoice in BillingReference, and carry no payment means, due date or terms: nothing is to be paid
to the seller.
"""

from decimal import Decimal

from lxml import etree

from iop.models.organisation import peppol_endpoint

from .models import DEFAULT_VAT_EXEMPTION, NOT_SUBJECT_CODE, NOT_SUBJECT_REASON, Invoice, InvoiceLine
from .money import ZERO, vat_breakdown

CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
NS_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
NS_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CURRENCY = "SEK"
ORG_SCHEME = "0007"  # Swedish organisation number in the Peppol EAS/ICD code lists
BRANCH_IDS: dict[str, str] = {
    Invoice.PaymentMeans.BANKGIRO: "SE:BANKGIRO",
    Invoice.PaymentMeans.PLUSGIRO: "SE:PLUSGIRO",
}


def _cbc(parent, name: str, text=None, **attrs) -> etree._Element:
    element = etree.SubElement(parent, f"{{{CBC}}}{name}", **attrs)
    if text is not None:
        element.text = str(text)
    return element


def _cac(parent, name: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{CAC}}}{name}")


def _amount(parent, name: str, value: Decimal) -> None:
    value = Decimal(value)
    _cbc(parent, name, f"{abs(value) if value == 0 else value:.2f}", currencyID=CURRENCY)  # no "-0.00"


def org_digits(org_number: str) -> str:
    return "".join(ch for ch in org_number if ch.isdigit())


def _tax_category(parent, tag: str, category: str, rate: Decimal, exemption: tuple[str, str]) -> None:
    element = _cac(parent, tag)
    _cbc(element, "ID", category)
    if category != "O":
        _cbc(element, "Percent", f"{rate:.2f}".rstrip("0").rstrip(".") if rate else "0")
    if tag == "TaxCategory" and category in ("E", "O"):
        code, reason = exemption
        if code:
            _cbc(element, "TaxExemptionReasonCode", code)
        _cbc(element, "TaxExemptionReason", reason)
    scheme = _cac(element, "TaxScheme")
    _cbc(scheme, "ID", "VAT")


def _party(parent, tag: str, data: dict, with_vat: bool, is_seller: bool) -> None:
    party = _cac(_cac(parent, tag), "Party")
    digits = org_digits(data.get("org_number", ""))
    scheme, endpoint = peppol_endpoint(data.get("peppol_id", ""), data.get("org_number", ""))
    _cbc(party, "EndpointID", endpoint, schemeID=scheme)
    identification = _cac(party, "PartyIdentification")
    _cbc(identification, "ID", digits, schemeID=ORG_SCHEME)
    _cbc(_cac(party, "PartyName"), "Name", data.get("name", ""))
    address = _cac(party, "PostalAddress")
    if data.get("street_address"):
        _cbc(address, "StreetName", data["street_address"])
    if data.get("city"):
        _cbc(address, "CityName", data["city"])
    if data.get("postal_code"):
        _cbc(address, "PostalZone", data["postal_code"])
    _cbc(_cac(address, "Country"), "IdentificationCode", "SE")
    if with_vat and is_seller and data.get("vat_number"):
        tax = _cac(party, "PartyTaxScheme")
        _cbc(tax, "CompanyID", data["vat_number"])
        _cbc(_cac(tax, "TaxScheme"), "ID", "VAT")
    legal = _cac(party, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", data.get("name", ""))
    _cbc(legal, "CompanyID", digits, schemeID=ORG_SCHEME)
    if data.get("email") or data.get("phone"):
        contact = _cac(party, "Contact")
        if data.get("phone"):
            _cbc(contact, "Telephone", data["phone"])
        if data.get("email"):
            _cbc(contact, "ElectronicMail", data["email"])


def _payment(root, invoice: Invoice, seller: dict) -> None:
    """How to pay: credit transfer to the seller's account with the OCR reference, and the terms."""
    means = _cac(root, "PaymentMeans")
    _cbc(means, "PaymentMeansCode", "30")
    _cbc(means, "PaymentID", invoice.ocr_reference)
    account = _cac(means, "PayeeFinancialAccount")
    account_id = invoice.payment_account
    if invoice.payment_means in BRANCH_IDS:
        account_id = "".join(ch for ch in account_id if ch.isdigit())
    else:
        account_id = account_id.replace(" ", "").upper()
    _cbc(account, "ID", account_id)
    _cbc(account, "Name", seller.get("name", "")[:100])
    if invoice.payment_means in BRANCH_IDS:
        _cbc(_cac(account, "FinancialInstitutionBranch"), "ID", BRANCH_IDS[invoice.payment_means])
    _cbc(_cac(root, "PaymentTerms"), "Note", f"{invoice.payment_terms_days} dagar netto")


def _line_name(line: InvoiceLine) -> str:
    return (line.budget_line.description if line.budget_line is not None else line.get_category_display())[
        :100
    ]


def build_ubl(invoice: Invoice) -> bytes:
    """The invoice as Peppol BIS Billing 3.0 UBL XML (UTF-8 bytes). The invoice must be approved."""
    if not invoice.is_issued or invoice.invoice_date is None:
        raise ValueError("Only approved invoices (with number and invoice date) can be exported as UBL.")
    credit = invoice.is_credit_note
    sign = Decimal(-1) if credit else Decimal(1)
    lines = list(invoice.lines.select_related("budget_line").order_by("position", "pk"))
    amounts = [(sign * line.amount, line.vat_rate) for line in lines]
    breakdown = vat_breakdown(amounts)
    # One category per rate: S above 0 %; at 0 % either O or E (O never mixes with another category).
    category_of = {line.vat_rate: line.vat_category for line in lines}
    with_vat = any(line.vat_category in ("S", "E") for line in lines)
    exemptions = {
        "O": (NOT_SUBJECT_CODE, NOT_SUBJECT_REASON),
        "E": ("", invoice.vat_exemption_reason or DEFAULT_VAT_EXEMPTION),
    }

    root_ns = NS_CREDIT_NOTE if credit else NS_INVOICE
    root = etree.Element(
        f"{{{root_ns}}}{'CreditNote' if credit else 'Invoice'}", nsmap={None: root_ns, "cac": CAC, "cbc": CBC}
    )
    _cbc(root, "CustomizationID", CUSTOMIZATION_ID)
    _cbc(root, "ProfileID", PROFILE_ID)
    _cbc(root, "ID", invoice.document_number)
    _cbc(root, "IssueDate", invoice.invoice_date.isoformat())
    if not credit:
        assert invoice.due_date is not None, "an approved invoice has its due date"
        _cbc(root, "DueDate", invoice.due_date.isoformat())
        _cbc(root, "InvoiceTypeCode", "380")
    else:
        _cbc(root, "CreditNoteTypeCode", "381")
    if invoice.note:
        _cbc(root, "Note", invoice.note[:1000])
    _cbc(root, "DocumentCurrencyCode", CURRENCY)
    _cbc(root, "BuyerReference", invoice.buyer_reference or invoice.order_reference)
    period = _cac(root, "InvoicePeriod")
    _cbc(period, "StartDate", invoice.period_start.isoformat())
    _cbc(period, "EndDate", invoice.period_end.isoformat())
    _cbc(_cac(root, "OrderReference"), "ID", invoice.order_reference)
    if credit and invoice.credits is not None:
        original = invoice.credits
        reference = _cac(_cac(root, "BillingReference"), "InvoiceDocumentReference")
        _cbc(reference, "ID", original.document_number)
        if original.invoice_date:
            _cbc(reference, "IssueDate", original.invoice_date.isoformat())
    _cbc(_cac(root, "ContractDocumentReference"), "ID", invoice.order_reference)

    seller = invoice.seller_snapshot
    buyer = invoice.buyer_snapshot
    _party(root, "AccountingSupplierParty", seller, with_vat=with_vat, is_seller=True)
    _party(root, "AccountingCustomerParty", buyer, with_vat=False, is_seller=False)

    if not credit:
        _payment(root, invoice, seller)

    tax_total = _cac(root, "TaxTotal")
    _amount(tax_total, "TaxAmount", sum((vat for _net, vat in breakdown.values()), ZERO))
    for rate, (net, vat) in breakdown.items():
        subtotal = _cac(tax_total, "TaxSubtotal")
        _amount(subtotal, "TaxableAmount", net)
        _amount(subtotal, "TaxAmount", vat)
        category = category_of[rate]
        _tax_category(subtotal, "TaxCategory", category, rate, exemptions.get(category, ("", "")))

    net_total = sum((net for net, _vat in breakdown.values()), ZERO)
    vat_total = sum((vat for _net, vat in breakdown.values()), ZERO)
    monetary = _cac(root, "LegalMonetaryTotal")
    _amount(monetary, "LineExtensionAmount", net_total)
    _amount(monetary, "TaxExclusiveAmount", net_total)
    _amount(monetary, "TaxInclusiveAmount", net_total + vat_total)
    _amount(monetary, "PayableAmount", net_total + vat_total)

    for line, (net, rate) in zip(lines, amounts, strict=True):
        element = _cac(root, "CreditNoteLine" if credit else "InvoiceLine")
        _cbc(element, "ID", line.position)
        if line.verification_reference:
            _cbc(element, "Note", line.verification_reference[:200])
        _cbc(element, "CreditedQuantity" if credit else "InvoicedQuantity", "1", unitCode="C62")
        _amount(element, "LineExtensionAmount", net)
        if line.cost_date:
            line_period = _cac(element, "InvoicePeriod")
            _cbc(line_period, "StartDate", line.cost_date.isoformat())
            _cbc(line_period, "EndDate", line.cost_date.isoformat())
        item = _cac(element, "Item")
        _cbc(item, "Description", line.description)
        _cbc(item, "Name", _line_name(line))
        _tax_category(item, "ClassifiedTaxCategory", line.vat_category, rate, ("", ""))
        _amount(_cac(element, "Price"), "PriceAmount", net)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
