"""The invoice rules a whole-file export is held to before it is restored. The rules live in
domain/invoicing.py, where `aos invoice ...` keeps them as it writes; here they judge the file's
rows, gathered into the invoices, lines, entries and payments they speak of:

- an invoice's subtotal is the sum of its lines, its tax and total follow from it (check_totals);
- an entry on the lines of a live (draft, sent, paid) invoice is invoiced by that invoice, and on
  those of one live invoice only; an entry that names an invoice is on its lines
  (check_entry_billing);
- such an entry is of the invoice's client, in the invoice's currency (check_entry_fits);
- an invoice's payments never exceed its total (check_payment);
- a series' counter is at least the highest number of its year (numbering_past): raised, not
  refused, so that the next `aos invoice create` never hands out a number the file holds.

A file that breaks a rule is refused (BadInput, nothing written), naming the invoice, the entry
or the payment and the rule."""

from __future__ import annotations

from typing import Any

from aostime.domain import invoicing
from aostime.domain.models import Invoice, InvoiceLine
from aostime.errors import AosError
from aostime.interchange.records import fail


def check(batch) -> None:
    """BadInput naming the first invoice rule the file breaks; nothing otherwise."""
    tables = batch.tables
    clients = _by_id(tables["clients"])
    projects = _by_id(tables["projects"])
    entries = _by_id(tables["time_entries"])
    invoices = _invoices(tables, clients)
    for invoice in invoices.values():
        _judged(batch.path, invoice, invoicing.check_totals, invoice)
    billed: dict[int, list[Invoice]] = {}  # entry id -> the live invoices whose lines hold it
    for invoice in invoices.values():
        if invoice.status in invoicing.LIVE:
            for line in invoice.lines:
                for entry_id in line.entry_ids:
                    billed.setdefault(entry_id, []).append(invoice)
    for entry_id, entry in entries.items():
        on = billed.get(entry_id, [])
        invoice = on[-1] if on else invoices.get(entry["invoice_id"])
        _judged(batch.path, invoice, invoicing.check_entry_billing, entry_id, bool(entry["invoiced"]),
                entry["invoice_id"], on[0] if on else None, on[1] if len(on) > 1 else None)  # fmt: skip
        project = projects.get(entry["project_id"])
        client = clients.get(project["client_id"]) if project else None  # else: the keys refuse the file
        if on and client:
            _judged(batch.path, invoice, invoicing.check_entry_fits, entry_id, client["id"], client["name"],
                    client["currency"], invoice)  # fmt: skip
    for entry_id, on in billed.items():
        if entry_id not in entries:
            raise fail(
                batch.path, f"invoice {on[0].number}", f"its lines name entry {entry_id}, which is not in the file"
            )
    paid: dict[int, int] = {}
    for payment in sorted(_by_id(tables["payments"]).values(), key=lambda p: p["id"]):
        invoice = invoices.get(payment["invoice_id"])
        if invoice is None:
            raise fail(batch.path, f"payment {payment['id']}", f"invoice id {payment['invoice_id']} is not in the file")
        _judged(batch.path, invoice, invoicing.check_payment, invoice._replace(paid_cents=paid.get(invoice.id, 0)),
                payment["amount_cents"], f"payment {payment['id']} of {invoicing.format_money(payment['amount_cents'])}")  # fmt: skip
        paid[invoice.id] = paid.get(invoice.id, 0) + payment["amount_cents"]


def numbering(batch) -> list[str]:
    """Each series' counter raised past the numbers of its year the file holds (in the batch's
    rows); what was raised, as warnings."""
    columns, rows = batch.tables["invoices"]
    number, kind = columns.index("number"), columns.index("kind")
    raised = []
    for table, series in (("invoice_sequences", "invoice"), ("credit_note_sequences", "credit_note")):
        last = {year: value for year, value in batch.tables[table][1]}
        past = invoicing.numbering_past((row[number] for row in rows if row[kind] == series), last)
        for year, value in sorted(past.items()):
            if value != last.get(year):
                raised.append(f"the {series.replace('_', ' ')} numbering of {year} was at {last.get(year, 0)}, "
                              f"below the numbers the file holds: it continues after {value}")  # fmt: skip
        batch.tables[table] = (batch.tables[table][0], [[year, value] for year, value in sorted(past.items())])
    return raised


def _judged(path: str, invoice: Invoice | None, rule, *args) -> None:
    try:
        rule(*args)
    except AosError as exc:
        where = f"invoice {invoice.number}" if invoice is not None else ""
        message = str(exc).removeprefix(f"{where}: ") if where else str(exc)
        raise fail(path, where, message) from None


def _invoices(tables: dict, clients: dict[int, dict[str, Any]]) -> dict[int, Invoice]:
    """The file's invoices with their lines (the entries each covers), by id."""
    lines: dict[int, list[InvoiceLine]] = {}
    covered: dict[int, list[int]] = {}
    for line_id, entry_id in tables["invoice_line_entries"][1]:
        covered.setdefault(line_id, []).append(entry_id)
    for line in _by_id(tables["invoice_lines"]).values():
        lines.setdefault(line["invoice_id"], []).append(InvoiceLine(
            line["id"], line["description"], line["seconds"], line["hourly_rate_cents"], line["amount_cents"],
            line["project_id"], line["task_id"], tuple(covered.get(line["id"], ())), line["quantity"], line["unit"],
            line.get("tax_rate")))  # fmt: skip
    out = {}
    for row in _by_id(tables["invoices"]).values():
        out[row["id"]] = Invoice(
            row["id"], row["number"], row["client_id"], clients.get(row["client_id"], {}).get("name", ""),
            row["issue_date"], row["due_date"], row["status"], row["currency"], row["subtotal_cents"],
            row["tax_rate"], row["tax_cents"], row["total_cents"], row["notes"],
            lines=tuple(lines.get(row["id"], ())), kind=row["kind"], tax_mode=row["tax_mode"],
            exchange_rate=row.get("exchange_rate"),
            order_reference=row.get("order_reference"),
        )  # fmt: skip
    return out


def _by_id(table) -> dict[int, dict[str, Any]]:
    columns, rows = table
    return {row[0]: dict(zip(columns, row, strict=True)) for row in rows}
