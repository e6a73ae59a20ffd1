"""Reading a test's database directly, SQLite file or PostgreSQL URL alike."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path


def is_postgres(db: Path | str) -> bool:
    return str(db).startswith(("postgresql://", "postgres://"))


def query(db: Path | str, sql: str, params: Sequence = ()) -> list[tuple]:
    """Rows of a query (sqlite3's ? marks) on the test's database, SQLite file or PostgreSQL URL."""
    if is_postgres(db):
        import psycopg

        from aostime.storage.postgres.base import pg_sql

        with psycopg.connect(str(db)) as con:
            return [tuple(int(v) if type(v).__name__ == "Decimal" else v for v in row)
                    for row in con.execute(pg_sql(sql), params or None).fetchall()]  # fmt: skip
    with closing(sqlite3.connect(db, timeout=30)) as con:
        return con.execute(sql, params).fetchall()


def execute(db: Path | str, sql: str, params: Sequence = ()) -> None:
    """One write (sqlite3's ? marks) straight to the test's database through the backend's own
    driver, committed: aostime's rules are bypassed, so only the database's own can refuse it."""
    if is_postgres(db):
        import psycopg

        from aostime.storage.postgres.base import pg_sql

        with psycopg.connect(str(db)) as con:
            con.execute(pg_sql(sql), params or None)
        return
    with closing(sqlite3.connect(db, timeout=30)) as con, con:
        con.execute(sql, params)


def integrity_error(db: Path | str) -> type[Exception]:
    """What the backend's own driver raises when the database refuses a write: sqlite3's or psycopg's
    IntegrityError."""
    if is_postgres(db):
        import psycopg

        return psycopg.IntegrityError
    return sqlite3.IntegrityError


def postgres_rows(db: str) -> list[tuple[str, list[tuple]]]:
    """Every row of every table of the URL's schema, table by table: a PostgreSQL database's
    content, to compare before and after (identity values a failed write used up are not rows)."""
    tables = [r[0] for r in query(db, "SELECT table_name FROM information_schema.tables "
                                      "WHERE table_schema = current_schema() ORDER BY table_name")]  # fmt: skip
    return [(t, query(db, f"SELECT * FROM {t} ORDER BY 1")) for t in tables]


# What each migration added, undone: a test that sets a database back to an older version
# (to migrate it again) undoes the later ones first.
UNDO = {
    11: ["DROP TABLE sign_in_failures", "DROP TABLE invites", "DROP TABLE web_sessions",
         "ALTER TABLE users DROP COLUMN password_hash"],
    12: ["ALTER TABLE time_entries DROP COLUMN import_scope", "ALTER TABLE time_entries DROP COLUMN import_zone"],
    13: ["ALTER TABLE invoices DROP COLUMN document"],
    14: ["DROP TABLE import_spans"],
    # 15's wider tax_mode CHECKs stay: applied again, it widens them again
    15: ["ALTER TABLE invoices DROP COLUMN exchange_rate", "ALTER TABLE invoice_lines DROP COLUMN tax_rate"],
    16: ["ALTER TABLE invoices DROP COLUMN order_reference", "ALTER TABLE clients DROP COLUMN peppol_id",
         "ALTER TABLE clients DROP COLUMN buyer_reference"],
    # the search index (17): SQLite's FTS5 table and the triggers keeping it, PostgreSQL's index
    17: {"sqlite": ["DROP TRIGGER entry_search_added", "DROP TRIGGER entry_search_deleted",
                    "DROP TRIGGER entry_search_changed", "DROP TABLE entry_search"],
         "postgres": ["DROP INDEX time_entries_search"]},
    18: ["ALTER TABLE users DROP COLUMN theme", "ALTER TABLE users DROP COLUMN week_start",
         "ALTER TABLE users DROP COLUMN locale"],
    19: ["DROP INDEX time_entries_unbilled"],
    20: ["DROP TABLE period_lock", "DROP TABLE week_approvals", "DROP TABLE entry_history"],
    21: ["DROP TABLE budget_alerts", "DROP TABLE budgets"],
    22: ["DROP TABLE entry_tags"],
}  # fmt: skip


def set_back_to(db: Path | str, version: int) -> None:
    """The database as it was at `version`, as far as the later migrations' UNDO says (the
    migrations up to `version + 1` are the test's own to undo), and its version number."""
    for later in sorted((v for v in UNDO if v > version), reverse=True):
        statements = UNDO[later]
        if isinstance(statements, dict):  # a migration each backend makes its own way
            statements = statements["postgres" if is_postgres(db) else "sqlite"]
        for statement in statements:
            execute(db, statement)
    if is_postgres(db):
        execute(db, "UPDATE aostime_meta SET value = ? WHERE key = 'schema_version'", (str(version),))
    else:
        execute(db, f"PRAGMA user_version = {int(version)}")
