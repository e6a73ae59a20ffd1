"""An invoice as the document a client is sent (domain.invoice_content.InvoiceContent): the
stored invoice, its client's billing fields and the sender's settings put together. What the
document needs and is not there is refused in one line that names each missing field and how
to give it, so that no invoice goes out without its sender, recipient or legal notes.

The tax treatment is the invoice's own (Invoice.tax_mode, decided when it was made), never the
client's current tax mode: a client edited later leaves its issued invoices' documents alone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from aostime.domain import invoicing, vat
from aostime.domain.invoice_content import (
    CREDIT_NOTE,
    EXEMPT,
    HOURS,
    INVOICE,
    REVERSE_CHARGE,
    STANDARD,
    TAX_MODES,
    UNITS,
    Address,
    Bank,
    InvoiceContent,
    Line,
    Party,
    TaxSubtotal,
)  # fmt: skip
from aostime.domain.settings import in_language
from aostime.errors import BadInput
from aostime.services import Session, access

# French law's late-payment terms (Code de commerce L441-10: without agreed terms, the ECB's
# refinancing rate plus 10 points; D441-5: a fixed 40 EUR recovery fee; L441-9: the early-payment
# discount, none unless agreed), printed on a French sender's invoices when no late_payment_terms are set
FRENCH_LATE_PAYMENT = {
    "fr": "Pénalités de retard : taux d'intérêt de la BCE à son opération de refinancement la plus récente, "
          "majoré de 10 points (art. L441-10 du Code de commerce). Indemnité forfaitaire pour frais de "
          "recouvrement : 40 € (art. D441-5 du Code de commerce). Escompte pour paiement anticipé : néant.",
    "en": "Late payment penalties: the ECB's most recent refinancing rate plus 10 percentage points (art. L441-10 "
          "French Commercial Code). Fixed compensation for recovery costs: €40 (art. D441-5 French Commercial "
          "Code). No discount for early payment.",
    "de": "Verzugszinsen: Zinssatz der letzten Hauptrefinanzierungsoperation der EZB zuzüglich 10 Prozentpunkten "
          "(Art. L441-10 Code de commerce). Pauschale für Beitreibungskosten: 40 € (Art. D441-5 Code de "
          "commerce). Kein Skonto bei vorzeitiger Zahlung.",
}  # fmt: skip
SENDER = ("company_name", "company_address", "company_country")


ISSUED = ("sent", "paid", "cancelled")  # a credit note is issued as it is made ("sent")


def invoice_content(session: Session, ref: str) -> InvoiceContent:
    """The document of invoice `ref` (an id or a number), as it is to be sent: a draft's as the
    settings and client are now; an issued invoice's as it was issued, kept then (one issued
    before documents were kept is kept at its first rendering, and is the same ever after)."""
    from aostime.domain.frozen_content import thawed
    from aostime.services.invoice_lookup import find_invoice

    access.require(session, "invoices")
    invoice = find_invoice(session, ref)
    if invoice.status not in ISSUED:
        return _made(session, invoice)
    kept = session.store.invoice_document(invoice.id)
    if kept is not None:
        return thawed(kept)
    with session.store.transaction():
        return keep_document(session, invoice)


def keep_document(session: Session, invoice) -> InvoiceContent:
    """The issued invoice's document, made now from the settings and client and kept for good;
    within the caller's transaction (issue, cancel)."""
    from aostime.domain.frozen_content import frozen, thawed

    session.store.keep_invoice_document(invoice.id, frozen(_made(session, invoice)))
    return thawed(session.store.invoice_document(invoice.id))  # what is kept, had another kept it first


def _made(session: Session, invoice) -> InvoiceContent:
    from aostime.services.invoice_lookup import find_invoice

    client = session.store.get_record("client", invoice.client_id)
    category = TAX_MODES[invoice.tax_mode]
    _refuse_missing(session, client, invoice.tax_mode, invoice.number)
    language = invoice_language(session, client)
    rate = Decimal(invoice.tax_rate) if category == STANDARD else Decimal(0)
    lines, period = _lines(session, invoice, category, rate)
    note, code = vat.exemption(invoice.tax_mode, session.setting("company_country"), language)
    # one row per rate (BG-23); an invoice without lines still states its one category
    taxes = tuple(TaxSubtotal(category, line_rate, basis, tax, note, code)
                  for line_rate, basis, tax in vat.breakdown((line.net_cents, line.tax_rate) for line in lines)
                  ) or (TaxSubtotal(category, rate, 0, 0, note, code),)  # fmt: skip
    if sum(t.tax_cents for t in taxes) != invoice.tax_cents:  # the totals were made by the same rule
        raise BadInput(f"invoice {invoice.number}: its VAT {invoice.tax_cents} cents is not the sum of its "
                       "breakdown's per rate")  # fmt: skip
    books = _in_books(session, invoice)
    seller, buyer = _seller(session), _buyer(client)
    logo, logo_type = _logo(session.setting("company_logo"))
    preceding = find_invoice(session, invoice.credits_number) if invoice.credits_number else None
    credit_note = invoice.kind == "credit_note"
    # a credit note settles its invoice's unpaid rest (paid) and leaves open what is paid back: bank
    # details and payment terms only when something is (the seller pays; the terms are the seller's)
    settled = invoice.paid_cents if credit_note else 0  # an invoice's document is as it was issued: unpaid
    refund = credit_note and invoice.total_cents != settled
    return InvoiceContent(
        invoice.number, CREDIT_NOTE if invoice.kind == "credit_note" else INVOICE, date.fromisoformat(invoice.issue_date),
        date.fromisoformat(invoice.due_date) if invoice.due_date else None, invoice.currency, language,
        seller, buyer, lines, taxes, invoice.subtotal_cents, invoice.tax_cents,
        invoice.total_cents, paid_cents=settled, period_start=period[0], period_end=period[1],
        bank=_bank(session) if refund or not credit_note else None,
        payment_terms=_terms(session, language) if refund or not credit_note else None,
        late_payment_terms=_late_payment(session, language) if refund or not credit_note else None,
        buyer_reference=client.buyer_reference, order_reference=invoice.order_reference,
        notes=tuple(n for n in (invoice.notes, note, in_language(session.setting, "invoice_notes", language)) if n),
        logo=logo, logo_type=logo_type,
        preceding_number=preceding and preceding.number,
        preceding_date=preceding and date.fromisoformat(preceding.issue_date), draft=invoice.status == "draft",
        **books,
    )  # fmt: skip


def accounting_currency(session: Session) -> str:
    """The currency of the sender's books: accounting_currency; unset, the euro for a sender in
    the euro area, else the currency setting (the one new clients get)."""
    given = session.setting("accounting_currency")
    if given:
        return given
    return "EUR" if session.setting("company_country") in vat.EURO_AREA else session.setting("currency")


def _in_books(session: Session, invoice) -> dict:
    """A foreign-currency invoice issued with an exchange rate states its VAT in the accounting
    currency too (BT-6, BT-111), converted once from the VAT total."""
    if invoice.exchange_rate is None:
        return {}
    rate = Decimal(invoice.exchange_rate)
    return {"tax_currency": accounting_currency(session), "exchange_rate": rate,
            "tax_total_accounting_cents": vat.in_accounting_currency(invoice.tax_cents, rate)}  # fmt: skip


def require_parties(session: Session, invoice) -> None:
    """An invoice is issued only when its sender and recipient are complete (SPEC §9)."""
    client = session.store.get_record("client", invoice.client_id)
    _refuse_missing(session, client, invoice.tax_mode, invoice.number)


def _refuse_missing(session: Session, client, mode: str, number: str) -> None:
    category = TAX_MODES[mode]
    missing = [f"aos config set {key} ..." for key in SENDER if not session.setting(key)]
    if category != EXEMPT and not session.setting("company_vat_id") and not session.setting("company_tax_number"):
        missing.append("aos config set company_vat_id ... (or company_tax_number)")
    if category == REVERSE_CHARGE and not session.setting("company_vat_id"):
        missing.append("aos config set company_vat_id ... (reverse charge names both VAT ids)")
    for field, flag in (("address", "--address"), ("country", "--country")):
        if not getattr(client, field):
            missing.append(f"aos client edit {client.id} {flag} ...")
    if category == REVERSE_CHARGE and not client.vat_id:
        missing.append(f"aos client edit {client.id} --vat-id ... (reverse charge names the client's VAT id)")
    if missing:
        raise BadInput(f"invoice {number} cannot be issued or made into a document yet; missing: {'; '.join(missing)}")
    if category == REVERSE_CHARGE:
        vat.check_reverse_charge(number, session.setting("company_vat_id"), client.vat_id, client.id)


def _seller(session: Session) -> Party:
    setting = lambda key: session.setting(key) or None
    return Party(
        session.setting("company_name"), _address(session.setting("company_address"),
                                                  session.setting("company_country"), "aos config set company_address"),
        vat_id=setting("company_vat_id"), tax_number=setting("company_tax_number"),
        email=setting("company_email"), phone=setting("company_phone"),
        electronic_address=setting("company_peppol_id"), register_court=setting("company_register_court"),
        register_number=setting("company_register_number"), seat=setting("company_seat"),
        managing_directors=setting("company_managing_directors"), siren=setting("company_siren"),
        siret=setting("company_siret"),
    )  # fmt: skip


def _buyer(client) -> Party:
    return Party(client.name, _address(client.address, client.country, f"aos client edit {client.id} --address"),
                 vat_id=client.vat_id, email=client.email, electronic_address=client.peppol_id)  # fmt: skip


def invoice_language(session: Session, client) -> str:
    """An invoice's language: its client's, else the invoice_language setting."""
    return client.language or session.setting("invoice_language") or "en"


def _terms(session: Session, language: str) -> str | None:
    """The payment terms in the invoice's language (payment_terms_de ...), else the one text."""
    return in_language(session.setting, "payment_terms", language) or None


def _address(text: str, country: str, fix: str) -> Address:
    """The address read by its country's format: one kept before addresses were read so, and
    not in that format, is refused naming how to give it again."""
    from aostime.domain.addresses import parse

    try:
        return parse(text, country)
    except BadInput as exc:
        raise BadInput(f"{exc} ({fix} ...)") from None


def _late_payment(session: Session, language: str) -> str | None:
    """The late-payment terms as set; for a sender in France, the law's default (FRENCH_LATE_PAYMENT)."""
    given = in_language(session.setting, "late_payment_terms", language) or None
    if given is None and session.setting("company_country") == "FR":
        return FRENCH_LATE_PAYMENT[language]
    return given


def _bank(session: Session) -> Bank | None:
    iban = session.setting("bank_iban")
    if not iban:
        return None
    holder = session.setting("bank_account_holder") or session.setting("company_name")
    return Bank(holder, iban, session.setting("bank_bic") or None)


def _lines(session: Session, invoice, category: str, rate: Decimal) -> tuple[tuple[Line, ...], tuple]:
    """The lines with their hours (to the hundredth: quantity x price gives the amount; see
    invoicing.time_quantity), their VAT rate (a line's own, else the invoice's; 0 where no VAT is
    charged) and the days of their entries; the service period spans them all."""
    from aostime.domain.invoicing import line_rate

    lines, days = [], []
    started = _entry_days(session, [entry_id for line in invoice.lines for entry_id in line.entry_ids])
    for position, line in enumerate(invoice.lines, 1):
        dates = sorted(started[entry_id] for entry_id in line.entry_ids if entry_id in started)
        days += dates
        if line.unit is not None:  # beyond time: a quantity of units (or hours) at a unit price
            quantity, unit = Decimal(line.quantity), HOURS if line.unit == "hours" else UNITS
        else:  # time: its hours (on a credit note, time given back: negative)
            sign = -1 if line.amount_cents < 0 else 1
            quantity = sign * invoicing.time_quantity(line.seconds, line.hourly_rate_cents, abs(line.amount_cents))
            unit = HOURS
        own = line_rate(line, rate) if category == STANDARD else Decimal(0)
        lines.append(Line(position, line.description, quantity, unit, line.hourly_rate_cents, line.amount_cents,
                          category, own, dates[0] if dates else None, dates[-1] if dates else None))  # fmt: skip
    return tuple(lines), ((min(days), max(days)) if days else (None, None))


def _entry_days(session: Session, ids: list[int]) -> dict:
    """Each entry's day in the zone, read a few hundred at a time (one query per line made an
    invoice of 200 lines 200 queries)."""
    days = {}
    for first in range(0, len(ids), 500):
        for entry in session.store.iter_entries({"ids": ids[first : first + 500]}):
            days[entry.id] = entry.start.astimezone(session.zone).date()
    return days


def _logo(value: str) -> tuple[bytes | None, str | None]:
    """The logo's bytes and kind (png, jpeg), as the settings keep them: no file, no network."""
    if not value:
        return None, None
    from aostime.domain.logo import HOW, logo_bytes

    stored = logo_bytes(value)
    if stored is None:  # a path, as older versions kept
        raise BadInput(f"company_logo must be set again, as an image: {HOW}")
    return stored
