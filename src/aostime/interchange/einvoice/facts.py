"""What both e-invoice syntaxes (CII and UBL) write, worked out once from an InvoiceContent: the
amounts with the signs EN 16931 wants, the identifiers and the fixed codes. The builders only
place these facts into elements; nothing here knows XML."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from aostime.domain.invoice_content import (
    CREDIT_NOTE,
    OUTSIDE_SCOPE,
    REVERSE_CHARGE,
    STANDARD,
    InvoiceContent,
    Line,
    Party,
    TaxSubtotal,
)  # fmt: skip
from aostime.errors import BadInput

EN16931 = "urn:cen.eu:en16931:2017"
XRECHNUNG = EN16931 + "#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
PEPPOL = EN16931 + "#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PEPPOL_PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"

SEPA_CREDIT_TRANSFER = "58"  # UNTDID 4461
CLEARING_BETWEEN_PARTNERS = "97"  # UNTDID 4461: a credit note that settles its invoice, nothing to transfer


def payment_means_code(content: InvoiceContent) -> str | None:
    """How the document is settled (BT-81): by transfer to the seller's account when it names
    one; a credit note without one is cleared against its invoice (XRechnung's BR-DE-1 asks
    every document for payment instructions)."""
    if content.bank:
        return SEPA_CREDIT_TRANSFER
    return CLEARING_BETWEEN_PARTNERS if content.type_code == CREDIT_NOTE else None


EMAIL_SCHEME = "EM"  # EAS code for an e-mail address; EN 16931 and XRechnung accept it, Peppol does not
# The VATEX code of a breakdown row kept before rows named their own (TaxSubtotal.exemption_code):
# reverse charge had one, exempt rows the legal text only (BR-E-10 accepts a reason text alone).
EXEMPTION_CODES = {REVERSE_CHARGE: "VATEX-EU-AE"}


@dataclass(frozen=True)
class LineFacts:
    """One line as written: the price is never negative (BR-27), so a discount is a negative
    quantity at a positive price; on a credit note every sign is turned (see `facts`)."""

    id: str
    name: str
    quantity: Decimal
    unit: str
    price: Decimal
    net: Decimal
    category: str
    rate: Decimal | None  # none for O: a line not subject to VAT has no rate (BR-O-05)
    start: date | None
    end: date | None


@dataclass(frozen=True)
class TaxFacts:
    category: str
    rate: Decimal
    taxable: Decimal
    tax: Decimal
    reason: str | None
    reason_code: str | None


@dataclass(frozen=True)
class Facts:
    content: InvoiceContent
    is_credit_note: bool
    lines: tuple[LineFacts, ...]
    taxes: tuple[TaxFacts, ...]
    line_total: Decimal
    tax_total: Decimal
    total: Decimal
    paid: Decimal
    due: Decimal
    buyer_reference: str
    # an invoice not subject to VAT names no VAT id of either party in its XML (BR-O-02); its
    # printed faces still show them
    vat_ids: bool = True
    tax_currency: str | None = None  # BT-6: the accounting currency, when the VAT is stated in it too
    tax_total_accounting: Decimal | None = None  # BT-111


def money(cents: int) -> Decimal:
    """Cents as a two-place Decimal: the form every EN 16931 amount takes (BR-DEC rules)."""
    return Decimal(cents).scaleb(-2).quantize(Decimal("0.01"))


def facts(content: InvoiceContent) -> Facts:
    # aostime keeps a credit note's amounts negative; a type 381 document states them positive,
    # the type code alone saying which way the money goes. So every sign turns once, here.
    sign = -1 if content.type_code == CREDIT_NOTE else 1
    return Facts(
        content=content,
        is_credit_note=sign < 0,
        lines=tuple(_line(line, sign) for line in content.lines),
        taxes=tuple(_tax(tax, sign) for tax in content.taxes),
        line_total=money(sign * content.line_total_cents),
        tax_total=money(sign * content.tax_total_cents),
        total=money(sign * content.total_cents),
        paid=money(sign * content.paid_cents),
        due=money(sign * content.due_cents),
        # BT-10 is mandatory in XRechnung (BR-DE-15) and Peppol needs it or an order reference
        # (PEPPOL-EN16931-R003); without one from the buyer, the document's own number stands in.
        buyer_reference=content.buyer_reference or content.number,
        vat_ids=all(tax.category != OUTSIDE_SCOPE for tax in content.taxes),
        tax_currency=content.tax_currency,
        tax_total_accounting=None
        if content.tax_total_accounting_cents is None
        else money(sign * content.tax_total_accounting_cents),
    )


def _line(line: Line, sign: int) -> LineFacts:
    quantity, price = sign * line.quantity, Decimal(line.unit_price_cents)
    if price < 0:
        quantity, price = -quantity, -price
    return LineFacts(
        id=str(line.position),
        name=line.description,
        quantity=quantity,
        unit=line.unit,
        price=price.scaleb(-2).quantize(Decimal("0.01")),
        net=money(sign * line.net_cents),
        category=line.tax_category,
        rate=None if line.tax_category == OUTSIDE_SCOPE else _rate(line.tax_rate),
        start=line.period_start,
        end=line.period_end,
    )


def _tax(tax: TaxSubtotal, sign: int) -> TaxFacts:
    reason = tax.exemption_reason
    code = tax.exemption_code or EXEMPTION_CODES.get(tax.category)
    if tax.category != STANDARD and not (reason or code):
        raise BadInput(f"a VAT breakdown row of category {tax.category} needs its legal reason (BR-E-10, BR-O-10)")
    return TaxFacts(
        category=tax.category,
        rate=_rate(tax.rate),  # 0 for O too: XRechnung wants BT-119 in every row (BR-DE-14)
        taxable=money(sign * tax.taxable_cents),
        tax=money(sign * tax.tax_cents),
        reason=reason if tax.category != STANDARD else None,
        reason_code=code if tax.category != STANDARD else None,
    )


def _rate(rate: Decimal) -> Decimal:
    """Two places, as the rates are printed in every code list example ("19.00")."""
    return rate.quantize(Decimal("0.01"))


def street_lines(party: Party) -> tuple[str | None, str | None, str | None]:
    """The address lines BT-35/36/162 (and the buyer's 50/51/163): three at most; a district
    (IE, CN, BR), which EN 16931 has no field for, is the line after the street's."""
    given = [*party.address.lines, *([party.address.district] if party.address.district else [])]
    lines = given[:3] + [None, None, None]
    if len(given) > 3:
        lines[2] = ", ".join(given[2:])
    return lines[0], lines[1], lines[2]


def city(party: Party) -> str | None:
    """BT-37/BT-52: the city; where the country's format has none (JP: the ward is part of the
    street), the district or the state stands in, as XRechnung requires a city (BR-DE-3, BR-DE-8)."""
    address = party.address
    return address.city or address.district or address.region or None


SIREN_SCHEME = "0002"  # ICD 0002: the French SIRENE register, as Chorus Pro and Peppol France name a company


def electronic_address(value: str) -> tuple[str, str]:
    """A Peppol id "SCHEME:ID" (domain.parties.peppol_id) as (scheme, id)."""
    scheme, _, ident = value.partition(":")
    return scheme, ident


def legal_registration(party: Party) -> tuple[str, str] | None:
    """BT-30, the seller's legal registration (scheme, id): its SIREN, else its register number."""
    if party.siren:
        return SIREN_SCHEME, party.siren
    return ("", party.register_number) if party.register_number else None


def legal_information(party: Party) -> str | None:
    """BT-33, the seller's additional legal information: what its printed invoices name in the footer."""
    registered = " ".join(v for v in (party.register_court, party.register_number) if v)
    parts = [("Registered office", party.seat), ("Register", registered),
             ("Managing directors", party.managing_directors), ("SIRET", party.siret)]  # fmt: skip
    text = "; ".join(f"{label}: {value}" for label, value in parts if value)
    return text or None


def payment_terms(content: InvoiceContent) -> str | None:
    """BT-20: the payment terms, "including description of possible penalties" (EN 16931): the
    late-payment terms follow them."""
    text = "\n".join(t for t in (content.payment_terms, content.late_payment_terms) if t)
    return text or None
