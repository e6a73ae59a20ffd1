"""Shared by the interchange tests: where the fixtures are, a dump of the database, and totals
per project as `aos list --json` reports them."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TABLES = ("settings", "clients", "projects", "tasks", "users", "time_entries", "invoices")


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every row of the tables an import could touch (empty when the file does not exist)."""
    if not Path(db).exists():
        return {}
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}
    finally:
        conn.close()


def totals(aos, *db_args: str) -> dict[tuple[str, str], tuple[int, int, Decimal]]:
    """(client, project) -> (finished entries, seconds, amount) from `aos list --json`."""
    found: dict[tuple[str, str], list] = defaultdict(lambda: [0, 0, Decimal(0)])
    for entry in aos(*db_args, "list", "--json").json["entries"]:
        if entry["end_time"] is None:
            continue
        row = found[(entry["client_name"], entry["project_name"])]
        row[0] += 1
        row[1] += entry["duration"]
        row[2] += Decimal(str(entry["amount"]))
    return {key: tuple(value) for key, value in found.items()}


def entries(aos, *db_args: str) -> list[dict]:
    """`aos list --json` entries, oldest first, without ids."""
    docs = aos(*db_args, "list", "--json").json["entries"]
    drop = ("id", "project_id", "task_id", "client_id", "user_id", "invoice_id", "version")  # versions carry ids
    return sorted(({k: v for k, v in d.items() if k not in drop} for d in docs), key=lambda d: d["start_time"])
