"""Unbilled entries, invoices and mark-invoiced: the seed's money path."""

from __future__ import annotations

from aostime.domain import invoicing
from aostime.domain.models import Entry, Invoice
from aostime.errors import BadInput, Conflict, NothingToDo
from aostime.services import Session, access, resolve
from aostime.services.declared import use_case
from aostime.services.invoice_lookup import find_invoice
from aostime.services.tracking import entries_named


def unbilled_filters(session: Session, client: str | None, project: str | None, until: str | None) -> dict:
    filters: dict = {"billable": True, "invoiced": False, "finished": True}
    if client is not None:
        filters["client_id"] = resolve(session, "client", client).id
    if project is not None:
        filters["project_id"] = resolve(session, "project", project).id
    if until is not None:
        filters["start_before"] = session.range_end(until)
    own = access.only_user_id(session)
    if own is not None:  # a member's unbilled time is their own
        filters["user_id"] = own
    return filters


@use_case()
def unbilled(session: Session, client: str | None = None, project: str | None = None,
             until: str | None = None) -> list[Entry]:  # fmt: skip
    """Billable, finished, not yet invoiced entries, oldest first, grouped by client and project."""
    filters = unbilled_filters(session, client, project, until)
    return list(session.store.iter_entries(filters, by_client=True))


def unbilled_page(session: Session, client: str | None, project: str | None, per_page: int, page: int,
                  until: str | None = None):  # fmt: skip
    """One page of the unbilled list (as `unbilled`) and the totals of all of it, read in one
    snapshot: (sums per currency, count, pages, entries). Memory stays that of one page."""
    from aostime.domain.documents import entry_sums

    filters = unbilled_filters(session, client, project, until)
    with session.store.snapshot() as store:
        sums = entry_sums(())
        for currency, count, seconds, cents in store.entry_totals(filters):
            sums.add(currency, count=count, seconds=seconds, cents=cents)
        total = sums.overall()["count"]
        pages = -(-total // per_page)
        if page > max(pages, 1):
            raise BadInput(f"page {page} is past the last page ({pages}) of {total} unbilled entries")
        entries = list(store.iter_entries(filters, per_page, offset=(page - 1) * per_page, by_client=True))
    return sums, total, pages, entries


def unbilled_by_client(session: Session) -> list[tuple[object, dict]]:
    """(client, sums) of every client with unbilled time, in one snapshot: the totals `unbilled`
    gives for that client (entry_sums' overall: count, seconds, cents), summed by the database,
    so that no entry is read. A member's are her own."""
    from aostime.domain.documents import entry_sums

    found, every = [], unbilled_filters(session, None, None, None)
    with session.store.snapshot() as store:
        for client in store.list_records("client", include_archived=True):
            sums = entry_sums(())
            for currency, count, seconds, cents in store.entry_totals({**every, "client_id": client.id}):
                sums.add(currency, count=count, seconds=seconds, cents=cents)
            if sums.overall()["count"]:
                found.append((client, sums.overall()))
    return found


@use_case(needs="invoices", writes=True)
def create_invoice(
    session: Session, client: str, project: str | None = None, until: str | None = None,
    group_by: str = "entry", round_to: str | None = None, rounding: str = "up",
    tax: str | None = None, due_days: str | int | None = None, notes: str = "", dry_run: bool = False,
    order_reference: str | None = None,
) -> Invoice:  # fmt: skip
    """Invoice a client's unbilled entries and mark them invoiced, in one transaction;
    `order_reference`: the buyer's purchase order it answers (BT-13)."""
    from aostime.domain.parties import order_reference as checked_reference

    access.require(session, "invoices", writes=not dry_run)
    order_reference = (checked_reference(order_reference) or None) if order_reference else None
    if due_days is not None and (not str(due_days).isdigit() or int(due_days) > 3650):
        raise BadInput(f"--due {due_days!r} is not a number of days (0-3650)")
    tax_rate = invoicing.parse_tax(tax if tax is not None else session.setting("tax_rate"))
    step = invoicing.rounding_step(round_to if round_to is not None else session.setting("invoice_rounding"))
    context = session.store.snapshot() if dry_run else session.store.transaction()
    with context as store:
        client_record = resolve(session, "client", client)
        entries = list(store.iter_entries(unbilled_filters(session, client, project, until), newest_first=False))
        if not entries:
            raise NothingToDo(f"client {client_record.name!r} has no unbilled entries; nothing to invoice")
        tax_mode, tax_rate = _tax_of(session, client_record, tax_rate, tax is not None)
        lines = invoicing.build_lines(entries, group_by, step, rounding, session.zone,
                                      _line_template(session, client_record))  # fmt: skip
        subtotal, tax_cents, total = invoicing.totals(lines, tax_rate)
        today = session.now.astimezone(session.zone).date()
        days = int(due_days if due_days is not None else session.setting("invoice_due_days"))
        sequence = store.peek_invoice_sequence(today.year) if dry_run else store.next_invoice_sequence(today.year)
        invoice = Invoice(
            id=None, number=invoicing.invoice_number(session.setting("invoice_prefix"), today.year, sequence),
            client_id=client_record.id, client_name=client_record.name, issue_date=today.isoformat(),
            due_date=invoicing.due_date(today, days).isoformat(), status="draft",
            currency=client_record.currency, subtotal_cents=subtotal,
            tax_rate=str(tax_rate), tax_cents=tax_cents, total_cents=total, notes=notes or "", lines=tuple(lines),
            tax_mode=tax_mode, order_reference=order_reference,
        )  # fmt: skip
        if dry_run:
            return invoice
        invoice_id = store.insert_invoice(invoice, session.now)
        marked = store.mark_invoiced([e.id for e in entries], invoice_id, session.now)
        if marked != len(entries):
            raise Conflict("entries changed while the invoice was made; nothing was saved, try again")
        return store.get_invoice(invoice_id)


def _line_template(session: Session, client) -> str:
    """invoice_line_template in the language of the client's invoices (invoice_line_template_de ...)."""
    from aostime.domain.settings import in_language
    from aostime.services.invoice_content import invoice_language

    return in_language(session.setting, "invoice_line_template", invoice_language(session, client))


def _tax_of(session: Session, client, tax_rate, asked: bool):
    """(tax mode, rate) of a new invoice: the client's tax mode and the sender's small_business
    setting decide, once (domain/vat.py). Only standard charges VAT (an explicit --tax other than
    0 for any other is refused, never silently dropped). The invoice keeps the mode: its
    documents never ask the client again."""
    from aostime.domain import vat

    mode = vat.invoice_mode(client.name, client.id, client.tax_mode, client.country,
                            session.setting("company_country"), session.setting("small_business") == "true")  # fmt: skip
    if mode == "standard":
        return mode, tax_rate
    if asked and tax_rate != 0:
        why = "the sender is a small business (small_business setting)" if mode == vat.SMALL_BUSINESS else (
            f"client {client.name!r} is billed with tax mode {mode}")  # fmt: skip
        raise BadInput(f"{why}: no VAT is charged; leave out --tax or change the client's --tax-mode")
    return mode, invoicing.parse_tax("0")


@use_case(needs="invoices", writes=True)
def void_invoice(session: Session, ref: str, paid_too: bool = False) -> Invoice:
    """Void a draft: it keeps its number (never reused); its entries become unbilled again. An
    issued invoice is never voided: a credit note cancels it (invoice_lifecycle.cancel).
    (`paid_too` is what older clients send; a paid invoice is issued, so it is refused too.)"""
    access.require(session, "invoices", writes=True)
    with session.store.transaction() as store:
        invoice = find_invoice(session, ref)
        if invoice.status in ("void", "cancelled"):
            raise Conflict(f"invoice {invoice.number} is already {invoice.status}")
        if invoice.status != "draft":
            raise Conflict(f"invoice {invoice.number} is {invoice.status}: an issued invoice is not voided but "
                           f"cancelled by a credit note: aos invoice cancel {invoice.number}")  # fmt: skip
        store.set_invoice_status(invoice.id, "void", session.now)
        store.release_invoice_entries(invoice.id, session.now)
        return store.get_invoice(invoice.id)


@use_case(needs="invoices", writes=True)
def set_invoice_status(session: Session, ref: str, status: str) -> Invoice:
    """`status N sent` issues a draft, `status N paid` pays an issued invoice's open balance:
    the same rules as `aos invoice issue` and `aos invoice pay`."""
    from aostime.services import invoice_lifecycle

    access.require(session, "invoices", writes=True)
    invoice = find_invoice(session, ref)
    new = status.lower()
    invoicing.check_status_move(invoice.status, new, invoice.number)
    if new == invoice.status:
        return invoice
    if new == "sent":
        return invoice_lifecycle.issue(session, str(invoice.id))
    return invoice_lifecycle.pay(session, str(invoice.id))


@use_case(needs="invoices")
def get_invoice(session: Session, ref: str) -> Invoice:
    access.require(session, "invoices")
    return find_invoice(session, ref)


@use_case(needs="invoices")
def list_invoices(session: Session, client: str | None = None, status: str | None = None) -> list[Invoice]:
    access.require(session, "invoices")
    if status is not None and status not in invoicing.STATUS_MOVES:
        raise BadInput(f"--status {status!r} is not one of: {', '.join(invoicing.STATUS_MOVES)}")
    client_id = resolve(session, "client", client).id if client is not None else None
    return session.store.list_invoices(client_id, status)


@use_case(needs="invoices", writes=True)
def mark_entries(session: Session, refs: list[str], invoice: str | None = None) -> list[Entry]:
    """The seed's PUT mark-invoiced: only finished, billable, not yet invoiced entries. With an
    invoice (a draft only), each entry becomes a line of it and its totals grow to match, so an
    invoice's total is always the sum of its lines and of its entries' amounts."""
    access.require(session, "invoices", writes=True)
    with session.store.transaction() as store:
        target = find_invoice(session, invoice) if invoice is not None else None
        if target is not None and target.status != "draft":
            raise Conflict(f"invoice {target.number} is {target.status}; entries can be added to a draft invoice only")
        entries = []
        for entry in entries_named(session, refs):
            if entry.invoiced:
                on = f" on invoice {entry.invoice_number}" if entry.invoice_number else ""
                raise Conflict(f"entry {entry.id} is already invoiced{on}")
            if entry.running:
                raise Conflict(f"entry {entry.id} is still running; stop it first")
            if not entry.billable:
                raise Conflict(f"entry {entry.id} is non-billable and cannot be invoiced")
            if target is not None:
                invoicing.check_entry_fits(entry.id, entry.client_id, entry.client_name, entry.currency, target)
            entries.append(entry)
        if target is not None:
            _add_lines(session, target, entries)
        store.mark_invoiced([e.id for e in entries], target and target.id, session.now)
        return [store.get_entry(e.id) for e in entries]


def _add_lines(session: Session, invoice: Invoice, entries: list[Entry]) -> None:
    """One line per entry, after the invoice's lines (worded as create words them); totals recomputed."""
    client = session.store.get_record("client", invoice.client_id)
    lines = invoicing.build_lines(entries, "entry", 0, "up", session.zone, _line_template(session, client))
    session.store.insert_invoice_lines(invoice.id, lines, len(invoice.lines) + 1)
    subtotal, tax, total = invoicing.with_lines_added(invoice, lines)
    session.store.set_invoice_totals(invoice.id, subtotal, tax, total, session.now)


@use_case(needs="invoices", writes=True)
def unmark_entries(session: Session, refs: list[str]) -> list[Entry]:
    """Undo `mark` without an invoice (and free entries imported as invoiced): they become
    unbilled. An entry on an invoice stays billed until that invoice is voided."""
    access.require(session, "invoices", writes=True)
    with session.store.transaction() as store:
        entries = []
        for entry in entries_named(session, refs):
            if not entry.invoiced:
                raise Conflict(f"entry {entry.id} is not invoiced")
            if entry.invoice_id is not None:
                raise Conflict(
                    f"entry {entry.id} is on invoice {entry.invoice_number}; void the invoice (a draft) "
                    "or cancel it (an issued one) to unbill it"
                )
            entries.append(entry)
        store.unmark_invoiced([e.id for e in entries], session.now)
        return [store.get_entry(e.id) for e in entries]
