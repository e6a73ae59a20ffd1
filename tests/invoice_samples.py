"""Invoices as a sender would issue them (domain.invoice_content values), for the tests of every
face of a sendable invoice: EUR with 19 % and USD with 20 % VAT, reverse charge, the German
small-business exemption, a credit note, and a long one. Each has time, a fixed fee and a
discount line; the totals are worked out here by hand, not by the code under test.

Then every tax case, in German, English and French: 19 % and 7 % on one invoice (and its credit
note), a service to a business outside the EU (from Germany and from France), the French
small-business exemption, reverse charge in German, and a USD invoice charging German VAT that
states its VAT in EUR too (and its credit note)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from aostime.domain.invoice_content import (
    CREDIT_NOTE,
    EXEMPT,
    HOURS,
    INVOICE,
    OUTSIDE_SCOPE,
    REVERSE_CHARGE,
    STANDARD,
    UNITS,
    Address,
    Bank,
    InvoiceContent,
    Line,
    Party,
    TaxSubtotal,
)  # fmt: skip

SELLER = Party(
    "Müller & Söhne Webdesign GmbH", Address(("Torstraße 12", "Hinterhaus"), "10119", "Berlin", "DE"),
    vat_id="DE123456789", tax_number="30/123/45678", email="rechnung@mueller-web.example", phone="+49 30 1234567",
)  # fmt: skip
BANK = Bank("Müller & Söhne Webdesign GmbH", "DE89370400440532013000", "COBADEFFXXX")
BUYER_DE = Party("Acme Deutschland AG", Address(("Hauptstraße 1",), "80331", "München", "DE"), vat_id="DE987654321",
                 email="ap@acme.example")  # fmt: skip
BUYER_FR = Party("Société Générale de Logiciels SARL", Address(("12 rue de la Paix",), "75002", "Paris", "FR"),
                 vat_id="FR40303265045", email="compta@sgl.example")  # fmt: skip
BUYER_US = Party("Globex Corporation", Address(("1 Infinite Loop",), "95014", "Cupertino", "US"),
                 email="ap@globex.example")  # fmt: skip


def _lines(category: str, rate: Decimal, start: date, end: date) -> tuple[Line, ...]:
    """Time (12.5 h at 95.00 and 3.25 h at 120.00), a fixed fee, and a discount."""
    return (
        Line(1, "Website redesign: concepts and layout", Decimal("12.5"), HOURS, 9500, 118750, category, rate,
             start, end),
        Line(2, "Code review", Decimal("3.25"), HOURS, 12000, 39000, category, rate, start, end),
        Line(3, "Hosting setup (fixed fee)", Decimal(1), UNITS, 25000, 25000, category, rate),
        Line(4, "Loyalty discount", Decimal(1), UNITS, -10000, -10000, category, rate),
    )  # fmt: skip


LINE_TOTAL = 118750 + 39000 + 25000 - 10000  # 172750 cents


def standard_eur() -> InvoiceContent:
    """Germany to Germany, 19 %: tax 32822.50 -> 32823 cents (half-up), total 205573."""
    lines = _lines(STANDARD, Decimal(19), date(2026, 3, 2), date(2026, 3, 27))
    tax = 32823  # 1727.50 x 19 % = 328.225 -> 328.23
    return InvoiceContent(
        "INV-2026-0007", INVOICE, date(2026, 3, 31), date(2026, 4, 30), "EUR", "de", SELLER, BUYER_DE, lines,
        (TaxSubtotal(STANDARD, Decimal(19), LINE_TOTAL, tax),), LINE_TOTAL, tax, LINE_TOTAL + tax,
        period_start=date(2026, 3, 2), period_end=date(2026, 3, 27), bank=BANK,
        payment_terms="Zahlbar innerhalb von 30 Tagen ohne Abzug.", buyer_reference="04011000-12345-34",
    )  # fmt: skip


def standard_usd() -> InvoiceContent:
    """To a US client in USD at 20 %: tax 345.50, total 2073.00."""
    lines = _lines(STANDARD, Decimal(20), date(2026, 3, 2), date(2026, 3, 27))
    tax = 34550
    return InvoiceContent(
        "INV-2026-0008", INVOICE, date(2026, 3, 31), date(2026, 4, 30), "USD", "en", SELLER, BUYER_US, lines,
        (TaxSubtotal(STANDARD, Decimal(20), LINE_TOTAL, tax),), LINE_TOTAL, tax, LINE_TOTAL + tax,
        period_start=date(2026, 3, 2), period_end=date(2026, 3, 27), bank=BANK, payment_terms="Net 30.",
    )  # fmt: skip


def reverse_charge() -> InvoiceContent:
    """Germany to a French business with a VAT id: 0 %, the buyer accounts for the VAT."""
    lines = _lines(REVERSE_CHARGE, Decimal(0), date(2026, 3, 2), date(2026, 3, 27))
    note = "Reverse charge: VAT to be accounted for by the recipient (Art. 196 Directive 2006/112/EC)."
    return InvoiceContent(
        "INV-2026-0009", INVOICE, date(2026, 3, 31), date(2026, 4, 30), "EUR", "fr", SELLER, BUYER_FR, lines,
        (TaxSubtotal(REVERSE_CHARGE, Decimal(0), LINE_TOTAL, 0, note, "VATEX-EU-AE"),), LINE_TOTAL, 0, LINE_TOTAL,
        period_start=date(2026, 3, 2), period_end=date(2026, 3, 27), bank=BANK, notes=(note,),
    )  # fmt: skip


def small_business() -> InvoiceContent:
    """A German small business (§ 19 UStG): no VAT charged, the note says why."""
    seller = Party("Jana Kleinfeld Design", Address(("Lindenweg 3",), "04109", "Leipzig", "DE"),
                   tax_number="231/456/78901", email="jana@kleinfeld.example")  # fmt: skip
    lines = _lines(EXEMPT, Decimal(0), date(2026, 3, 2), date(2026, 3, 27))
    note = "Gemäß § 19 UStG wird keine Umsatzsteuer berechnet."
    return InvoiceContent(
        "INV-2026-0010", INVOICE, date(2026, 3, 31), date(2026, 4, 14), "EUR", "de", seller, BUYER_DE, lines,
        (TaxSubtotal(EXEMPT, Decimal(0), LINE_TOTAL, 0, note),), LINE_TOTAL, 0, LINE_TOTAL,
        period_start=date(2026, 3, 2), period_end=date(2026, 3, 27),
        bank=Bank("Jana Kleinfeld", "DE02120300000000202051", "BYLADEM1001"), notes=(note,),
    )  # fmt: skip


def credit_note() -> InvoiceContent:
    """Cancels INV-2026-0007: every amount negative, referencing the original."""
    original = standard_eur()
    lines = tuple(Line(x.position, x.description, -x.quantity, x.unit, x.unit_price_cents, -x.net_cents,
                       x.tax_category, x.tax_rate, x.period_start, x.period_end) for x in original.lines)  # fmt: skip
    return InvoiceContent(
        "CN-2026-0001", CREDIT_NOTE, date(2026, 4, 10), None, "EUR", "de", SELLER, BUYER_DE, lines,
        (TaxSubtotal(STANDARD, Decimal(19), -LINE_TOTAL, -32823),), -LINE_TOTAL, -32823, -(LINE_TOTAL + 32823),
        period_start=original.period_start, period_end=original.period_end, bank=BANK,
        buyer_reference=original.buyer_reference, preceding_number=original.number,
        preceding_date=original.issue_date,
    )  # fmt: skip


def long_invoice(count: int = 90) -> InvoiceContent:
    """`count` lines of 1.5 h at 100.00 (150.00 each), 19 %: totals printed once, after the last."""
    lines = tuple(Line(n, f"2026-03-{(n % 28) + 1:02d} Support ticket #{1000 + n}", Decimal("1.5"), HOURS, 10000,
                       15000, STANDARD, Decimal(19)) for n in range(1, count + 1))  # fmt: skip
    net = 15000 * count
    tax = (net * 19 + 50) // 100
    return InvoiceContent(
        "INV-2026-0011", INVOICE, date(2026, 3, 31), date(2026, 4, 30), "EUR", "en", SELLER, BUYER_DE, lines,
        (TaxSubtotal(STANDARD, Decimal(19), net, tax),), net, tax, net + tax, bank=BANK,
    )  # fmt: skip


SELLER_FR = Party("Atelier Durand SARL", Address(("8 rue des Lilas",), "69003", "Lyon", "FR"), vat_id="FR44732829320",
                  email="factures@atelier-durand.example", phone="+33 4 72 00 00 00")  # fmt: skip
BUYER_CH = Party("Helvetia Software AG", Address(("Bahnhofstrasse 10",), "8001", "Zürich", "CH"),
                 vat_id="CHE123456789", email="kreditoren@helvetia.example")  # fmt: skip


def _negated(content: InvoiceContent, number: str, day: date) -> InvoiceContent:
    """The credit note that cancels `content`: every amount negative, naming it (BT-25, BT-26)."""
    import dataclasses

    lines = tuple(dataclasses.replace(x, quantity=-x.quantity, net_cents=-x.net_cents) for x in content.lines)
    taxes = tuple(dataclasses.replace(t, taxable_cents=-t.taxable_cents, tax_cents=-t.tax_cents)
                  for t in content.taxes)  # fmt: skip
    accounting = content.tax_total_accounting_cents
    return dataclasses.replace(
        content, number=number, type_code=CREDIT_NOTE, issue_date=day, due_date=None, lines=lines, taxes=taxes,
        line_total_cents=-content.line_total_cents, tax_total_cents=-content.tax_total_cents,
        total_cents=-content.total_cents, payment_terms=None, preceding_number=content.number,
        preceding_date=content.issue_date, tax_total_accounting_cents=None if accounting is None else -accounting,
    )  # fmt: skip


def multi_rate() -> InvoiceContent:
    """19 % on the work and travel, 7 % on books: one breakdown row per rate, each rounded once.
    19 %: 1245.55 -> 236.6545 -> 236.65; 7 %: 116.85 -> 8.1795 -> 8.18; VAT 244.83."""
    start, end = date(2026, 3, 2), date(2026, 3, 20)
    lines = (
        Line(1, "Beratung Barrierefreiheit", Decimal(10), HOURS, 12000, 120000, STANDARD, Decimal(19), start, end),
        Line(2, "Reisekosten Leipzig", Decimal(1), UNITS, 4555, 4555, STANDARD, Decimal(19)),
        Line(3, "Fachbuch „Barrierefreies Webdesign“", Decimal(2), UNITS, 3990, 7980, STANDARD, Decimal(7)),
        Line(4, "Schulungsunterlagen (gedruckt)", Decimal(3), UNITS, 1235, 3705, STANDARD, Decimal(7)),
    )  # fmt: skip
    taxes = (TaxSubtotal(STANDARD, Decimal(19), 124555, 23665), TaxSubtotal(STANDARD, Decimal(7), 11685, 818))
    return InvoiceContent(
        "INV-2026-0012", INVOICE, date(2026, 3, 31), date(2026, 4, 30), "EUR", "de", SELLER, BUYER_DE, lines,
        taxes, 136240, 24483, 160723, period_start=start, period_end=end, bank=BANK,
        payment_terms="Zahlbar innerhalb von 30 Tagen ohne Abzug.",
    )  # fmt: skip


def multi_rate_credit_note() -> InvoiceContent:
    return _negated(multi_rate(), "CN-2026-0002", date(2026, 4, 12))


def outside_scope() -> InvoiceContent:
    """Germany to a business in the US: not taxable in Germany (§ 3a (2) UStG), no VAT, category O."""
    lines = _lines(OUTSIDE_SCOPE, Decimal(0), date(2026, 3, 2), date(2026, 3, 27))
    note = "Not taxable in Germany: the place of supply is the recipient's (§ 3a (2) UStG)."
    return InvoiceContent(
        "INV-2026-0013", INVOICE, date(2026, 3, 31), date(2026, 4, 30), "USD", "en", SELLER, BUYER_US, lines,
        (TaxSubtotal(OUTSIDE_SCOPE, Decimal(0), LINE_TOTAL, 0, note, "VATEX-EU-O"),), LINE_TOTAL, 0, LINE_TOTAL,
        period_start=date(2026, 3, 2), period_end=date(2026, 3, 27), bank=BANK, payment_terms="Net 30.",
        notes=(note,),
    )  # fmt: skip


def outside_scope_fr() -> InvoiceContent:
    """France to a business in Switzerland: « TVA non applicable, article 259-1 du CGI »."""
    lines = _lines(OUTSIDE_SCOPE, Decimal(0), date(2026, 3, 2), date(2026, 3, 27))
    note = "TVA non applicable, article 259-1 du CGI."
    return InvoiceContent(
        "F-2026-0042", INVOICE, date(2026, 3, 31), date(2026, 4, 30), "EUR", "fr", SELLER_FR, BUYER_CH, lines,
        (TaxSubtotal(OUTSIDE_SCOPE, Decimal(0), LINE_TOTAL, 0, note, "VATEX-EU-O"),), LINE_TOTAL, 0, LINE_TOTAL,
        period_start=date(2026, 3, 2), period_end=date(2026, 3, 27),
        bank=Bank("Atelier Durand SARL", "FR7630006000011234567890189", "AGRIFRPPXXX"),
        payment_terms="Paiement à 30 jours.", notes=(note,),
    )  # fmt: skip


def small_business_fr() -> InvoiceContent:
    """A French micro-entrepreneur (franchise en base, art. 293 B CGI): no VAT, the mention the law wants."""
    seller = Party("Camille Martin Graphisme", Address(("3 place Bellecour",), "69002", "Lyon", "FR"),
                   tax_number="12345678900012", email="camille@martin-graphisme.example", phone="+33 6 12 34 56 78")  # fmt: skip
    lines = _lines(EXEMPT, Decimal(0), date(2026, 3, 2), date(2026, 3, 27))
    note = "TVA non applicable, art. 293 B du CGI."
    return InvoiceContent(
        "2026-0007", INVOICE, date(2026, 3, 31), date(2026, 4, 30), "EUR", "fr", seller, BUYER_FR, lines,
        (TaxSubtotal(EXEMPT, Decimal(0), LINE_TOTAL, 0, note, "VATEX-FR-FRANCHISE"),), LINE_TOTAL, 0, LINE_TOTAL,
        period_start=date(2026, 3, 2), period_end=date(2026, 3, 27),
        bank=Bank("Camille Martin", "FR7630006000011234567890189", "AGRIFRPPXXX"), notes=(note,),
    )  # fmt: skip


def reverse_charge_de() -> InvoiceContent:
    """Germany to a French business, in German: § 14a UStG's words."""
    lines = _lines(REVERSE_CHARGE, Decimal(0), date(2026, 3, 2), date(2026, 3, 27))
    note = "Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge, Art. 196 MwStSystRL)."
    return InvoiceContent(
        "INV-2026-0014", INVOICE, date(2026, 3, 31), date(2026, 4, 30), "EUR", "de", SELLER, BUYER_FR, lines,
        (TaxSubtotal(REVERSE_CHARGE, Decimal(0), LINE_TOTAL, 0, note, "VATEX-EU-AE"),), LINE_TOTAL, 0, LINE_TOTAL,
        period_start=date(2026, 3, 2), period_end=date(2026, 3, 27), bank=BANK, notes=(note,),
    )  # fmt: skip


def foreign_currency_vat() -> InvoiceContent:
    """In USD to a German business with German VAT: 19 % of 1727.50 = 328.23 USD, at 1 USD =
    0.92 EUR stated as 301.9716 -> 301.97 EUR too (BT-6, BT-111)."""
    lines = _lines(STANDARD, Decimal(19), date(2026, 3, 2), date(2026, 3, 27))
    return InvoiceContent(
        "INV-2026-0015", INVOICE, date(2026, 3, 31), date(2026, 4, 30), "USD", "en", SELLER, BUYER_DE, lines,
        (TaxSubtotal(STANDARD, Decimal(19), LINE_TOTAL, 32823),), LINE_TOTAL, 32823, LINE_TOTAL + 32823,
        period_start=date(2026, 3, 2), period_end=date(2026, 3, 27), bank=BANK, payment_terms="Net 30.",
        tax_currency="EUR", tax_total_accounting_cents=30197, exchange_rate=Decimal("0.92"),
    )  # fmt: skip


def foreign_currency_credit_note() -> InvoiceContent:
    return _negated(foreign_currency_vat(), "CN-2026-0003", date(2026, 4, 15))


ALL = {"standard_eur": standard_eur, "standard_usd": standard_usd, "reverse_charge": reverse_charge,
       "small_business": small_business, "credit_note": credit_note, "long_invoice": long_invoice,
       "multi_rate": multi_rate, "multi_rate_credit_note": multi_rate_credit_note, "outside_scope": outside_scope,
       "outside_scope_fr": outside_scope_fr, "small_business_fr": small_business_fr,
       "reverse_charge_de": reverse_charge_de, "foreign_currency_vat": foreign_currency_vat,
       "foreign_currency_credit_note": foreign_currency_credit_note}  # fmt: skip
