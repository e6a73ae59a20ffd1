"""Invoices and unbilled entries for people: Rich tables, CSV lines, a printable HTML page."""

from __future__ import annotations

import csv
import html
from datetime import tzinfo
from itertools import groupby
from string import Template
from typing import TextIO

from aostime.models import Entry, Invoice
from aostime.money import format_money, hours
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
)


def print_unbilled(entries: list[Entry], zone: tzinfo) -> None:
    from rich.table import Table

    if not entries:
        out().print("Nothing unbilled.")
        return
    from aostime.render.tables import money_in
    from aostime.shapes import entry_sums

    table = Table(header_style="bold")
    table.add_column("Client / Project")
    table.add_column("ID", justify="right")
    table.add_column("Date")
    table.add_column("Task")
    table.add_column("Description", overflow="fold")
    table.add_column("Hours", justify="right")
    table.add_column("Amount", justify="right", no_wrap=True)
    for (client, project), group in groupby(entries, key=lambda e: (e.client_name, e.project_name)):
        rows = list(group)
        for e in rows:
            table.add_row(f"{client} / {project}", str(e.id), e.start.astimezone(zone).date().isoformat(),
                          e.task_name or "", e.description, str(hours(e.duration)), money_in(e.amount_cents, e.currency))  # fmt: skip
        table.add_row("", "", "", "", "[italic]subtotal[/italic]", f"[bold]{hours(sum(e.duration for e in rows))}",
                      f"[bold]{money_in(sum(e.amount_cents for e in rows), rows[0].currency)}", end_section=True)  # fmt: skip
    for currency, sums in entry_sums(entries).per_currency():  # one total per currency, never a mixed sum
        table.add_row(f"[bold]Total {currency}[/bold]", "", "", "", "", f"[bold]{hours(sums['seconds'])}",
                      f"[bold]{money_in(sums['cents'], currency)}")  # fmt: skip
    out().print(table)


def print_invoice(invoice: Invoice, verb: str | None = None) -> None:
    from rich.table import Table

    title = f"{verb + ' ' if verb else ''}invoice {invoice.number} ({invoice.status})"
    table = Table(title=title, header_style="bold", show_footer=True, footer_style="bold")
    table.add_column("#", justify="right")
    table.add_column(
        "Description", overflow="fold", footer=f"Subtotal / tax {invoice.tax_rate}% / total ({invoice.currency})"
    )
    table.add_column("Hours", justify="right", footer=str(hours(sum(line.seconds for line in invoice.lines))))
    table.add_column("Rate", justify="right")
    table.add_column(
        "Amount", justify="right",
        footer=f"{format_money(invoice.subtotal_cents)} / {format_money(invoice.tax_cents)} / {format_money(invoice.total_cents)}",
    )  # fmt: skip
    for i, line in enumerate(invoice.lines, 1):
        table.add_row(str(i), line.description, str(hours(line.seconds)), format_money(line.hourly_rate_cents),
                      format_money(line.amount_cents))  # fmt: skip
    out().print(table)
    out().print(f"Client: {invoice.client_name}   Issued: {invoice.issue_date}   Due: {invoice.due_date}", markup=False)


def print_invoice_list(invoices: list[Invoice]) -> None:
    from rich.table import Table

    table = Table(header_style="bold")
    for name, justify in (("ID", "right"), ("Number", "left"), ("Client", "left"), ("Issued", "left"),
                          ("Due", "left"), ("Status", "left"), ("Total", "right"), ("Currency", "left")):  # fmt: skip
        table.add_column(name, justify=justify)
    for i in invoices:
        table.add_row(str(i.id), i.number, i.client_name, i.issue_date, i.due_date or "", i.status,
                      format_money(i.total_cents), i.currency)  # fmt: skip
    out().print(table)


def write_invoice_csv(invoice: Invoice, stream: TextIO) -> None:
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(LINE_FIELDS)
    for i, line in enumerate(invoice.lines, 1):
        writer.writerow([i, line.description, hours(line.seconds), line.seconds, format_money(line.hourly_rate_cents),
                         format_money(line.amount_cents), line.project_id or "", line.task_id or "",
                         " ".join(str(x) for x in line.entry_ids)])  # fmt: skip


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
        subtotal=format_money(invoice.subtotal_cents), tax_rate=e(invoice.tax_rate), tax=format_money(invoice.tax_cents),
        total=format_money(invoice.total_cents), notes=e(invoice.notes).replace("\n", "<br>"),
    )  # fmt: skip
