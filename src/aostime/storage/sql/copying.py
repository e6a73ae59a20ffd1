"""Whole-database copies between backends (aos db copy): every table, row by row, with its ids,
and the id counters, so that the copy never hands out an id the original already gave."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from aostime.errors import Conflict

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# In an order that satisfies every foreign key.
TABLES = (
    "settings", "clients", "projects", "tasks", "users", "invoices", "invoice_sequences", "credit_note_sequences",
    "invoice_lines", "time_entries", "invoice_line_entries", "api_tokens", "payments", "import_spans", "entry_tags",
    "budgets", "budget_alerts", "entry_history", "week_approvals", "period_lock",
)  # fmt: skip
COUNTED = ("clients", "projects", "tasks", "users", "invoices", "invoice_lines", "time_entries", "api_tokens",
           "payments", "budgets", "entry_history")  # fmt: skip
TIMES = frozenset({"start_time", "end_time", "created_at", "updated_at", "last_used_at", "revoked_at", "since_time",
                   "until_time", "sent_at", "at", "submitted_at", "decided_at", "set_at"})  # fmt: skip


class CopyingSql:
    """SQL of whole-table copies, mixed into a backend's Store (which provides the Dialect and
    table_columns, id_counters and set_id_counters)."""

    def read_table(self, table: str, columns: Sequence[str]) -> Iterator[list[Any]]:
        """Every row of a table in id order, instants as aware UTC datetimes."""
        times = [i for i, column in enumerate(columns) if column in TIMES]
        order = "id" if "id" in columns else ", ".join(columns[:2])
        instant = self._instant
        for row in self._iter(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}"):
            row = list(row)
            for i in times:
                row[i] = instant(row[i])
            yield row

    def write_table(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Rows into a table, ids as given (inside the caller's transaction)."""
        times = [i for i, column in enumerate(columns) if column in TIMES]
        to_db = self._time

        def encoded(row: Sequence[Any]) -> list[Any]:
            row = list(row)
            for i in times:
                if row[i] is not None:
                    row[i] = to_db(row[i])
            return row

        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        return self._many(sql, map(encoded, rows))

    def filled_tables(self) -> list[str]:
        return [table for table in TABLES if self._one(f"SELECT 1 FROM {table} LIMIT 1") is not None]


def copy_tables(source, destination) -> dict[str, int]:
    """Every table of `source` into the empty `destination`, in one transaction of the
    destination over one snapshot of the source: {table: rows copied}. Refused (Conflict) when
    the destination holds data, or when a column of the source has no place in it."""
    counts: dict[str, int] = {}
    with source.snapshot(), destination.transaction():
        filled = destination.filled_tables()
        if filled:
            raise Conflict(f"the destination already holds data ({', '.join(filled)}); copy into an empty database")
        for table in TABLES:
            columns = source.table_columns(table)
            missing = sorted(set(columns) - set(destination.table_columns(table)))
            if missing:
                raise Conflict(f"the destination's {table} has no column {', '.join(missing)}: it is older; upgrade it")
            counts[table] = destination.write_table(table, columns, source.read_table(table, columns))
        destination.set_id_counters(source.id_counters())
    return counts
