"""Shared by the reliability tests: real `aos` processes started together, a seeded database
file, and the invariants a database must keep whatever happened to the process writing it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from contextlib import closing
from datetime import UTC
from pathlib import Path

import pytest

from db_query import is_postgres, postgres_rows, query

AOS = [sys.executable, "-m", "aostime"]
STRESS = os.environ.get("AOS_STRESS", "") not in ("", "0")


def scale(ci: int, stress: int) -> int:
    """A count for the default run (CI), or the bigger one with AOS_STRESS=1."""
    return stress if STRESS else ci


stress_only = pytest.mark.skipif(not STRESS, reason="long stress variant: run with AOS_STRESS=1")


def spawn(
    args: Sequence[str], db: Path | str, env: dict | None = None, discard_output: bool = False
) -> subprocess.Popen:
    """Start `aos ARGS` on db without waiting for it (stdin is not a terminal). With
    discard_output the process never blocks on a full pipe, so it can be polled."""
    full_env = dict(os.environ, AOS_DB=str(db), **(env or {}))
    out = subprocess.DEVNULL if discard_output else subprocess.PIPE
    return subprocess.Popen([*AOS, *args], stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.PIPE,
                            text=True, env=full_env)  # fmt: skip


def finish(procs: list[subprocess.Popen], timeout: float = 120) -> list[tuple[int, str, str]]:
    """Wait for every process: [(exit code, stdout, stderr)] in start order."""
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=timeout)
        results.append((proc.returncode, out, err))
    return results


def run_all(commands: list[Sequence[str]], db: Path | str, env: dict | None = None) -> list[tuple[int, str, str]]:
    """Start every command before waiting for any, then collect them all."""
    return finish([spawn(args, db, env) for args in commands])


def instant(value):
    """A stored instant as an aware datetime: SQLite's UTC text or PostgreSQL's timestamptz."""
    from datetime import datetime

    return datetime.fromisoformat(value).replace(tzinfo=UTC) if isinstance(value, str) else value


def integrity(db: Path | str) -> list[str]:
    if is_postgres(db):
        return ["ok"]  # PostgreSQL checks its own pages; the invariants below are checked on both
    return [row[0] for row in query(db, "PRAGMA integrity_check")]


def dump(db: Path | str) -> list:
    """Every row and schema statement, plus the version stamps: equal dumps, equal data."""
    if is_postgres(db):
        return postgres_rows(str(db))
    with closing(sqlite3.connect(db, timeout=30)) as con:
        stamps = [f"-- application_id {con.execute('PRAGMA application_id').fetchone()[0]}",
                  f"-- user_version {con.execute('PRAGMA user_version').fetchone()[0]}"]  # fmt: skip
        return stamps + list(con.iterdump())


def checkpoint(db: Path | str) -> None:
    """Fold the WAL into the main file, so its bytes can be compared or copied alone."""
    if is_postgres(db):
        return
    with closing(sqlite3.connect(db, timeout=30)) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def no_traceback(results: list[tuple[int, str, str]]) -> None:
    for code, out, err in results:
        assert "Traceback" not in err and "Traceback" not in out, err
        assert "Error: unexpected " not in err, err
        assert code in (0, 1, 2, 3), (code, err)


def invoice_consistency(db: Path | str) -> dict[int, set[int]]:
    """Every entry is on exactly the invoice its invoice_id names, or on none; each invoice's
    subtotal is the sum of its lines and of its entries' amounts. Returns invoice -> entry ids."""
    lines = query(
        db,
        """SELECT l.invoice_id, le.entry_id FROM invoice_line_entries le
           JOIN invoice_lines l ON l.id = le.line_id JOIN invoices i ON i.id = l.invoice_id
           WHERE i.status != 'void'""",
    )
    on_invoice: dict[int, set[int]] = {}
    seen: set[int] = set()
    for invoice_id, entry_id in lines:
        assert entry_id not in seen, f"entry {entry_id} is on two invoice lines"
        seen.add(entry_id)
        on_invoice.setdefault(invoice_id, set()).add(entry_id)
    marked: dict[int, set[int]] = {}
    for entry_id, invoice_id, invoiced in query(db, "SELECT id, invoice_id, invoiced FROM time_entries"):
        if invoice_id is not None:
            assert invoiced == 1
            marked.setdefault(invoice_id, set()).add(entry_id)
    assert on_invoice == marked, "invoice lines and the entries' invoice_id disagree"
    for invoice_id, subtotal, tax, total in query(
        db, "SELECT id, subtotal_cents, tax_cents, total_cents FROM invoices WHERE status != 'void'"
    ):
        lines_sum = query(db, "SELECT coalesce(sum(amount_cents), 0) FROM invoice_lines WHERE invoice_id = ?",
                          (invoice_id,))[0][0]  # fmt: skip
        entries_sum = query(db, "SELECT coalesce(sum(amount_cents), 0) FROM time_entries WHERE invoice_id = ?",
                            (invoice_id,))[0][0]  # fmt: skip
        assert subtotal == lines_sum == entries_sum, (invoice_id, subtotal, lines_sum, entries_sum)
        assert total == subtotal + tax
    return on_invoice


def bulk_entries(db: Path | str, count: int, project_id: int = 1, user_id: int = 1, day: str = "2025-06-02") -> None:
    """count finished billable entries of 15 min at 150/h, through the store's bulk insert in
    one transaction (the way `aos import` writes)."""
    from datetime import datetime, timedelta

    from aostime.storage import open_storage

    base = datetime.fromisoformat(day + " 00:00:00").replace(tzinfo=UTC)
    stamp = datetime(2025, 6, 1, tzinfo=UTC)
    columns = ("project_id", "task_id", "user_id", "start_time", "end_time", "duration", "description", "notes",
               "billable", "hourly_rate_cents", "amount_cents", "invoiced", "created_at", "updated_at")  # fmt: skip

    def rows():
        for i in range(count):
            start = base + timedelta(minutes=15 * i)
            end = start + timedelta(minutes=15)
            yield (project_id, None, user_id, start, end, 900, f"bulk entry {i}", "", True, 15000, 3750, False, stamp,
                   stamp)  # fmt: skip

    store = open_storage(str(db))
    try:
        with store.transaction():
            store.insert_entries_many(columns, rows())
    finally:
        store.close()
    checkpoint(db)
