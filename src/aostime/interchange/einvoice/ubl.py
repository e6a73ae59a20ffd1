"""Peppol BIS Billing 3.0 documents (UBL 2.1) from an InvoiceContent, built with lxml's element
API: an Invoice, or a CreditNote for a credit note. UBL fixes the order of the elements, so each
function below appends its children in the order of the UBL 2.1 schema."""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from aostime.domain.invoice_content import InvoiceContent, Party
from aostime.errors import BadInput
from aostime.interchange.einvoice.facts import (
    PEPPOL,
    PEPPOL_PROFILE,
    Facts,
    LineFacts,
    TaxFacts,
    city,
    electronic_address,
    facts,
    legal_information,
    legal_registration,
    payment_means_code,
    payment_terms,
    street_lines,
)

CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
ROOTS = {
    False: ("Invoice", "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"),
    True: ("CreditNote", "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"),
}

# Peppol addresses a party by an identifier from its EAS code list; e-mail ("EM") is not on it.
# The party's Peppol id when it has one (company_peppol_id, a client's --peppol-id), else its
# VAT id under its country's scheme.
VAT_SCHEMES = {
    "AD": "9922", "AL": "9923", "BA": "9924", "BE": "9925", "BG": "9926", "CH": "9927", "CY": "9928",
    "CZ": "9929", "DE": "9930", "EE": "9931", "GB": "9932", "GR": "9933", "EL": "9933", "HR": "9934",
    "IE": "9935", "LI": "9936", "LT": "9937", "LU": "9938", "LV": "9939", "MC": "9940", "ME": "9941",
    "MK": "9942", "MT": "9943", "NL": "9944", "PL": "9945", "PT": "9946", "RO": "9947", "RS": "9948",
    "SI": "9949", "SK": "9950", "SM": "9951", "TR": "9952", "VA": "9953", "FR": "9957", "HU": "9910",
    "AT": "9914", "ES": "9920", "IT": "0211",
}  # fmt: skip


def peppol_xml(content: InvoiceContent) -> bytes:
    f = facts(content)
    tag, namespace = ROOTS[f.is_credit_note]
    root = etree.Element(f"{{{namespace}}}{tag}", nsmap={None: namespace, "cac": CAC, "cbc": CBC})
    _header(root, f)
    _supplier(_cac(root, "AccountingSupplierParty"), content.seller, endpoint(content, "seller"), f.vat_ids)
    _party(_cac(_cac(root, "AccountingCustomerParty"), "Party"), content.buyer, endpoint(content, "buyer"),
           vat_ids=f.vat_ids)  # fmt: skip
    _payment(root, f)
    _tax_total(root, f)
    _monetary_total(root, f)
    for line in f.lines:
        _line(root, line, f)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def endpoint(content: InvoiceContent, role: str) -> tuple[str, str]:
    """The party's Peppol participant id as (EAS scheme, id)."""
    party = content.seller if role == "seller" else content.buyer
    if party.electronic_address:
        return electronic_address(party.electronic_address)
    scheme = VAT_SCHEMES.get((party.vat_id or "")[:2].upper())
    if party.vat_id and scheme:
        return scheme, party.vat_id
    how = "aos config set company_peppol_id SCHEME:ID" if role == "seller" else \
        f"aos client edit {party.name!r} --peppol-id SCHEME:ID"  # fmt: skip
    raise BadInput(f"Peppol needs the {role}'s participant id: {party.name} has neither a Peppol id nor an EU VAT id; "
                   f"set it with {how}")  # fmt: skip


def _cbc(parent, name: str, text, **attributes):
    node = etree.SubElement(parent, f"{{{CBC}}}{name}", {k: v for k, v in attributes.items() if v is not None})
    node.text = str(text)
    return node


def _cac(parent, name: str):
    return etree.SubElement(parent, f"{{{CAC}}}{name}")


def _amount(parent, name: str, value: Decimal, f: Facts):
    return _cbc(parent, name, value, currencyID=f.content.currency)


def _header(root, f: Facts) -> None:
    c = f.content
    _cbc(root, "CustomizationID", PEPPOL)
    _cbc(root, "ProfileID", PEPPOL_PROFILE)
    _cbc(root, "ID", c.number)
    _cbc(root, "IssueDate", c.issue_date.isoformat())
    if not f.is_credit_note and c.due_date:  # a CreditNote states it in PaymentMeans instead
        _cbc(root, "DueDate", c.due_date.isoformat())
    _cbc(root, "CreditNoteTypeCode" if f.is_credit_note else "InvoiceTypeCode", c.type_code)
    if c.notes:  # Peppol allows one note (PEPPOL-EN16931-R002): the invoice's notes, a paragraph each
        _cbc(root, "Note", "\n\n".join(c.notes))
    _cbc(root, "DocumentCurrencyCode", c.currency)
    if f.tax_currency:
        _cbc(root, "TaxCurrencyCode", f.tax_currency)  # BT-6
    _cbc(root, "BuyerReference", f.buyer_reference)
    if c.period_start and c.period_end:
        _period(root, c.period_start, c.period_end)
    if c.order_reference:  # BT-13
        _cbc(_cac(root, "OrderReference"), "ID", c.order_reference)
    if c.preceding_number:  # BG-3: the invoice a credit note corrects
        reference = _cac(_cac(root, "BillingReference"), "InvoiceDocumentReference")
        _cbc(reference, "ID", c.preceding_number)
        if c.preceding_date:
            _cbc(reference, "IssueDate", c.preceding_date.isoformat())


def _period(parent, start, end) -> None:
    period = _cac(parent, "InvoicePeriod")
    _cbc(period, "StartDate", start.isoformat())
    _cbc(period, "EndDate", end.isoformat())


def _supplier(parent, party: Party, endpoint_id: tuple[str, str], vat_ids: bool) -> None:
    node = _cac(parent, "Party")
    _party(node, party, endpoint_id, seller=True, vat_ids=vat_ids)


def _party(node, party: Party, endpoint_id: tuple[str, str], seller: bool = False, vat_ids: bool = True) -> None:
    _cbc(node, "EndpointID", endpoint_id[1], schemeID=endpoint_id[0])
    vat_id = party.vat_id if vat_ids else None  # none on an invoice not subject to VAT (BR-O-02)
    if seller and not vat_id and (party.tax_number or party.vat_id):
        # BR-CO-26 wants a seller identifier (BT-29) when there is no VAT id: the tax number is
        # one; with the VAT id left out and no tax number, the VAT id itself
        _cbc(_cac(node, "PartyIdentification"), "ID", party.tax_number or party.vat_id)
    _address(_cac(node, "PostalAddress"), party)
    if vat_id:
        _tax_scheme(node, vat_id, "VAT")
    if seller and party.tax_number:
        _tax_scheme(node, party.tax_number, "FC")  # BT-32, the national tax number
    legal = _cac(node, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", party.name)
    registration = legal_registration(party) if seller else None
    if registration:  # BT-30
        _cbc(legal, "CompanyID", registration[1], schemeID=registration[0] or None)
    information = legal_information(party) if seller else None
    if information:  # BT-33
        _cbc(legal, "CompanyLegalForm", information)
    if seller and (party.phone or party.email):
        contact = _cac(node, "Contact")
        _cbc(contact, "Name", party.name)
        if party.phone:
            _cbc(contact, "Telephone", party.phone)
        if party.email:
            _cbc(contact, "ElectronicMail", party.email)


def _address(node, party: Party) -> None:
    street, additional, third = street_lines(party)
    if street:
        _cbc(node, "StreetName", street)
    if additional:
        _cbc(node, "AdditionalStreetName", additional)
    if city(party):
        _cbc(node, "CityName", city(party))
    if party.address.postcode:
        _cbc(node, "PostalZone", party.address.postcode)
    if party.address.region:  # BT-39, BT-54
        _cbc(node, "CountrySubentity", party.address.region)
    if third:
        _cbc(_cac(node, "AddressLine"), "Line", third)
    _cbc(_cac(node, "Country"), "IdentificationCode", party.address.country)


def _tax_scheme(node, company_id: str, scheme: str) -> None:
    tax_scheme = _cac(node, "PartyTaxScheme")
    _cbc(tax_scheme, "CompanyID", company_id)
    _cbc(_cac(tax_scheme, "TaxScheme"), "ID", scheme)


def _payment(root, f: Facts) -> None:
    c = f.content
    code = payment_means_code(c)
    if code:
        means = _cac(root, "PaymentMeans")
        _cbc(means, "PaymentMeansCode", code)
        if f.is_credit_note and c.due_date:
            _cbc(means, "PaymentDueDate", c.due_date.isoformat())
    if c.bank:
        account = _cac(means, "PayeeFinancialAccount")
        _cbc(account, "ID", c.bank.iban)
        _cbc(account, "Name", c.bank.account_holder)
        if c.bank.bic:
            _cbc(_cac(account, "FinancialInstitutionBranch"), "ID", c.bank.bic)
    described = payment_terms(c)
    if described:
        _cbc(_cac(root, "PaymentTerms"), "Note", described)


def _tax_total(root, f: Facts) -> None:
    total = _cac(root, "TaxTotal")
    _amount(total, "TaxAmount", f.tax_total, f)
    for tax in f.taxes:
        _tax_subtotal(total, tax, f)
    if f.tax_currency:  # BT-111: a second TaxTotal, the VAT total in the accounting currency alone
        _cbc(_cac(root, "TaxTotal"), "TaxAmount", f.tax_total_accounting, currencyID=f.tax_currency)


def _tax_subtotal(total, tax: TaxFacts, f: Facts) -> None:
    subtotal = _cac(total, "TaxSubtotal")
    _amount(subtotal, "TaxableAmount", tax.taxable, f)
    _amount(subtotal, "TaxAmount", tax.tax, f)
    category = _cac(subtotal, "TaxCategory")
    _cbc(category, "ID", tax.category)
    if tax.rate is not None:
        _cbc(category, "Percent", tax.rate)
    if tax.reason_code:
        _cbc(category, "TaxExemptionReasonCode", tax.reason_code)
    if tax.reason:
        _cbc(category, "TaxExemptionReason", tax.reason)
    _cbc(_cac(category, "TaxScheme"), "ID", "VAT")


def _monetary_total(root, f: Facts) -> None:
    total = _cac(root, "LegalMonetaryTotal")
    _amount(total, "LineExtensionAmount", f.line_total, f)
    _amount(total, "TaxExclusiveAmount", f.line_total, f)
    _amount(total, "TaxInclusiveAmount", f.total, f)
    if f.paid:
        _amount(total, "PrepaidAmount", f.paid, f)
    _amount(total, "PayableAmount", f.due, f)


def _line(root, line: LineFacts, f: Facts) -> None:
    prefix = "CreditNote" if f.is_credit_note else "Invoice"
    node = _cac(root, f"{prefix}Line")
    _cbc(node, "ID", line.id)
    _cbc(node, "CreditedQuantity" if f.is_credit_note else "InvoicedQuantity", line.quantity, unitCode=line.unit)
    _amount(node, "LineExtensionAmount", line.net, f)
    if line.start and line.end:
        _period(node, line.start, line.end)
    item = _cac(node, "Item")
    _cbc(item, "Name", line.name)
    category = _cac(item, "ClassifiedTaxCategory")
    _cbc(category, "ID", line.category)
    if line.rate is not None:
        _cbc(category, "Percent", line.rate)
    _cbc(_cac(category, "TaxScheme"), "ID", "VAT")
    _amount(_cac(node, "Price"), "PriceAmount", line.price, f)
