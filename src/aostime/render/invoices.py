"""Invoices and unbilled entries for people: Rich tables, CSV lines, a printable HTML page."""

from __future__ import annotations

import html
from datetime import tzinfo
from decimal import Decimal
from itertools import groupby
from string import Template
from typing import TextIO

from aostime.domain.invoicing import open_cents
from aostime.domain.models import Entry, Invoice
from aostime.domain.money import format_money, hours
from aostime.render.console import out

LINE_FIELDS = (
    "position",
    "description",
    "hours",
    "duration",
    "hourly_rate",
    "amount",
    "project_id",
    "task_id",
    "entry_ids",
    "currency",
)


def print_unbilled(entries: list[Entry], zone: tzinfo) -> None:

    if not entries:
        out().print("Nothing unbilled.")
        return
    from aostime.domain.documents import entry_sums
    from aostime.render.layout import figure, money_in, new_table, text, total_label

    table = new_table()
    text(table, "Client / Project")
    figure(table, "ID")
    figure(table, "Date", justify="left")
    text(table, "Task")
    text(table, "Description")
    figure(table, "Hours")
    figure(table, "Amount")
    for (client, project), group in groupby(entries, key=lambda e: (e.client_name, e.project_name)):
        rows = list(group)
        for e in rows:
            table.add_row(f"{client} / {project}", str(e.id), e.start.astimezone(zone).date().isoformat(),
                          e.task_name or "", e.description, str(hours(e.duration)), money_in(e.amount_cents, e.currency))  # fmt: skip
        table.add_row("", "", "", "", "[italic]subtotal[/italic]", f"[bold]{hours(sum(e.duration for e in rows))}",
                      f"[bold]{money_in(sum(e.amount_cents for e in rows), rows[0].currency)}", end_section=True)  # fmt: skip
    for currency, sums in entry_sums(entries).per_currency():  # one total per currency, never a mixed sum
        table.add_row(total_label(currency), "", "", "", "", f"[bold]{hours(sums['seconds'])}",
                      f"[bold]{money_in(sums['cents'], currency)}")  # fmt: skip
    out().print(table)


def print_invoice(invoice: Invoice, verb: str | None = None) -> None:
    """The lines, then subtotal, tax and total once, each in its own row under the amounts."""
    from aostime.render.layout import figure, new_table, text

    title = f"{verb + ' ' if verb else ''}invoice {invoice.number} ({invoice.status})"
    table = new_table(title=title)
    figure(table, "#")
    text(table, "Description")
    figure(table, "Hours")
    figure(table, "Rate")
    figure(table, f"Amount ({invoice.currency})")
    for i, line in enumerate(invoice.lines, 1):
        table.add_row(str(i), line.description, str(hours(line.seconds)), format_money(line.hourly_rate_cents),
                      format_money(line.amount_cents))  # fmt: skip
    if table.rows:
        table.rows[-1].end_section = True
    seconds = sum(line.seconds for line in invoice.lines)
    table.add_row("", "[bold]Subtotal[/bold]", str(hours(seconds)), "", format_money(invoice.subtotal_cents))
    for label, cents in tax_rows(invoice):
        table.add_row("", label, "", "", format_money(cents))
    table.add_row("", f"[bold]Total ({invoice.currency})[/bold]", "", "", f"[bold]{format_money(invoice.total_cents)}")
    out().print(table)
    out().print(f"Client: {invoice.client_name}   Issued: {invoice.issue_date}   Due: {invoice.due_date}", markup=False)
    if invoice.notes:
        out().print(f"Notes: {invoice.notes}", markup=False)


def tax_rows(invoice: Invoice) -> list[tuple[str, int]]:
    """The VAT per rate ("Tax 19%", "Tax 7%"), or the one row of an invoice that charges none,
    named by its tax mode."""
    from aostime.domain.invoicing import line_rate
    from aostime.domain.vat import breakdown

    if invoice.tax_mode != "standard":
        return [(f"Tax 0% ({invoice.tax_mode})", invoice.tax_cents)]
    rate = Decimal(invoice.tax_rate)
    rows = breakdown((line.amount_cents, line_rate(line, rate)) for line in invoice.lines) or [(rate, 0, 0)]
    return [(f"Tax {rate}%", cents) for rate, _, cents in rows]


def print_invoice_list(invoices: list[Invoice]) -> None:
    from aostime.render.layout import figure, new_table, text

    table = new_table()
    figure(table, "ID")
    figure(table, "Number", justify="left")
    text(table, "Client")
    for name in ("Issued", "Due", "Status"):
        figure(table, name, justify="left")
    figure(table, "Total")
    figure(table, "Open")
    figure(table, "Cur.", justify="left")
    for i in invoices:
        owed = open_cents(i)
        table.add_row(str(i.id), i.number, i.client_name, i.issue_date, i.due_date or "", i.status,
                      format_money(i.total_cents), format_money(owed) if owed else "", i.currency)  # fmt: skip
    out().print(table)


def write_invoice_csv(invoice: Invoice, stream: TextIO) -> None:
    from aostime.interchange.writers.csv_cells import writer as csv_writer

    def figure(cents: int) -> Decimal:  # a number, so that a credit note's negative amount stays one
        return Decimal(format_money(cents))

    writer = csv_writer(stream)
    writer.writerow(LINE_FIELDS)
    for i, line in enumerate(invoice.lines, 1):
        writer.writerow([i, line.description, hours(line.seconds), line.seconds, figure(line.hourly_rate_cents),
                         figure(line.amount_cents), line.project_id or "", line.task_id or "",
                         " ".join(str(x) for x in line.entry_ids), invoice.currency])  # fmt: skip


def invoice_html(invoice: Invoice) -> str:
    from importlib.resources import files

    template = Template(files("aostime").joinpath("templates/invoice.html").read_text(encoding="utf-8"))
    rows = "\n".join(
        f"<tr><td>{html.escape(line.description)}</td><td class=num>{hours(line.seconds)}</td>"
        f"<td class=num>{format_money(line.hourly_rate_cents)}</td><td class=num>{format_money(line.amount_cents)}</td></tr>"
        for line in invoice.lines
    )
    e = html.escape
    return template.substitute(
        number=e(invoice.number), client=e(invoice.client_name), issue_date=e(invoice.issue_date),
        due_date=e(invoice.due_date or ""), status=e(invoice.status), currency=e(invoice.currency), rows=rows,
        subtotal=format_money(invoice.subtotal_cents),
        tax_rows="\n".join(f'  <tr><td class="num">{e(label)}</td><td class="num">{format_money(cents)}</td></tr>'
                           for label, cents in tax_rows(invoice)),
        total=format_money(invoice.total_cents), notes=e(invoice.notes).replace("\n", "<br>"),
    )  # fmt: skip
