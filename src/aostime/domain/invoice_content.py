"""What an issued invoice (or credit note) says, as one value: who bills whom, for what, and the
totals by the EN 16931 rules. Every face of a sendable invoice is made from it alone: the HTML
page, the PDF, the CSV, and the e-invoices (Factur-X/ZUGFeRD CII, XRechnung, Peppol UBL). The
services build it from the database and the settings (who the sender is); nothing here reads
either, and nothing here formats: the renderers localise (Babel) and the XML builders serialise.

Money is exact: amounts are integer cents, rates and quantities Decimals. A credit note's lines
and totals are negative, as aostime shows them; the e-invoice builders write a credit note (type
381) with the positive amounts the standard expects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

# EN 16931 VAT category codes (UNTDID 5305) aostime issues, and which one each tax mode is
# (domain/vat.py has the rules): S standard rated; AE reverse charge (EU B2B, the buyer accounts
# for the VAT); E exempt (an exempt supply, or the sender's small-business exemption); O not
# subject to VAT (e.g. a service to a business outside the EU)
from aostime.domain.vat import CATEGORIES as TAX_MODES  # noqa: F401
from aostime.domain.vat import EXEMPT, OUTSIDE_SCOPE, REVERSE_CHARGE, STANDARD  # noqa: F401

INVOICE, CREDIT_NOTE = "380", "381"  # UNTDID 1001 document type codes
HOURS, UNITS = "HUR", "C62"  # UN/ECE Recommendation 20 unit codes: hour, one (a piece)


@dataclass(frozen=True)
class Address:
    lines: tuple[str, ...]  # street and further lines, without postcode, city and country
    postcode: str
    city: str
    country: str  # ISO 3166-1 alpha-2, e.g. "DE"
    region: str = ""  # the state, province or prefecture where the country has them (BT-39, BT-54)
    district: str = ""  # a part of the city where the country writes it (IE, CN, BR)
    sorting_code: str = ""
    formatted: tuple[str, ...] = ()  # the lines as the country writes them (domain.addresses); () if kept before


@dataclass(frozen=True)
class Party:
    name: str
    address: Address
    vat_id: str | None = None  # e.g. "DE123456789"
    tax_number: str | None = None  # the seller's national tax number (Steuernummer)
    email: str | None = None
    phone: str | None = None
    electronic_address: str | None = None  # a Peppol id "SCHEME:ID" (BT-34, BT-49)
    # the seller in the register, as a company's invoices name it (§ 35a GmbHG; Code de commerce R123-237)
    register_court: str | None = None  # "Amtsgericht Charlottenburg", "RCS Paris"
    register_number: str | None = None  # "HRB 12345 B"
    seat: str | None = None  # the registered seat, when not the address's city
    managing_directors: str | None = None
    siren: str | None = None  # France: the company (BT-30, scheme 0002)
    siret: str | None = None  # France: the establishment


@dataclass(frozen=True)
class Bank:
    account_holder: str
    iban: str
    bic: str | None = None


@dataclass(frozen=True)
class Line:
    position: int  # 1, 2, ... (the line id on the document)
    description: str  # already what the client may read (the line template applied)
    quantity: Decimal  # hours (unit HOURS) or pieces (UNITS); negative on a credit note
    unit: str  # HOURS or UNITS
    unit_price_cents: int  # per hour or per piece, before tax; a discount has a negative price
    net_cents: int  # quantity x unit price, rounded half-up to the cent (the invoice's rule)
    tax_category: str  # STANDARD, REVERSE_CHARGE, EXEMPT or OUTSIDE_SCOPE
    tax_rate: Decimal  # percent, e.g. Decimal("19") or Decimal("7"); 0 for the categories without VAT
    period_start: date | None = None  # the days the line's work was done, when it is time
    period_end: date | None = None


@dataclass(frozen=True)
class TaxSubtotal:
    """One row of the VAT breakdown (EN 16931 BG-23): the lines of one category and rate."""

    category: str
    rate: Decimal
    taxable_cents: int
    tax_cents: int
    exemption_reason: str | None = None  # the legal note (BT-120), required for every category but S
    exemption_code: str | None = None  # its VATEX code (BT-121), where the code list has one


@dataclass(frozen=True)
class InvoiceContent:
    number: str
    type_code: str  # INVOICE or CREDIT_NOTE
    issue_date: date
    due_date: date | None
    currency: str  # ISO 4217
    language: str  # "en", "de", "fr": the labels and the locale of dates and money
    seller: Party
    buyer: Party
    lines: tuple[Line, ...]
    taxes: tuple[TaxSubtotal, ...]
    line_total_cents: int  # the sum of the lines' net amounts (BT-106)
    tax_total_cents: int  # BT-110
    total_cents: int  # with tax (BT-112)
    paid_cents: int = 0  # paid before this document (BT-113)
    period_start: date | None = None  # the service period (BG-14)
    period_end: date | None = None
    bank: Bank | None = None
    payment_terms: str | None = None
    late_payment_terms: str | None = None  # penalties, recovery fee, early-payment discount (French law asks)
    notes: tuple[str, ...] = ()  # free text, and the legal notes of the tax mode
    buyer_reference: str | None = None  # BT-10 (XRechnung's Leitweg-ID when the client has one)
    order_reference: str | None = None  # BT-13: the buyer's purchase order
    preceding_number: str | None = None  # a credit note: the invoice it cancels (BT-25)
    preceding_date: date | None = None  # its issue date (BT-26)
    logo: bytes | None = None  # the sender's logo file, embedded (no network)
    logo_type: str | None = None  # "png", "jpeg", "svg"
    extra: dict[str, str] = field(default_factory=dict)  # unused; documents kept with it still read
    draft: bool = False  # not issued yet: its documents say so across every page, in its language
    # a foreign-currency invoice that charges VAT: the VAT total in the seller's accounting
    # currency (BT-6, BT-111), at the exchange rate given at issue (1 of `currency` = rate of it)
    tax_currency: str | None = None
    tax_total_accounting_cents: int | None = None
    exchange_rate: Decimal | None = None

    @property
    def due_cents(self) -> int:
        """What is still to be paid (BT-115)."""
        return self.total_cents - self.paid_cents
