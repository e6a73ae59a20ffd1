"""Time entries: writes, lookups, the overlap check, filtered listings and their totals, and the lean rows of the streamed listing."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta

from aostime.errors import BadInput, Conflict
from aostime.storage.sqlite.base import (
    ENTRY_COLUMNS,
    ENTRY_FROM,
    _encoded,
    _entry,
    _from_db,
    _translate,
    stored_time,
)

TYPE_CHECKING = False  # typing and the models cost milliseconds at every prompt
if TYPE_CHECKING:
    from typing import Any

    from aostime.domain.models import Entry


TIME_COLUMNS = frozenset({"start_time", "end_time", "created_at", "updated_at"})


class EntriesSql:
    """SQL of one aggregate, mixed into the SQLite Store (which provides _run, _one, _all, _iter)."""

    # -- time entries -----------------------------------------------------------------------

    def insert_entry(self, values: dict[str, Any], now: datetime) -> int:
        stamp = stored_time(now)
        row = dict(_encoded(values), created_at=stamp, updated_at=stamp)
        columns = list(row)
        sql = f"INSERT INTO time_entries ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})"
        try:
            return self.conn.execute(sql, row).lastrowid
        except sqlite3.IntegrityError as exc:
            raise self._entry_conflict(exc) from exc
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from exc

    @staticmethod
    def _entry_conflict(exc: sqlite3.IntegrityError) -> Exception:
        text = str(exc)
        if "time_entries.user_id" in text:
            return Conflict("a timer is already running for this user; stop it first or use --switch")
        if "time_entries.source" in text:
            return Conflict("this entry was imported already")
        if "CHECK" in text:
            return BadInput(f"the entry is not valid ({text})")
        return Conflict(f"the entry cannot be saved: {text}")

    def update_entry(self, entry_id: int, values: dict[str, Any], now: datetime) -> None:
        if not values:
            return
        assignments = ", ".join(f"{c} = :{c}" for c in values)
        params = dict(_encoded(values), _id=entry_id, _now=stored_time(now))
        try:
            self.conn.execute(f"UPDATE time_entries SET {assignments}, updated_at = :_now WHERE id = :_id", params)
        except sqlite3.IntegrityError as exc:
            raise self._entry_conflict(exc) from exc
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from exc

    def delete_entry(self, entry_id: int) -> None:
        """Delete an entry; a voided invoice's lines forget it (their totals stay as issued)."""
        self._run(
            """DELETE FROM invoice_line_entries WHERE entry_id = ? AND line_id IN (
                   SELECT l.id FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.status = 'void')""",
            (entry_id,),
        )
        self._run("DELETE FROM time_entries WHERE id = ?", (entry_id,))

    def get_entry(self, entry_id: int) -> Entry | None:
        row = self._one(f"SELECT {ENTRY_COLUMNS} {ENTRY_FROM} WHERE e.id = ?", (entry_id,))
        return None if row is None else _entry(row)

    def running_entry(self, user_id: int) -> Entry | None:
        row = self._one(
            f"SELECT {ENTRY_COLUMNS} {ENTRY_FROM} WHERE e.user_id = ? AND e.end_time IS NULL",
            (user_id,),
        )
        return None if row is None else _entry(row)

    def last_entry(self, user_id: int) -> Entry | None:
        row = self._one(
            f"SELECT {ENTRY_COLUMNS} {ENTRY_FROM} WHERE e.user_id = ? ORDER BY e.start_time DESC, e.id DESC LIMIT 1",
            (user_id,),
        )
        return None if row is None else _entry(row)

    def last_end_between(self, user_id: int, start: datetime, end: datetime) -> datetime | None:
        row = self._one(
            "SELECT max(end_time) FROM time_entries WHERE user_id = ? AND start_time >= ? AND start_time < ?",
            (user_id, stored_time(start), stored_time(end)),
        )
        return _from_db(row[0]) if row and row[0] else None

    LONG_ENTRY_SECONDS = 86400  # the partial index time_entries_long (migration 3) holds longer entries

    def overlapping_entries(
        self, user_id: int, start: datetime, end: datetime | None, exclude_id: int | None
    ) -> list[Entry]:
        """Entries of this user that share any instant with [start, end); a running entry
        counts as open-ended, and so does [start, None). Three index lookups, whatever the
        length of the history: entries of at most a day that start within a day before
        `start`, the longer ones (partial index time_entries_long) and the running timer."""
        params = {
            "user": user_id, "exclude": exclude_id or 0, "start": stored_time(start),
            "day_before": stored_time(start - timedelta(seconds=self.LONG_ENTRY_SECONDS)),
            "end": stored_time(end) if end is not None else "9999-12-31 23:59:59",
        }  # fmt: skip
        rows = self._all(
            f"""SELECT {ENTRY_COLUMNS} {ENTRY_FROM}
                WHERE e.id IN (
                    SELECT id FROM time_entries WHERE user_id = :user
                      AND start_time >= :day_before AND start_time < :end AND end_time > :start
                    UNION SELECT id FROM time_entries WHERE user_id = :user
                      AND duration > {self.LONG_ENTRY_SECONDS} AND start_time < :end AND end_time > :start
                    UNION SELECT id FROM time_entries INDEXED BY one_running_timer_per_user
                      WHERE user_id = :user AND end_time IS NULL AND start_time < :end
                ) AND e.id != :exclude
                ORDER BY e.start_time LIMIT 5""",
            params,
        )
        return [_entry(r) for r in rows]

    @staticmethod
    def _entry_filters(f: dict[str, Any]) -> tuple[str, list[Any]]:
        clauses, params = [], []
        for key, column in (("project_id", "e.project_id"), ("task_id", "e.task_id"),
                            ("user_id", "e.user_id"), ("client_id", "p.client_id")):  # fmt: skip
            if f.get(key) is not None:
                clauses.append(f"{column} = ?")
                params.append(f[key])
        if f.get("billable") is not None:
            clauses.append("e.billable = ?")
            params.append(int(f["billable"]))
        if f.get("invoiced") is not None:
            clauses.append("e.invoiced = ?")
            params.append(int(f["invoiced"]))
        if f.get("finished"):
            clauses.append("e.end_time IS NOT NULL")
        if f.get("start_from") is not None:
            clauses.append("e.start_time >= ?")
            params.append(stored_time(f["start_from"]))
        if f.get("start_before") is not None:
            clauses.append("e.start_time < ?")
            params.append(stored_time(f["start_before"]))
        if f.get("ids"):
            clauses.append(f"e.id IN ({', '.join('?' for _ in f['ids'])})")
            params.extend(f["ids"])
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def iter_entries(
        self, filters: dict[str, Any], limit: int | None = None, newest_first: bool = True, offset: int = 0
    ) -> Iterator[Entry]:
        for row in self.iter_entry_rows(filters, limit, newest_first, offset):
            yield _entry(row)

    def entry_totals(
        self, filters: dict[str, Any], limit: int | None = None, offset: int = 0
    ) -> list[tuple[str, int, int, int]]:
        """(currency, count, seconds, cents) per currency over what iter_entries returns for the
        same arguments; running entries count with no seconds and no money."""
        where, params = self._entry_filters(filters)
        inner = f"SELECT e.duration, e.amount_cents, c.currency {ENTRY_FROM}{where}"
        if limit is not None or offset:
            inner += " ORDER BY e.start_time DESC, e.id DESC LIMIT ? OFFSET ?"
            params.extend([-1 if limit is None else limit, offset])
        rows = self._all(
            f"""SELECT currency, count(*), coalesce(sum(duration), 0), coalesce(sum(amount_cents), 0)
                FROM ({inner}) GROUP BY currency ORDER BY currency""",
            params,
        )
        return [tuple(row) for row in rows]

    def mark_invoiced(self, entry_ids: Sequence[int], invoice_id: int | None, now: datetime) -> int:
        total = 0
        for chunk_start in range(0, len(entry_ids), 500):
            chunk = list(entry_ids[chunk_start : chunk_start + 500])
            cursor = self._run(
                f"UPDATE time_entries SET invoiced = 1, invoice_id = ?, updated_at = ? "
                f"WHERE invoiced = 0 AND end_time IS NOT NULL AND billable = 1 "
                f"AND id IN ({', '.join('?' for _ in chunk)})",
                [invoice_id, stored_time(now), *chunk],
            )
            total += cursor.rowcount
        return total

    def unmark_invoiced(self, entry_ids: Sequence[int], now: datetime) -> int:
        """Entries marked invoiced without an invoice (aos invoice mark, imports) become unbilled."""
        total = 0
        for chunk_start in range(0, len(entry_ids), 500):
            chunk = list(entry_ids[chunk_start : chunk_start + 500])
            total += self._run(
                f"UPDATE time_entries SET invoiced = 0, updated_at = ? "
                f"WHERE invoiced = 1 AND invoice_id IS NULL AND id IN ({', '.join('?' for _ in chunk)})",
                [stored_time(now), *chunk],
            ).rowcount
        return total

    def release_invoice_entries(self, invoice_id: int, now: datetime) -> int:
        return self._run(
            "UPDATE time_entries SET invoiced = 0, invoice_id = NULL, updated_at = ? WHERE invoice_id = ?",
            (stored_time(now), invoice_id),
        ).rowcount

    # -- fast paths: bulk loads, listing rows --------------------------------------------------

    def insert_entries_many(self, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Many entries given as tuples in `columns` order, in the current transaction, through
        one prepared statement (executemany): 100,000 rows in 0.14 s where sqlite-utils'
        insert_all of the same rows as dicts takes 0.39 s (measured; imports and the benchmark
        generator write this way)."""
        if not columns or not all(c.isidentifier() for c in columns):
            raise BadInput(f"bad column list {list(columns)!r}")
        sql = f"INSERT INTO time_entries ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        times = [i for i, column in enumerate(columns) if column in TIME_COLUMNS]

        def encoded(row: Sequence[Any]) -> Sequence[Any]:
            """Only the time columns need encoding (bools are ints to sqlite3): a big import
            pays for 4 checks a row, not one per column."""
            row = list(row)
            for i in times:
                if isinstance(row[i], datetime):
                    row[i] = stored_time(row[i])
            return row

        before = self.conn.total_changes
        try:
            self.conn.executemany(sql, map(encoded, rows))
        except sqlite3.IntegrityError as exc:
            raise self._entry_conflict(exc) from exc
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from exc
        return self.conn.total_changes - before

    # The listing's lean row: the entry's own columns and its project's client; names come from
    # names() (a few hundred rows), so each listed entry costs one join instead of five.
    ROW_COLUMNS = """e.id, e.project_id, e.task_id, p.client_id, e.user_id, e.start_time, e.end_time,
        e.duration, e.description, e.notes, e.billable, e.hourly_rate_cents, e.amount_cents,
        e.invoiced, e.invoice_id"""
    ROW_FROM = "FROM time_entries e JOIN projects p ON p.id = e.project_id"

    def iter_entry_rows(
        self, filters: dict[str, Any], limit: int | None = None, newest_first: bool = True, offset: int = 0,
        columns: str = ENTRY_COLUMNS, joins: str = ENTRY_FROM,
    ) -> Iterator[Sequence[Any]]:  # fmt: skip
        """The rows iter_entries lists (same filters, order, limit and offset), as plain tuples of
        `columns` (ENTRY_COLUMNS by default, or ROW_COLUMNS with joins=ROW_FROM)."""
        where, params = self._entry_filters(filters)
        order = "DESC" if newest_first else "ASC"
        sql = f"SELECT {columns} {joins}{where} ORDER BY e.start_time {order}, e.id {order}"
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            params.extend([-1 if limit is None else limit, offset])
        return self._iter(sql, params)

    def iter_listing_rows(self, filters: dict[str, Any], limit: int | None = None, offset: int = 0):
        """The entries iter_entries lists, as lean tuples for the streamed listing: (id, project_id,
        task_id, client_id, user_id, start, end, duration, description, notes, billable (0/1),
        hourly_rate_cents, amount_cents, invoiced (0/1), invoice_id), start and end as stored UTC
        text 'YYYY-MM-DD HH:MM:SS' (the listing turns that into JSON without a datetime)."""
        return self.iter_entry_rows(filters, limit, offset=offset, columns=self.ROW_COLUMNS, joins=self.ROW_FROM)

    def invoice_number_map(self) -> dict[int, str]:
        return dict(self._all("SELECT id, number FROM invoices"))
