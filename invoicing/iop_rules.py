"""The project's own rules for IOP e-invoices, stricter than Peppol BIS Billing 3.0.

The official BIS rules (CEN EN 16931 and PEPPOL Schematron, with the Swedish national rules) run
from the vendored rule files in `invoicing.peppol`; nothing here repeats them. These checks add what
the city's invoice channel needs beyond them: rule ids `IOP-…`, plus `XML` / `UBL-ROOT` when the
document cannot be read at all. Where an official Swedish rule is only a warning (payment means and
account formats) the IOP rule makes it an error.

`validate_iop_rules(xml)` returns a list of messages, `"[RULE-ID] text"`; empty means no violation.
"""

from lxml import etree
from stdnum import iban

from .ubl import CAC, CBC, CUSTOMIZATION_ID, NS_CREDIT_NOTE, NS_INVOICE, PROFILE_ID

SUPPORTED_CATEGORIES = {"S", "E", "O"}
NS = {"cac": CAC, "cbc": CBC}


def _text(element, path: str) -> str:
    return (element.findtext(path, default="", namespaces=NS) or "").strip()


def validate_iop_rules(xml: bytes | str) -> list[str]:
    """Check an Invoice or CreditNote against the IOP rules listed in docs/invoicing.md."""
    if isinstance(xml, str):
        xml = xml.encode("utf-8")
    try:
        root = etree.fromstring(xml)
    except etree.XMLSyntaxError as exc:
        return [f"[XML] Dokumentet är inte välformad XML: {exc}"]
    qname = etree.QName(root)
    if (qname.namespace, qname.localname) not in ((NS_INVOICE, "Invoice"), (NS_CREDIT_NOTE, "CreditNote")):
        return [f"[UBL-ROOT] Rotelementet ska vara UBL Invoice eller CreditNote, inte {qname.localname}."]
    credit = qname.localname == "CreditNote"
    errors: list[str] = []

    def fail(rule: str, message: str) -> None:
        errors.append(f"[{rule}] {message}")

    # --- document: BIS Billing 3.0 profile, in Swedish kronor ------------------------------
    if _text(root, "cbc:CustomizationID") != CUSTOMIZATION_ID or _text(root, "cbc:ProfileID") != PROFILE_ID:
        fail("IOP-ID-01", f"CustomizationID ska vara {CUSTOMIZATION_ID} och ProfileID {PROFILE_ID}.")
    currency = _text(root, "cbc:DocumentCurrencyCode")
    if currency != "SEK":
        fail("IOP-CUR-01", f"Valutakod ska vara SEK, är {currency or 'tom'}.")

    # --- credit notes --------------------------------------------------------------------
    if credit and not _text(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"):
        fail("IOP-CN-01", "En kreditnota ska hänvisa till den krediterade fakturan (BillingReference).")
    means = root.findall("cac:PaymentMeans", NS)
    if credit and (means or root.find("cac:PaymentTerms", NS) is not None):
        fail("IOP-CN-02", "En kreditnota ska inte ha betalningssätt eller betalningsvillkor.")

    # --- parties: both carry their organisation number -----------------------------------
    for path, label in (
        ("cac:AccountingSupplierParty/cac:Party", "Säljarens"),
        ("cac:AccountingCustomerParty/cac:Party", "Köparens"),
    ):
        party = root.find(path, NS)
        if party is not None and not _text(party, "cac:PartyLegalEntity/cbc:CompanyID"):
            fail("IOP-LE-01", f"{label} organisationsnummer (PartyLegalEntity/CompanyID) saknas.")

    # --- VAT categories --------------------------------------------------------------------
    codes = {
        _text(category, "cbc:ID")
        for path in ("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory", ".//cac:Item/cac:ClassifiedTaxCategory")
        for category in root.findall(path, NS)
    }
    for code in sorted(codes - SUPPORTED_CATEGORIES):
        fail("IOP-VAT-01", f"Momskategori {code or 'saknas'}: bara S, E och O används för IOP-fakturor.")

    # --- payment means: credit transfer to a bankgiro, plusgiro or IBAN ---------------------
    if not means and not credit:
        fail("IOP-PAY-01", "Betalningssätt (PaymentMeans) saknas.")
    for payment in means:
        code = _text(payment, "cbc:PaymentMeansCode")
        branch = _text(payment, "cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID")
        account = _text(payment, "cac:PayeeFinancialAccount/cbc:ID")
        if code != "30":
            fail(
                "IOP-PAY-04",
                f"Betalningssätt ska vara kreditöverföring med kod 30 (bankgiro, plusgiro eller IBAN), "
                f"inte {code or 'tom'}.",
            )
        if not account:
            fail("IOP-PAY-02", "Kontonummer (PayeeFinancialAccount/ID) saknas.")
            continue
        if branch == "SE:BANKGIRO":
            if not (account.isdigit() and len(account) in (7, 8)):
                fail("IOP-PAY-05", "Bankgironummer ska vara 7–8 siffror.")
        elif branch == "SE:PLUSGIRO":
            if not (account.isdigit() and 2 <= len(account) <= 8):
                fail("IOP-PAY-05", "Plusgironummer ska vara 2–8 siffror.")
        elif branch:
            fail(
                "IOP-PAY-05",
                f"Okänd kontotyp {branch}: använd SE:BANKGIRO eller SE:PLUSGIRO, eller IBAN utan kontotyp.",
            )
        elif not iban.is_valid(account):
            fail("IOP-PAY-03", "Konto utan kontotyp ska vara ett IBAN (med rätt kontrollsiffror).")
    return errors
