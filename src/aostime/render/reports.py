"""Reports for people (a Rich table with subtotals and bars) and as CSV."""

from __future__ import annotations

from typing import TextIO

from aostime.domain.money import hours
from aostime.render.console import out

BAR_WIDTH = 16
BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(value: int, largest: int, width: int = BAR_WIDTH) -> str:
    if largest <= 0 or value <= 0:
        return ""
    eighths = round(value * width * 8 / largest)
    full, part = divmod(eighths, 8)
    return "█" * full + (BLOCKS[part] if part else "")


def group_label(row: dict, field: str, project_labels: dict | None = None) -> str:
    if field == "project" and project_labels and row.get("project_id") in project_labels:
        return project_labels[row["project_id"]]
    if f"{field}_name" in row:
        name = row[f"{field}_name"]
        return name if name is not None else f"(no {field})"
    if row[field] is None:  # the entries without a tag
        return f"(no {field})"
    return str(row[field])


def print_report(report, chart: bool) -> None:
    """Rows, subtotals and one total per currency. On a narrow terminal (80 columns) the group
    fields share one column and the bars are left out, so that every figure fits whole."""
    from rich.markup import escape

    from aostime.render.layout import figure, money_in, narrow, new_table, text, total_label

    compact = narrow()
    chart = chart and not compact
    fields = report.group_by
    table = new_table()
    if compact and len(fields) > 1:
        text(table, " / ".join(field.capitalize() for field in fields))
    else:
        for field in fields:
            text(table, field.capitalize(), min_width=12)
    totals = report.totals
    for header in (
        "Hours",
        "Billable",
        "Non-bill.",
        "Amount",
        "Unbilled",
        "Entries",
    ):  # unbilled: in the amount's currency
        figure(table, header)
    if chart:
        table.add_column("", no_wrap=True)
    largest = max((row["seconds"] for row in report.rows), default=0)

    def figures(row: dict, style: str = "") -> list[str]:
        currency = row.get("currency")
        cells = [str(hours(row["seconds"])), str(hours(row["billable_seconds"])),
                 str(hours(row["seconds"] - row["billable_seconds"])), money_in(row["cents"], currency, "—"),
                 money_in(row["unbilled_cents"], None, "—"), str(row["entries"]) + (" *" if row["running"] else "")]  # fmt: skip
        if style:
            cells = [f"[{style}]{c}[/{style}]" for c in cells]
        return cells + ([bar(row["seconds"], largest)] if chart else [])

    previous = None
    group_rows: list[dict] = []
    for row in report.rows:
        first = group_label(row, fields[0])
        if len(fields) > 1 and previous is not None and first != previous:
            _subtotal(table, fields, group_rows, figures, chart)
            group_rows = []
        labels = [escape(group_label(row, f, report.project_labels)) for f in fields]  # "[x]" is a name, not markup
        if len(fields) > 1 and first == previous:
            labels[0] = ""
        table.add_row(*_fit(labels, compact), *figures(row))
        group_rows.append(row)
        previous = first
    if len(fields) > 1 and group_rows:
        _subtotal(table, fields, group_rows, figures, chart)
    if table.rows:
        table.rows[-1].end_section = True
    for currency, sums in report.totals_by_currency or [("", dict(totals, currency=""))]:
        labels = [total_label(currency)] + [""] * (len(fields) - 1)
        table.add_row(*_fit(labels, compact), *_no_chart(figures(dict(sums, currency=currency), "bold"), chart))
    if len(report.totals_by_currency) > 1:  # hours add up across currencies; money does not
        labels = ["[bold]All[/bold]"] + [""] * (len(fields) - 1)
        table.add_row(*_fit(labels, compact), *_no_chart(figures(dict(totals, currency=None), "bold"), chart))
    out().print(table)
    if "tag" in fields:
        out().print("Tag groups overlap: an entry with several tags counts in each; the totals count it once.")
    if totals["running"]:
        out().print("* includes a running timer, counted up to now.")


def _fit(labels: list[str], compact: bool) -> list[str]:
    """The group labels as cells: one joined cell when the fields share a column."""
    if not compact or len(labels) < 2:
        return labels
    return [" / ".join(label for label in labels if label) or ""]


def _no_chart(cells: list[str], chart: bool) -> list[str]:
    return cells[:-1] + [""] if chart else cells


def _subtotal(table, fields, rows, figures, chart: bool) -> None:
    from aostime.domain.reports import add_up
    from aostime.render.layout import narrow

    if len(rows) < 2:
        table.rows[-1].end_section = True
        return
    currencies = {row["currency"] for row in rows}
    sums = dict(add_up(rows).overall(), currency=currencies.pop() if len(currencies) == 1 else None)
    labels = [""] * len(fields)
    labels[-1] = "[italic]subtotal[/italic]"
    table.add_row(*_fit(labels, narrow()), *_no_chart(figures(sums, "bold"), chart), end_section=True)


def write_report_csv(report, document: dict, stream: TextIO) -> None:
    rows = document["rows"]
    from aostime.interchange.writers.csv_cells import writer as csv_writer

    writer = csv_writer(stream)
    header = list(rows[0].keys()) if rows else list(document["totals"].keys())
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if row.get(k) is None else row.get(k) for k in header])
