"""A whole-file export of aostime's JSON imported into an empty database: restored row for row,
ids, timestamps, invoices and counters included (interchange/aostime_whole.py reads the rows),
so that the copy exports the very same document and never gives an invoice number or an id
the original gave. Into a database that holds data the file is merged by names instead, and its
invoices stay behind: the import says so."""

from __future__ import annotations

from typing import Any

from aostime.domain.names import fold

TABLES = (
    "settings", "clients", "projects", "tasks", "users", "invoices", "invoice_sequences", "credit_note_sequences",
    "invoice_lines", "time_entries", "invoice_line_entries", "payments", "entry_tags", "budgets", "budget_alerts",
    "entry_history", "week_approvals", "period_lock",
)  # fmt: skip
NAMED = ("clients", "projects", "tasks", "users")


def restorable(store, batch) -> bool:
    """A whole-file export, and a database without data."""
    return bool(getattr(batch, "tables", None)) and not store.filled_tables()


def left_behind(batch) -> str | None:
    """The warning of a whole-file export merged into a database that holds data."""
    invoices = len(batch.tables["invoices"][1]) if getattr(batch, "tables", None) else 0
    if not invoices:
        return None
    return (f"{invoices} invoice{'s' if invoices != 1 else ''} not imported: invoices, with their numbers, move only "
            "into an empty database (their entries are imported, marked invoiced)")  # fmt: skip


def restore(store, batch, summary) -> None:
    """Every table's rows into the empty database (inside the caller's transaction), once the
    file keeps the invoice rules (a file that breaks one is refused before anything is written)
    and its numbering is past the numbers it holds."""
    from aostime.services import restored_invoices

    restored_invoices.check(batch)
    summary.warnings.extend(restored_invoices.numbering(batch))
    for table in TABLES:
        columns, rows = batch.tables[table]
        if table in NAMED:  # the folded key the unique name indexes use, as every write stores it
            at = columns.index("name")
            columns, rows = (*columns, "name_key"), [[*row, fold(row[at])] for row in rows]
        store.write_table(table, columns, rows)
    store.set_id_counters(batch.counters)
    _summarise(batch, summary)


def _summarise(batch, summary) -> None:
    from aostime.services.import_summary import ProjectTotal

    names = {table: _by_id(batch.tables[table]) for table in NAMED}
    summary.clients = [row["name"] for row in names["clients"].values()]
    summary.projects = [row["name"] for row in names["projects"].values()]
    summary.tasks = [row["name"] for row in names["tasks"].values()]
    summary.users = [row["name"] for row in names["users"].values()]
    summary.settings = [row[0] for row in batch.tables["settings"][1]]
    for entry in _by_id(batch.tables["time_entries"]).values():
        project = names["projects"][entry["project_id"]]
        client = names["clients"][project["client_id"]]
        summary.created += 1
        if entry["end_time"] is None:
            summary.running.append({"user": names["users"][entry["user_id"]]["name"], "project": project["name"],
                                    "start": entry["start_time"]})  # fmt: skip
            continue
        key = (client["name"], project["name"])
        total = summary.totals.setdefault(key, ProjectTotal(client["name"], project["name"], client["currency"]))
        total.entries += 1
        total.seconds += entry["duration"]
        total.cents += entry["amount_cents"]
        summary.seconds += entry["duration"]
        summary.cents += entry["amount_cents"]


def _by_id(table) -> dict[int, dict[str, Any]]:
    columns, rows = table
    return {row[0]: dict(zip(columns, row, strict=True)) for row in rows}
