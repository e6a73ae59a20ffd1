"""An invoice as the words a reader sees, worked out once for every printed face: the HTML page
and the PDF lay out the same strings, so they cannot disagree about a label, an amount or which
notes are shown. Everything here is plain text, unescaped; escaping belongs to the HTML face.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from babel import Locale

from aostime.domain.invoice_content import (
    CREDIT_NOTE,
    EXEMPT,
    HOURS,
    OUTSIDE_SCOPE,
    REVERSE_CHARGE,
    InvoiceContent,
    Line,
    Party,
    TaxSubtotal,
)  # fmt: skip
from aostime.render.invoice_labels import labels, locale_for, paper_size
from aostime.render.invoice_money import LocaleFormat


@dataclass(frozen=True)
class Row:
    position: str
    description: str
    detail: str  # the line's own period of work, or ""
    quantity: str  # with its unit: "12,5 Std."
    unit_price: str
    amount: str


@dataclass(frozen=True)
class Total:
    label: str
    amount: str
    strong: bool = False  # the total and the amount due stand out


@dataclass(frozen=True)
class InvoiceView:
    language: str
    locale: str
    paper: str
    title: str  # "Rechnung" or "Rechnungskorrektur"
    document_name: str  # "Rechnung INV-2026-0007": the page title and the PDF's title
    labels: Mapping[str, str]
    seller: tuple[str, ...]  # name, then address lines
    seller_ids: tuple[tuple[str, str], ...]  # (label, value): VAT ID, tax number, email, phone
    buyer: tuple[str, ...]
    buyer_ids: tuple[tuple[str, str], ...]
    meta: tuple[tuple[str, str], ...]  # number, dates, service period, buyer reference
    cancels: str | None  # a credit note: the invoice it cancels
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    totals: tuple[Total, ...]
    notes: tuple[str, ...]
    payment_terms: str | None
    bank: tuple[tuple[str, str], ...]
    seller_name: str
    draft: str | None = None  # "ENTWURF": a draft's watermark, in its language
    late_payment_terms: str | None = None
    legal: tuple[str, ...] = ()  # the seller in the register (seat, court, number, directors, SIREN): the footer


def invoice_view(content: InvoiceContent) -> InvoiceView:
    words = labels(content.language)
    locale = locale_for(content.language, content.buyer.address.country)
    fmt = LocaleFormat(locale)
    title = words["credit_note" if content.type_code == CREDIT_NOTE else "invoice"]
    home = content.seller.address.country
    return InvoiceView(
        language=content.language, locale=locale, paper=paper_size(content.buyer.address.country),
        title=title, document_name=f"{title} {content.number}", labels=words,
        seller=_party_lines(content.seller, locale, home, postal=False), seller_ids=_party_ids(content.seller, words),
        buyer=_party_lines(content.buyer, locale, home), buyer_ids=_party_ids(content.buyer, words, contact=False),
        meta=_meta(content, words, fmt), cancels=_cancels(content, words, fmt),
        columns=tuple(words[k] for k in ("position", "description", "quantity", "unit_price", "amount")),
        rows=tuple(_row(line, content.currency, words, fmt) for line in content.lines),
        totals=_totals(content, words, fmt), notes=_notes(content), payment_terms=content.payment_terms,
        bank=_bank(content, words), seller_name=content.seller.name,
        draft=words["draft"] if content.draft else None, late_payment_terms=content.late_payment_terms,
        legal=_legal(content.seller, words),
    )  # fmt: skip


def _party_lines(party: Party, locale: str, home_country: str, postal: bool = True) -> tuple[str, ...]:
    """Name and address as the country writes them (domain.addresses: the recipient's in the
    postal capitals its country asks for, the sender's letterhead as typed); the country, in the
    invoice's language, only when the letter crosses a border."""
    from aostime.domain.addresses import printed

    address = party.address
    lines = list(printed(address, party.name, postal))
    if address.country.upper() != home_country.upper():
        lines.append(Locale.parse(locale).territories.get(address.country.upper(), address.country))
    return tuple(line for line in lines if line)


def _party_ids(party: Party, words: Mapping[str, str], contact: bool = True) -> tuple[tuple[str, str], ...]:
    """Tax identifiers (the law asks for them on the document), and the seller's contact."""
    pairs = [("vat_id", party.vat_id), ("tax_number", party.tax_number)]
    if contact:
        pairs += [("email", party.email), ("phone", party.phone)]
    return tuple((words[key], value) for key, value in pairs if value)


def _legal(party: Party, words: Mapping[str, str]) -> tuple[str, ...]:
    """What a company's invoices say of it in the register, a line each: its seat (the address's
    city unless set apart), register court and number, managing directors; SIREN and SIRET."""
    registered = " ".join(v for v in (party.register_court, party.register_number) if v)
    lines = []
    if registered or party.managing_directors:
        seat = party.seat or party.address.city
        pairs = [("seat", seat), ("register", registered), ("managing_directors", party.managing_directors)]
        lines.append(" · ".join(f"{words[key]}: {value}" for key, value in pairs if value))
    ids = [("siren", party.siren), ("siret", party.siret)]
    if any(value for _, value in ids):
        lines.append(" · ".join(f"{words[key]} {value}" for key, value in ids if value))
    return tuple(lines)


def _meta(content: InvoiceContent, words: Mapping[str, str], fmt: LocaleFormat) -> tuple[tuple[str, str], ...]:
    number_label = words["credit_number" if content.type_code == CREDIT_NOTE else "number"]
    pairs = [(number_label, content.number), (words["issue_date"], fmt.date(content.issue_date))]
    if content.due_date:
        pairs.append((words["due_date"], fmt.date(content.due_date)))
    if content.period_start:
        pairs.append((words["service_period"], fmt.period(content.period_start, content.period_end)))
    if content.buyer_reference:
        pairs.append((words["buyer_reference"], content.buyer_reference))
    if content.order_reference:
        pairs.append((words["order_reference"], content.order_reference))
    return tuple(pairs)


def _cancels(content: InvoiceContent, words: Mapping[str, str], fmt: LocaleFormat) -> str | None:
    if not content.preceding_number:
        return None
    if content.preceding_date is None:
        return words["cancels_undated"].format(number=content.preceding_number)
    return words["cancels"].format(number=content.preceding_number, date=fmt.date(content.preceding_date))


def _row(line: Line, currency: str, words: Mapping[str, str], fmt: LocaleFormat) -> Row:
    unit = words["hours" if line.unit == HOURS else "units"]
    detail = fmt.period(line.period_start, line.period_end) if line.period_start else ""
    return Row(str(line.position), line.description, detail, f"{fmt.quantity(line.quantity, 2 if line.unit == HOURS else 0)}\u00a0{unit}",
               fmt.money(line.unit_price_cents, currency), fmt.money(line.net_cents, currency))  # fmt: skip


def _totals(content: InvoiceContent, words: Mapping[str, str], fmt: LocaleFormat) -> tuple[Total, ...]:
    """Subtotal, one row per VAT category and rate (the breakdown), total; then paid and due."""
    money = lambda cents: fmt.money(cents, content.currency)
    rows = [Total(words["subtotal"], money(content.line_total_cents))]
    rows += [Total(_tax_label(tax, words, fmt, content.currency), money(tax.tax_cents)) for tax in content.taxes]
    rows.append(Total(words["total"], money(content.total_cents), strong=not content.paid_cents))
    if content.paid_cents:  # without a prepayment the amount due is the total: not printed twice
        credit = content.type_code == CREDIT_NOTE  # what it settles of its invoice; what is paid back
        rows.append(Total(words["settled" if credit else "paid"], money(content.paid_cents)))
        rows.append(Total(words["refund_due" if credit else "amount_due"], money(content.due_cents), strong=True))
    if content.tax_currency and content.tax_total_accounting_cents is not None:  # the VAT for the books (BT-111)
        label = words["vat_in_books"].format(currency=content.tax_currency, invoice_currency=content.currency,
                                             rate=fmt.quantity(content.exchange_rate))  # fmt: skip
        rows.append(Total(label, fmt.money(content.tax_total_accounting_cents, content.tax_currency)))
    return tuple(rows)


def _tax_label(tax: TaxSubtotal, words: Mapping[str, str], fmt: LocaleFormat, currency: str) -> str:
    """The label of a VAT row, e.g. "VAT 19 % on €1,727.50"; reverse charge and exemption by name."""
    if tax.category == REVERSE_CHARGE:
        name = words["reverse_charge"]
    elif tax.category == EXEMPT:
        name = words["exempt"]
    elif tax.category == OUTSIDE_SCOPE:
        name = words["outside_scope"]
    else:
        name = words["vat"].format(rate=fmt.percent(tax.rate))
    return f"{name} {words['vat_on'].format(amount=fmt.money(tax.taxable_cents, currency))}"


def _notes(content: InvoiceContent) -> tuple[str, ...]:
    """The free notes, then each legal reason of the VAT breakdown not already among them."""
    notes = list(content.notes)
    for tax in content.taxes:
        if tax.exemption_reason and tax.exemption_reason not in notes:
            notes.append(tax.exemption_reason)
    return tuple(notes)


def _bank(content: InvoiceContent, words: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    if content.bank is None:
        return ()
    pairs = [("account_holder", content.bank.account_holder), ("iban", _grouped_iban(content.bank.iban)),
             ("bic", content.bank.bic)]  # fmt: skip
    return tuple((words[key], value) for key, value in pairs if value)


def _grouped_iban(iban: str) -> str:
    """In groups of four, the way banks print it (ISO 13616's paper format)."""
    compact = iban.replace(" ", "").upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
