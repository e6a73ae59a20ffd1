"""The lifecycle EU rules expect of an invoice (SPEC §9): lines beyond time on a draft, issuing
it (final from then on: its parties must be complete), payments (partial too), and cancelling
an issued invoice by a credit note, numbered in its own series, which returns the entries to
unbilled. Every change is one transaction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from aostime.domain import invoicing
from aostime.domain.models import Invoice
from aostime.errors import BadInput, Conflict
from aostime.services import Session, access
from aostime.services.declared import use_case
from aostime.services.invoice_lookup import find_invoice

UNITS = ("hours", "units")
MAX_QUANTITY = Decimal(1_000_000)


@use_case(needs="invoices", writes=True)
def add_line(session: Session, ref: str, description: str, quantity: str, unit_price: str,
             unit: str = "units", tax: str | None = None) -> Invoice:  # fmt: skip
    """A fixed fee, an expense or (a negative price) a discount on a draft, at the invoice's VAT
    rate or its own (`tax`: 7 beside 19); an invoice that charges no VAT takes no rate but 0."""
    from aostime.domain.money import parse_money

    access.require(session, "invoices", writes=True)
    text = " ".join((description or "").split())
    if not text or len(text) > 500:
        raise BadInput("--description must say what the line is for (at most 500 characters)")
    if unit not in UNITS:
        raise BadInput(f"--unit {unit!r} is not one of: {', '.join(UNITS)}")
    amount = _quantity(quantity)
    price = quantity_price = parse_money(unit_price.lstrip("-"), "--unit-price")
    if unit_price.strip().startswith("-"):
        price = -quantity_price
    with session.store.transaction() as store:
        invoice = find_invoice(session, ref)
        invoicing.check_draft(invoice, "add-line")
        line = invoicing.fixed_line(text, amount, price, unit, _line_rate(invoice, tax))
        subtotal, tax, total = invoicing.with_lines_added(invoice, [line])
        store.insert_invoice_lines(invoice.id, [line], len(invoice.lines) + 1)
        store.set_invoice_totals(invoice.id, subtotal, tax, total, session.now)
        return store.get_invoice(invoice.id)


def _line_rate(invoice: Invoice, tax: str | None) -> Decimal | None:
    if tax is None:
        return None
    rate = invoicing.parse_tax(tax)
    if invoice.tax_mode != "standard" and rate != 0:
        raise BadInput(f"invoice {invoice.number} is {invoice.tax_mode}: it charges no VAT; leave out --tax")
    return rate


@use_case(needs="invoices", writes=True)
def remove_line(session: Session, ref: str, position: int) -> Invoice:
    """A draft's line goes; the entries it covered are unbilled again."""
    access.require(session, "invoices", writes=True)
    with session.store.transaction() as store:
        invoice = find_invoice(session, ref)
        invoicing.check_draft(invoice, "remove-line")
        if not 1 <= position <= len(invoice.lines):
            raise BadInput(f"invoice {invoice.number} has lines 1 to {len(invoice.lines)}, not {position}")
        store.delete_invoice_line(invoice.id, position, session.now)
        rest = [line for n, line in enumerate(invoice.lines, 1) if n != position]
        store.set_invoice_totals(invoice.id, *invoicing.totals(rest, Decimal(invoice.tax_rate)), session.now)
        return store.get_invoice(invoice.id)


@use_case(needs="invoices", writes=True)
def issue(session: Session, ref: str, issue_date: str | None = None, exchange_rate: str | None = None,
          order_reference: str | None = None) -> Invoice:  # fmt: skip
    """draft -> sent: final from now on. Refused while a party's data is missing (the message
    names each field), so that no invoice goes out incomplete; and an invoice charging VAT in a
    currency other than the accounting currency without the exchange rate it is issued at (its
    VAT is stated in both: § 16 Abs. 6 UStG, EN 16931 BT-111). `order_reference`: the buyer's
    purchase order (BT-13), when it came after the draft was made."""
    from aostime.domain.parties import order_reference as checked_reference
    from aostime.services.invoice_content import keep_document, require_parties

    access.require(session, "invoices", writes=True)
    with session.store.transaction() as store:
        invoice = find_invoice(session, ref)
        if invoice.status != "draft":
            raise Conflict(f"invoice {invoice.number} is {invoice.status}, not a draft: it was issued already")
        if issue_date is not None:
            day = session.day(issue_date)
            days = (
                (date.fromisoformat(invoice.due_date) - date.fromisoformat(invoice.issue_date)).days
                if invoice.due_date
                else int(session.setting("invoice_due_days"))
            )  # its own term (create --due) kept
            store.set_invoice_dates(invoice.id, day.isoformat(), invoicing.due_date(day, days).isoformat(), session.now)
        if order_reference and checked_reference(order_reference):
            store.set_invoice_order_reference(invoice.id, checked_reference(order_reference), session.now)
        require_parties(session, invoice)  # complete, or the refusal naming each missing field
        rate = _exchange_rate(session, invoice, exchange_rate)
        if rate is not None:
            store.set_invoice_exchange_rate(invoice.id, str(rate), session.now)
        store.set_invoice_status(invoice.id, "sent", session.now)
        issued = store.get_invoice(invoice.id)
        keep_document(session, issued)  # what its documents show from now on, whatever changes later
        return issued


def _exchange_rate(session: Session, invoice: Invoice, given: str | None) -> Decimal | None:
    from aostime.domain.vat import parse_exchange_rate
    from aostime.services.invoice_content import accounting_currency

    books = accounting_currency(session)
    if given is not None:
        if invoice.currency == books:
            raise BadInput(
                f"invoice {invoice.number} is in {books}, the accounting currency: leave out --exchange-rate"
            )
        return parse_exchange_rate(given)
    if invoice.currency != books and invoice.tax_cents != 0:
        raise BadInput(f"invoice {invoice.number} charges VAT in {invoice.currency}: give the rate to {books} it is "
                       f"issued at, e.g. --exchange-rate 0.92 (1 {invoice.currency} = 0.92 {books})")  # fmt: skip
    return None


@use_case(needs="invoices", writes=True)
def pay(session: Session, ref: str, amount: str | None = None, paid_on: str | None = None) -> Invoice:
    """A payment of an issued invoice (the open balance unless --amount); paid in full: paid."""
    from aostime.domain.money import parse_money

    access.require(session, "invoices", writes=True)
    with session.store.transaction() as store:
        invoice = find_invoice(session, ref)
        invoicing.check_payable(invoice)
        open_cents = invoice.total_cents - invoice.paid_cents
        cents = open_cents if amount is None or open_cents <= 0 else parse_money(amount, "--amount")
        invoicing.check_payment(invoice, cents)
        today = session.now.astimezone(session.zone).date()
        day = session.day(paid_on) if paid_on is not None else today
        if not date.fromisoformat(invoice.issue_date) <= day <= today:
            raise BadInput(
                f"--date {day} is not between the invoice's issue date {invoice.issue_date} and today {today}"
            )
        store.add_payment(invoice.id, cents, day.isoformat(), session.now)
        if cents == open_cents:
            store.set_invoice_status(invoice.id, "paid", session.now)
        return store.get_invoice(invoice.id)


@use_case(needs="invoices", writes=True)
def cancel(session: Session, ref: str) -> tuple[Invoice, Invoice]:
    """(the invoice, now cancelled; its credit note): every amount negative, its own number
    (credit_note_prefix-YEAR-NNNN), naming the invoice; the entries are unbilled again."""
    from aostime.services.invoice_content import keep_document

    access.require(session, "invoices", writes=True)
    with session.store.transaction() as store:
        invoice = find_invoice(session, ref)
        if invoice.kind != "invoice" or invoice.status not in ("sent", "paid"):
            hint = " ('aos invoice void' voids a draft)" if invoice.status == "draft" else ""
            raise Conflict(f"{invoice.number} is {invoice.status}: only an issued invoice is cancelled{hint}")
        today = session.now.astimezone(session.zone).date()
        number = invoicing.invoice_number(session.setting("credit_note_prefix"), today.year,
                                          store.next_credit_note_sequence(today.year))  # fmt: skip
        note = invoice._replace(
            id=None, number=number, issue_date=today.isoformat(), due_date=None, status="sent",
            subtotal_cents=-invoice.subtotal_cents, tax_cents=-invoice.tax_cents, total_cents=-invoice.total_cents,
            notes="", kind="credit_note",  # its documents name the invoice it cancels in their language (BT-25)
            lines=tuple(invoicing.credit_lines(invoice.lines)),
        )  # fmt: skip
        note_id = store.insert_invoice(note, session.now, credits_invoice_id=invoice.id)
        store.set_invoice_status(invoice.id, "cancelled", session.now)
        store.release_invoice_entries(invoice.id, session.now)
        if store.invoice_document(invoice.id) is None:  # issued before documents were kept
            keep_document(session, invoice)
        credit_note = store.get_invoice(note_id)
        keep_document(session, credit_note)
        return store.get_invoice(invoice.id), credit_note


def _quantity(text: str) -> Decimal:
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value <= 0 or value > MAX_QUANTITY or value != value.quantize(Decimal("0.0001")):
        raise BadInput(f"--quantity {text!r} is not a positive number with at most 4 decimals")
    return value.normalize() if value != value.to_integral() else value.to_integral()
