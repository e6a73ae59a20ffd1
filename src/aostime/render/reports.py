"""Reports for people (a Rich table with subtotals and bars) and as CSV."""

from __future__ import annotations

import csv
from typing import TextIO

from aostime.money import format_money, hours
from aostime.render.console import out

BAR_WIDTH = 16
BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(value: int, largest: int, width: int = BAR_WIDTH) -> str:
    if largest <= 0 or value <= 0:
        return ""
    eighths = round(value * width * 8 / largest)
    full, part = divmod(eighths, 8)
    return "█" * full + (BLOCKS[part] if part else "")


def _label(row: dict, field: str) -> str:
    if f"{field}_name" in row:
        name = row[f"{field}_name"]
        return name if name is not None else f"(no {field})"
    return str(row[field])


def print_report(report, chart: bool) -> None:
    from rich.table import Table

    fields = report.group_by
    table = Table(header_style="bold", show_footer=True, footer_style="bold")
    for i, field in enumerate(fields):
        table.add_column(field.capitalize(), footer="Total" if i == 0 else "", min_width=12, overflow="fold")
    totals = report.totals
    table.add_column("Hours", justify="right", no_wrap=True, footer=str(hours(totals["seconds"])))
    table.add_column("Billable", justify="right", no_wrap=True, footer=str(hours(totals["billable_seconds"])))
    table.add_column(
        "Non-bill.", justify="right", no_wrap=True, footer=str(hours(totals["seconds"] - totals["billable_seconds"]))
    )
    table.add_column("Amount", justify="right", no_wrap=True, footer=format_money(totals["cents"]))
    table.add_column("Unbilled", justify="right", no_wrap=True, footer=format_money(totals["unbilled_cents"]))
    table.add_column("Entries", justify="right", no_wrap=True, footer=str(totals["entries"]))
    if chart:
        table.add_column("", no_wrap=True)
    largest = max((row["seconds"] for row in report.rows), default=0)

    def figures(row: dict, style: str = "") -> list[str]:
        cells = [str(hours(row["seconds"])), str(hours(row["billable_seconds"])),
                 str(hours(row["seconds"] - row["billable_seconds"])), format_money(row["cents"]),
                 format_money(row["unbilled_cents"]), str(row["entries"]) + (" *" if row["running"] else "")]  # fmt: skip
        if style:
            cells = [f"[{style}]{c}[/{style}]" for c in cells]
        return cells + ([bar(row["seconds"], largest)] if chart else [])

    previous = None
    group_rows: list[dict] = []
    for row in report.rows:
        first = _label(row, fields[0])
        if len(fields) > 1 and previous is not None and first != previous:
            _subtotal(table, fields, group_rows, figures)
            group_rows = []
        labels = [_label(row, f) for f in fields]
        if len(fields) > 1 and first == previous:
            labels[0] = ""
        table.add_row(*labels, *figures(row))
        group_rows.append(row)
        previous = first
    if len(fields) > 1 and group_rows:
        _subtotal(table, fields, group_rows, figures)
    out().print(table)
    if totals["running"]:
        out().print("* includes a running timer, counted up to now.")


def _subtotal(table, fields, rows, figures) -> None:
    from aostime.reports import add_up

    if len(rows) < 2:
        table.rows[-1].end_section = True
        return
    sums = add_up(rows)
    cells = figures(sums, "bold")
    if len(cells) > 6:
        cells[-1] = ""
    labels = [""] * len(fields)
    labels[-1] = "[italic]subtotal[/italic]"
    table.add_row(*labels, *cells, end_section=True)


def write_report_csv(report, document: dict, stream: TextIO) -> None:
    rows = document["rows"]
    writer = csv.writer(stream, lineterminator="\r\n")
    header = list(rows[0].keys()) if rows else list(document["totals"].keys())
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if row.get(k) is None else row.get(k) for k in header])
