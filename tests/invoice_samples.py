"""Invoices as a sender would issue them (domain.invoice_content values), for the tests of every
face of a sendable invoice: EUR with 19 % and USD with 20 % VAT, reverse charge, the German
small-business exemption, a credit note, and a long one. Each has time, a fixed fee and a
discount line; the totals are worked out here by hand, not by the code under test."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from aostime.domain.invoice_content import (
    CREDIT_NOTE,
    EXEMPT,
    HOURS,
    INVOICE,
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
        (TaxSubtotal(REVERSE_CHARGE, Decimal(0), LINE_TOTAL, 0, note),), LINE_TOTAL, 0, LINE_TOTAL,
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


ALL = {"standard_eur": standard_eur, "standard_usd": standard_usd, "reverse_charge": reverse_charge,
       "small_business": small_business, "credit_note": credit_note, "long_invoice": long_invoice}  # fmt: skip
