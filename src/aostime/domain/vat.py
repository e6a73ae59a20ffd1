"""How an invoice is taxed: the VAT treatment of a client and of the sender, the legal note each
treatment must print (in the invoice's language, under the sender's country's law), the VAT
breakdown per category and rate (EN 16931 BG-23) and the VAT total in the sender's accounting
currency. No IO here.

Treatments (a client's --tax-mode; EN 16931 VAT category, UNTDID 5305):
  standard        S   VAT at the invoice's rate, or a line's own (7 % and 19 % on one invoice)
  reverse-charge  AE  EU business to EU business across a border: the buyer accounts for the VAT
  exempt          E   an exempt supply (§ 4 UStG, art. 261 CGI, Art. 132 of the VAT directive)
  outside-scope   O   not taxable where the sender is: e.g. a service to a business outside the EU
and the sender's own small_business setting (§ 19 UStG, art. 293 B CGI): E with its own note.

How they combine (what a bookkeeper expects): a small business charges no VAT where it would
charge it (standard) and where the supply is exempt anyway, so both become small-business; a
supply taxed elsewhere (reverse-charge, outside-scope) is taxed elsewhere for a small business
too, and keeps its note. A client outside the EU with no tax mode is not guessed at: whether
it is a business (outside-scope) or a private person (standard) decides, and only the sender
knows."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from aostime.domain.money import percent_of
from aostime.errors import BadInput

STANDARD, REVERSE_CHARGE, EXEMPT, OUTSIDE_SCOPE = "S", "AE", "E", "O"
CLIENT_MODES = ("standard", "reverse-charge", "exempt", "outside-scope")
SMALL_BUSINESS = "small-business"  # an invoice's mode only: the sender's setting, never a client's
INVOICE_MODES = (*CLIENT_MODES, SMALL_BUSINESS)
CATEGORIES = {"standard": STANDARD, "reverse-charge": REVERSE_CHARGE, "exempt": EXEMPT,
              "outside-scope": OUTSIDE_SCOPE, SMALL_BUSINESS: EXEMPT}  # fmt: skip

# EU member states (ISO 3166); their VAT ids begin with the same code, except Greece's (EL)
EU = frozenset("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split())  # noqa: SIM905
VAT_PREFIX_COUNTRY = {"EL": "GR"}
# where the euro is the currency the books are kept in (the EU's euro area and the states using it by agreement)
EURO_AREA = frozenset("AT BE CY DE EE ES FI FR GR HR IE IT LT LU LV MT NL PT SI SK AD MC SM VA".split())  # noqa: SIM905

# (treatment, seller's country or "" for any other) -> {language: note}, and its VATEX code
# (EN 16931 BT-121) where the code list has one. The law that makes the supply untaxed is the
# seller's: a German sender cites the UStG, a French one the CGI, everyone else the directive.
NOTES: dict[tuple[str, str], dict[str, str]] = {
    ("reverse-charge", ""): {
        "en": "Reverse charge: VAT to be accounted for by the recipient (Art. 196 Directive 2006/112/EC).",
        "de": "Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge, Art. 196 MwStSystRL).",
        "fr": "Autoliquidation : TVA due par le preneur (article 196 de la directive 2006/112/CE).",
    },
    ("outside-scope", "DE"): {
        "en": "Not taxable in Germany: the place of supply is the recipient's (§ 3a (2) UStG).",
        "de": "Nicht im Inland steuerbare Leistung (Leistungsort beim Leistungsempfänger, § 3a Abs. 2 UStG).",
        "fr": "Non imposable en Allemagne : lieu de la prestation chez le preneur (§ 3a al. 2 UStG).",
    },
    ("outside-scope", "FR"): {
        "en": "VAT not applicable, article 259-1 of the French tax code (CGI): place of supply outside France.",
        "de": "Nicht steuerbar in Frankreich (Art. 259-1 CGI): Leistungsort beim Leistungsempfänger.",
        "fr": "TVA non applicable, article 259-1 du CGI.",
    },
    ("outside-scope", ""): {
        "en": "Not subject to VAT: the place of supply is the recipient's (Art. 44 Directive 2006/112/EC).",
        "de": "Nicht steuerbar: Leistungsort beim Leistungsempfänger (Art. 44 MwStSystRL).",
        "fr": "Non soumis à la TVA : lieu de la prestation chez le preneur (article 44 de la directive 2006/112/CE).",
    },
    ("exempt", "DE"): {
        "en": "VAT-exempt supply (§ 4 UStG).",
        "de": "Steuerfreie Leistung nach § 4 UStG.",
        "fr": "Prestation exonérée de TVA (§ 4 UStG).",
    },
    ("exempt", "FR"): {
        "en": "Exempt from VAT, article 261 of the French tax code (CGI).",
        "de": "Steuerfrei nach Art. 261 CGI.",
        "fr": "Exonération de TVA, article 261 du CGI.",
    },
    ("exempt", ""): {
        "en": "Exempt from VAT (Art. 132 Directive 2006/112/EC).",
        "de": "Steuerfreie Leistung (Art. 132 MwStSystRL).",
        "fr": "Exonéré de TVA (article 132 de la directive 2006/112/CE).",
    },
    (SMALL_BUSINESS, "DE"): {
        "en": "No VAT is charged under the small-business rule (§ 19 UStG).",
        "de": "Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.",
        "fr": "TVA non facturée : régime des petites entreprises (§ 19 UStG).",
    },
    # art. 242 nonies A of annex II CGI wants these very words on a French small business's invoice
    (SMALL_BUSINESS, "FR"): {
        "en": "VAT not applicable, art. 293 B of the French tax code (TVA non applicable, art. 293 B du CGI).",
        "de": "Keine Umsatzsteuer: Kleinunternehmer (TVA non applicable, art. 293 B du CGI).",
        "fr": "TVA non applicable, art. 293 B du CGI.",
    },
    (SMALL_BUSINESS, ""): {
        "en": "No VAT is charged under the small-business exemption (Art. 284 Directive 2006/112/EC).",
        "de": "Keine Umsatzsteuer: Kleinunternehmerbefreiung (Art. 284 MwStSystRL).",
        "fr": "TVA non facturée : franchise des petites entreprises (article 284 de la directive 2006/112/CE).",
    },
}
CODES = {("reverse-charge", ""): "VATEX-EU-AE", ("outside-scope", ""): "VATEX-EU-O",
         (SMALL_BUSINESS, "FR"): "VATEX-FR-FRANCHISE"}  # fmt: skip


def client_mode(value: str) -> str:
    mode = value.strip().lower()
    if mode not in CLIENT_MODES:
        hint = " (a small business sets 'aos config set small_business true')" if mode == SMALL_BUSINESS else ""
        raise BadInput(f"tax mode {value!r} is not one of {', '.join(CLIENT_MODES)}{hint}")
    return mode


def invoice_mode(client_name: str, client_id: int, mode: str | None, client_country: str | None,
                 seller_country: str, small_business: bool) -> str:  # fmt: skip
    """The treatment of a new invoice to a client (see the module's text for the rules)."""
    country = (client_country or "").upper()
    if mode is None and country and country not in EU and country != seller_country.upper():
        raise BadInput(
            f"client {client_name!r} is in {country}, outside the EU: say how it is taxed: aos client edit "
            f"{client_id} --tax-mode outside-scope (a business: no VAT here) or --tax-mode standard (a private person)"
        )
    mode = mode or "standard"
    if small_business and mode in ("standard", "exempt"):
        return SMALL_BUSINESS
    return mode


def exemption(mode: str, seller_country: str, language: str) -> tuple[str | None, str | None]:
    """(the legal note, its VATEX code) of a treatment that charges no VAT; (None, None) for standard."""
    if mode == "standard":
        return None, None
    country = seller_country.upper()
    key = (mode, country) if (mode, country) in NOTES else (mode, "")
    code = CODES.get((mode, country)) or CODES.get((mode, ""))
    return NOTES[key][language], code


def vat_country(vat_id: str | None) -> str | None:
    """The member state a VAT id is of (EL: Greece), or None when it is not an EU one."""
    prefix = (vat_id or "")[:2].upper()
    country = VAT_PREFIX_COUNTRY.get(prefix, prefix)
    return country if country in EU else None


def check_reverse_charge(number: str, seller_vat_id: str | None, buyer_vat_id: str | None, client_id: int) -> None:
    """Reverse charge (Art. 196 of the VAT directive) is between two businesses of two member
    states: both VAT ids, EU ones, of different countries."""
    seller, buyer = vat_country(seller_vat_id), vat_country(buyer_vat_id)
    problem = None
    if seller is None:
        problem = "the sender's EU VAT id (aos config set company_vat_id ...)"
    elif buyer is None:
        problem = f"the client's EU VAT id (aos client edit {client_id} --vat-id ...)"
    elif seller == buyer:
        problem = (f"VAT ids of two member states, not both {seller} (a client in the sender's country is "
                   f"billed with VAT: aos client edit {client_id} --tax-mode standard)")  # fmt: skip
    if problem:
        raise BadInput(f"invoice {number} is reverse charge, which needs {problem}")


def parse_rate(text: str | Decimal, what: str = "--tax") -> Decimal:
    """A VAT percentage between 0 and 100 (19, 7, 5.5)."""
    try:
        value = Decimal(str(text).strip().rstrip("%"))
    except (ArithmeticError, ValueError):
        value = Decimal("NaN")
    if not value.is_finite() or not 0 <= value <= 100:
        raise BadInput(f"{what} {text!r} is not a percentage between 0 and 100 (e.g. 19 or 7.5)")
    return value


def breakdown(lines: Iterable[tuple[int, Decimal]]) -> list[tuple[Decimal, int, int]]:
    """(rate, basis, VAT) per rate, in the order the rates first appear, from (net cents, rate)
    pairs: a rate's VAT is its basis x rate, half-up to the cent (EN 16931 BR-CO-17), and the
    invoice's VAT is the sum of these (BR-CO-14), never a rounding of the lines' own."""
    bases: dict[Decimal, int] = {}
    for cents, rate in lines:
        bases[rate] = bases.get(rate, 0) + cents  # 19 and 19.0 are one rate: equal Decimals hash alike
    return [(rate, basis, percent_of(basis, rate)) for rate, basis in bases.items()]


def parse_exchange_rate(text: str) -> Decimal:
    """How much one unit of the invoice's currency is worth in the accounting currency (0.92:
    1 USD = 0.92 EUR): positive, at most 6 decimals."""
    try:
        value = Decimal(str(text).strip())
    except (InvalidOperation, ValueError):
        value = Decimal("NaN")
    if not value.is_finite() or value <= 0 or value > 1_000_000 or value != value.quantize(Decimal("0.000001")):
        raise BadInput(f"--exchange-rate {text!r} is not a positive number with at most 6 decimals (e.g. 0.92)")
    return value.normalize() if value != value.to_integral() else value.to_integral()


def in_accounting_currency(tax_cents: int, exchange_rate: Decimal) -> int:
    """The VAT total in the accounting currency (BT-111): converted once, half-up to the cent."""
    return percent_of(tax_cents, exchange_rate * 100)
