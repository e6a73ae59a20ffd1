"""UN/CEFACT Cross Industry Invoice (D16B) documents from an InvoiceContent, built with drafthorse:
Factur-X/ZUGFeRD in the EN 16931 profile, and XRechnung 3.0 in CII syntax. drafthorse checks its
output against the Factur-X schema as it serialises; `validate` checks the rules on top."""

from __future__ import annotations

from decimal import Decimal

from drafthorse.models.accounting import ApplicableTradeTax
from drafthorse.models.document import Document
from drafthorse.models.note import IncludedNote
from drafthorse.models.party import TaxRegistration, TradeParty
from drafthorse.models.payment import PaymentMeans, PaymentTerms
from drafthorse.models.tradelines import LineItem

from aostime.domain.invoice_content import InvoiceContent, Party
from aostime.errors import BadInput
from aostime.interchange.einvoice.facts import (
    EMAIL_SCHEME,
    EN16931,
    XRECHNUNG,
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

# drafthorse names the Factur-X schema it validates against after the profile
PROFILES = {"EN16931": "FACTUR-X_EN16931"}


def facturx_xml(content: InvoiceContent, profile: str = "EN16931") -> bytes:
    """The Factur-X / ZUGFeRD XML (the part embedded in the PDF), profile EN 16931."""
    if profile not in PROFILES:
        raise BadInput(f"Factur-X profile {profile!r} is not supported; use one of {', '.join(PROFILES)}")
    return _document(facts(content), EN16931, with_contact=False).serialize(schema=PROFILES[profile])


def xrechnung_xml(content: InvoiceContent) -> bytes:
    """XRechnung 3.0 (CII): EN 16931 plus the German rules, which want the seller's contact
    (name, phone, e-mail: BR-DE-2, -5, -6, -7) and both parties' electronic addresses."""
    seller = content.seller
    if not (seller.phone and seller.email):
        raise BadInput("an XRechnung needs the sender's phone number and e-mail address (BR-DE-6, BR-DE-7)")
    if not (content.buyer.email or content.buyer.electronic_address):
        raise BadInput("an XRechnung needs the client's electronic address (BT-49): its e-mail address, or "
                       "aos client edit ... --peppol-id SCHEME:ID")  # fmt: skip
    # The Factur-X EN 16931 schema is a subset of D16B that holds every XRechnung element used here.
    return _document(facts(content), XRECHNUNG, with_contact=True).serialize(schema=PROFILES["EN16931"])


def _document(f: Facts, guideline: str, with_contact: bool) -> Document:
    doc = Document()
    doc.context.guideline_parameter.id = guideline
    _header(doc, f)
    for line in f.lines:
        doc.trade.items.add(_line_item(line))
    agreement = doc.trade.agreement
    agreement.buyer_reference = f.buyer_reference
    if f.content.order_reference:
        agreement.buyer_order.issuer_assigned_id = f.content.order_reference
    _party(agreement.seller, f.content.seller, seller=True, with_contact=with_contact, vat_ids=f.vat_ids)
    _party(agreement.buyer, f.content.buyer, seller=False, with_contact=False, vat_ids=f.vat_ids)
    _settlement(doc, f)
    return doc


def _header(doc: Document, f: Facts) -> None:
    c = f.content
    doc.header.id = c.number
    doc.header.type_code = c.type_code
    doc.header.issue_date_time = c.issue_date
    for text in c.notes:
        doc.header.notes.add(IncludedNote(content=text))


def _line_item(line: LineFacts) -> LineItem:
    item = LineItem()
    item.document.line_id = line.id
    item.product.name = line.name
    item.agreement.net.amount = line.price
    item.delivery.billed_quantity = (line.quantity, line.unit)
    item.settlement.trade_tax.type_code = "VAT"
    item.settlement.trade_tax.category_code = line.category
    if line.rate is not None:
        item.settlement.trade_tax.rate_applicable_percent = line.rate
    if line.start and line.end:
        item.settlement.period.start = line.start
        item.settlement.period.end = line.end
    item.settlement.monetary_summation.total_amount = line.net
    return item


def _party(target: TradeParty, party: Party, seller: bool, with_contact: bool, vat_ids: bool = True) -> None:
    vat_id = party.vat_id if vat_ids else None
    if seller and not vat_id and party.tax_number:
        # BR-CO-26 wants a seller identifier (BT-29) when there is no VAT id: the tax number is one
        target.id = party.tax_number
    target.name = party.name
    information = legal_information(party) if seller else None
    if information:
        target.description = information
    registration = legal_registration(party) if seller else None
    if registration:
        target.legal_organization.id = registration
    if with_contact:
        # BG-6: aostime knows no contact person, so the business itself is the point of contact
        target.contact.person_name = party.name
        target.contact.telephone.number = party.phone
        target.contact.email.address = party.email
    address = target.address
    address.line_one, address.line_two, address.line_three = street_lines(party)
    if party.address.postcode:
        address.postcode = party.address.postcode
    if city(party):
        address.city_name = city(party)
    address.country_id = party.address.country
    if party.address.region:
        address.country_subdivision = party.address.region
    if party.electronic_address:
        target.electronic_address.uri_ID = electronic_address(party.electronic_address)
    elif party.email:
        target.electronic_address.uri_ID = (EMAIL_SCHEME, party.email)
    if vat_id:
        target.tax_registrations.add(TaxRegistration(id=("VA", vat_id)))
    if seller and party.tax_number:
        target.tax_registrations.add(TaxRegistration(id=("FC", party.tax_number)))
    elif seller and party.vat_id and not vat_id:
        # BR-CO-26 wants a seller identifier: with the VAT id left out (BR-O-02), the id itself
        target.id = party.vat_id


def _settlement(doc: Document, f: Facts) -> None:
    c, settlement = f.content, doc.trade.settlement
    if f.tax_currency:  # BT-6 precedes BT-5 in CII
        settlement.tax_currency_code = f.tax_currency
    settlement.currency_code = c.currency
    code = payment_means_code(c)
    if code:
        means = PaymentMeans()
        means.type_code = code
        if c.bank:
            means.payee_account.iban = c.bank.iban
            means.payee_account.account_name = c.bank.account_holder
            if c.bank.bic:
                means.payee_institution.bic = c.bank.bic
        settlement.payment_means.add(means)
    for tax in f.taxes:
        settlement.trade_tax.add(_tax(tax))
    if c.period_start and c.period_end:
        settlement.period.start = c.period_start
        settlement.period.end = c.period_end
    described = payment_terms(c)
    if described or c.due_date:
        terms = PaymentTerms()
        if described:
            terms.description = described
        if c.due_date:
            terms.due = c.due_date
        settlement.terms.add(terms)
    _totals(settlement.monetary_summation, f)
    if c.preceding_number:
        settlement.invoice_referenced_document.issuer_assigned_id = c.preceding_number
        if c.preceding_date:
            settlement.invoice_referenced_document.issue_date_time = c.preceding_date


def _tax(tax: TaxFacts) -> ApplicableTradeTax:
    row = ApplicableTradeTax()
    row.calculated_amount = tax.tax
    row.type_code = "VAT"
    if tax.reason:
        row.exemption_reason = tax.reason
    row.basis_amount = tax.taxable
    row.category_code = tax.category
    if tax.reason_code:
        row.exemption_reason_code = tax.reason_code
    if tax.rate is not None:
        row.rate_applicable_percent = tax.rate
    return row


def _totals(summation, f: Facts) -> None:
    summation.line_total = f.line_total
    # aostime has no document-level charges or allowances (a discount is a line); drafthorse
    # writes BT-108/107 always, as 0.00 here
    summation.charge_total = Decimal("0.00")
    summation.allowance_total = Decimal("0.00")
    summation.tax_basis_total = f.line_total
    summation.tax_total = (f.tax_total, f.content.currency)
    if f.tax_currency:  # BT-111: the VAT total again, in the accounting currency
        summation.tax_total_other_currency.add((f.tax_total_accounting, f.tax_currency))
    summation.grand_total = f.total
    summation.prepaid_total = f.paid
    summation.due_amount = f.due
