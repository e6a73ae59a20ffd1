"""Rich tables and lines for people."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo

from aostime.domain.models import Entry
from aostime.domain.money import format_money, hours
from aostime.render.console import out
from aostime.render.layout import money_in, total_label


def hm(seconds: int | None) -> str:
    if seconds is None:
        return "-"
    h, rest = divmod(int(seconds), 3600)
    return f"{h}:{rest // 60:02d}"


def local(value: datetime | None, zone: tzinfo, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if value is None:
        return ""
    moment = value.astimezone(zone)
    offset = moment.strftime("%z")
    return f"{moment.strftime(fmt)} {offset[:3]}:{offset[3:]}"


def entry_line(entry: Entry, zone: tzinfo) -> str:
    what = entry.project_name + (f" / {entry.task_name}" if entry.task_name else "")
    text = f' "{entry.description}"' if entry.description else ""
    text += f" [{', '.join(entry.tags)}]" if entry.tags else ""
    if entry.running:
        return f"#{entry.id} {what}{text}, started {local(entry.start, zone)}"
    money = format_money(entry.amount_cents) if entry.billable else "non-billable"
    return (
        f"#{entry.id} {what}{text}, {local(entry.start, zone)} to {local(entry.end, zone, '%H:%M')}"
        f" ({hm(entry.duration)}, {money})"
    )


def print_entry(verb: str, entry: Entry, zone: tzinfo) -> None:
    """One plain line (no styling to draw, so Rich is not loaded for it)."""
    import sys

    sys.stdout.write(f"{verb} {entry_line(entry, zone)}\n")


def print_status(entry: Entry, zone: tzinfo, now: datetime, long_hours: float) -> None:
    from rich.table import Table

    from aostime.domain.timer import amount_so_far, elapsed

    seconds = elapsed(entry, now)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    grid.add_row("Running", f"#{entry.id} since {local(entry.start, zone)}")
    grid.add_row("Project", f"{entry.client_name} / {entry.project_name}")
    if entry.task_name:
        grid.add_row("Task", entry.task_name)
    if entry.description:
        grid.add_row("Description", entry.description)
    if entry.tags:
        grid.add_row("Tags", ", ".join(entry.tags))
    grid.add_row("Elapsed", hm(seconds))
    if entry.billable:
        grid.add_row(
            "Amount so far",
            f"{format_money(amount_so_far(entry, now))} {entry.currency} at {format_money(entry.hourly_rate_cents)}/h",
        )
    else:
        grid.add_row("Billable", "no")
    out().print(grid)


def escape(value: str) -> str:
    from rich.markup import escape as rich_escape

    return rich_escape(value)


def print_entries(entries: Iterable[Entry], zone: tzinfo, totals) -> None:
    """The entries, then their totals: one line per currency (money of two currencies is
    never added)."""
    from aostime.render.layout import figure, narrow, new_table, text

    compact = narrow()  # 80 columns: date and times share a column, the description goes under its project
    table = new_table()
    figure(table, "ID")
    if compact:
        figure(table, "When", justify="left")
    else:
        figure(table, "Date", justify="left")
        figure(table, "Start-End", justify="left")
    text(table, "Client / Project / Task")
    if not compact:
        text(table, "Description")
    text(table, "User")
    figure(table, "Hours")
    figure(table, "Amount")
    text(table, "")
    for e in entries:
        moment = e.start.astimezone(zone)
        span = f"{moment:%H:%M}-{e.end.astimezone(zone):%H:%M}" if e.end else f"{moment:%H:%M}-…"
        flags = ("" if e.billable else "non-billable ") + (f"inv {e.invoice_number or ''}" if e.invoiced else "")
        where = " / ".join(x for x in (e.client_name, e.project_name, e.task_name) if x)
        said = " ".join(x for x in (e.description, f"[dim]({escape(', '.join(e.tags))})[/dim]" if e.tags else "") if x)
        figures = [
            str(hours(e.duration)) if e.duration is not None else "running",
            money_in(e.amount_cents, e.currency),
        ]
        if compact:
            what = where + (f"\n[dim]{escape(e.description)}[/dim]" if e.description else "")
            what += f"\n[dim]({escape(', '.join(e.tags))})[/dim]" if e.tags else ""
            table.add_row(str(e.id), f"{moment:%Y-%m-%d}\n{span}", what, e.user_name, *figures, flags.strip())
        else:
            table.add_row(str(e.id), f"{moment:%Y-%m-%d}", span, where, said, e.user_name, *figures,
                          flags.strip())  # fmt: skip
    if table.rows:
        table.rows[-1].end_section = True
    lead = ["", ""] if compact else ["", "", ""]  # the label goes under the names, which may wrap
    for currency, sums in totals.per_currency() or [("", {"count": 0, "seconds": 0, "cents": 0})]:
        count = sums["count"]
        label = f"{total_label(currency)} ({count} entr{'y' if count == 1 else 'ies'})"
        table.add_row(*lead, label, *([] if compact else [""]), "", f"[bold]{hours(sums['seconds'])}[/bold]",
                      f"[bold]{money_in(sums['cents'], currency)}[/bold]", "")  # fmt: skip
    out().print(table)


def print_records(kind: str, records: list) -> None:
    from rich.table import Table

    table = Table(header_style="bold")
    table.add_column("ID", justify="right")
    table.add_column("Name")
    if kind == "project":
        table.add_column("Client")
    if kind == "task":
        table.add_column("Project")
        table.add_column("Billable")
    if kind == "client":
        table.add_column("Currency")
    table.add_column("Rate", justify="right")
    table.add_column("Archived")
    for r in records:
        cells = [str(r.id), r.name]
        if kind == "project":
            cells.append(r.client_name)
        if kind == "task":
            cells += [r.project_name, {None: "default", True: "yes", False: "no"}[r.billable]]
        if kind == "client":
            cells.append(r.currency or "")
        cells.append(format_money(r.hourly_rate_cents) if r.hourly_rate_cents is not None else "")
        cells.append("yes" if r.archived else "")
        table.add_row(*cells)
    out().print(table)


def print_mapping(mapping: dict[str, str], meanings: dict[str, str]) -> None:
    from aostime.render.layout import figure, new_table, text

    table = new_table()
    figure(table, "Setting", justify="left")
    figure(table, "Value", justify="left")
    text(table, "Meaning")
    for key, value in mapping.items():
        table.add_row(key, value, meanings.get(key, ""))
    out().print(table)
