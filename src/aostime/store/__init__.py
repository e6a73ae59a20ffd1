"""The repository: every SQL statement of aostime lives in this package (consistent copies of
the whole file, through SQLite's backup API, in store.backup).

One Store wraps one sqlite3 connection in autocommit mode; writes happen only inside
`transaction()`, which takes the write lock up front (BEGIN IMMEDIATE) so concurrent writers
queue on the busy timeout instead of failing half-way. sqlite3 errors leave this package as
AosError subclasses, never raw.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta

from aostime.errors import DRIVER_ERRORS, BadInput, Conflict, NotFound, StorageError
from aostime.timeparse import UTC

TYPE_CHECKING = False  # typing and the models cost milliseconds at every prompt; each loads where used
if TYPE_CHECKING:
    from typing import Any

    from aostime.models import Entry, Invoice

DRIVER_ERRORS.append(sqlite3.Error)  # an sqlite3 error that escapes translation is still exit 3
BUSY_TIMEOUT_MS = int(os.environ.get("AOS_BUSY_TIMEOUT_MS", "5000"))
SQLITE_MAGIC = b"SQLite format 3\x00"
RESTORE_HINT = "restore a copy with 'aos restore BACKUP' (backups: 'aos backup')"


def _translate(exc: sqlite3.Error, path: str) -> Exception:
    """An sqlite3 error as the AosError a person can act on, by SQLite's result code
    (sqlite_errorname, e.g. SQLITE_BUSY_SNAPSHOT -> SQLITE_BUSY)."""
    text = str(exc)
    code = (getattr(exc, "sqlite_errorname", None) or "").split("_")
    kind = "_".join(code[:2]) if len(code) > 1 else ""
    if isinstance(exc, sqlite3.IntegrityError):
        return Conflict(f"the change conflicts with existing data ({text})")
    if kind in ("SQLITE_BUSY", "SQLITE_LOCKED") or "locked" in text or "busy" in text:
        return StorageError(
            f"database {path} is busy: another aostime process held it past the "
            f"{BUSY_TIMEOUT_MS / 1000:g} s busy timeout; try again"
        )
    folder = os.path.dirname(os.path.abspath(path))
    readonly = kind == "SQLITE_READONLY" or "readonly" in text or "read-only" in text
    cannot_open = kind == "SQLITE_CANTOPEN" or "unable to open" in text
    if (readonly or cannot_open) and not os.access(folder, os.W_OK):
        return StorageError(
            f"database {path} cannot be written: its directory {folder} is read-only, and SQLite needs to "
            f"create {os.path.basename(path)}-wal and -shm next to it"
        )
    if readonly:
        return StorageError(f"database {path} is read-only: cannot write to it ({text})")
    if kind in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "malformed" in text or "not a database" in text:
        return StorageError(f"database {path} is corrupt ({text}); {RESTORE_HINT}")
    if cannot_open:
        return StorageError(f"cannot open database {path} ({text}); check the path and permissions")
    return StorageError(f"database {path}: {text}")


def _from_db(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text).replace(tzinfo=UTC)


def stored_time(value: datetime) -> str:
    """An instant as the store writes it: UTC text that sorts as it reads (2026-03-31 09:00:00).
    The one place that knows the on-disk form (isoformat is twice as fast as strftime)."""
    return value.astimezone(UTC).isoformat(" ")[:19]


_stamp = stored_time


def _encoded(values: dict[str, Any]) -> dict[str, Any]:
    """Domain values (aware datetimes, bools) as the columns hold them."""
    return {
        key: stored_time(v) if isinstance(v, datetime) else int(v) if isinstance(v, bool) else v
        for key, v in values.items()
    }


def _encoded_row(row: Sequence[Any]) -> tuple:
    return tuple(stored_time(v) if isinstance(v, datetime) else int(v) if isinstance(v, bool) else v for v in row)


ENTRY_COLUMNS = """
    e.id, e.project_id, p.name, e.task_id, t.name, p.client_id, c.name, e.user_id, u.name,
    e.start_time, e.end_time, e.duration, e.description, e.notes, e.billable,
    e.hourly_rate_cents, e.amount_cents, e.invoiced, e.invoice_id, i.number, c.currency
"""
ENTRY_FROM = """
    FROM time_entries e
    JOIN projects p ON p.id = e.project_id
    JOIN clients c ON c.id = p.client_id
    JOIN users u ON u.id = e.user_id
    LEFT JOIN tasks t ON t.id = e.task_id
    LEFT JOIN invoices i ON i.id = e.invoice_id
"""


def _entry(row: Sequence[Any]) -> Entry:
    from aostime.models import Entry

    return Entry(
        id=row[0], project_id=row[1], project_name=row[2], task_id=row[3], task_name=row[4],
        client_id=row[5], client_name=row[6], user_id=row[7], user_name=row[8],
        start=_from_db(row[9]), end=_from_db(row[10]), duration=row[11],
        description=row[12], notes=row[13], billable=bool(row[14]),
        hourly_rate_cents=row[15], amount_cents=row[16], invoiced=bool(row[17]),
        invoice_id=row[18], invoice_number=row[19], currency=row[20],
    )  # fmt: skip


# The catalog: one SELECT per kind, all returning rows in the model's field order.
CATALOG_SELECT = {
    "client": "SELECT id, name, email, currency, hourly_rate_cents, archived FROM clients x",
    "project": """SELECT x.id, x.client_id, c.name, x.name, x.hourly_rate_cents, x.archived
                  FROM projects x JOIN clients c ON c.id = x.client_id""",
    "task": """SELECT x.id, x.project_id, p.name, x.name, x.hourly_rate_cents, x.billable,
                      x.archived
               FROM tasks x JOIN projects p ON p.id = x.project_id""",
    "user": "SELECT id, name, email, hourly_rate_cents, archived FROM users x",
}
CATALOG_TABLE = {"client": "clients", "project": "projects", "task": "tasks", "user": "users"}
CATALOG_PARENT = {"project": "client_id", "task": "project_id"}
CATALOG_COLUMNS = {
    "client": {"name", "name_key", "email", "currency", "hourly_rate_cents", "archived"},
    "project": {"client_id", "name", "name_key", "hourly_rate_cents", "archived"},
    "task": {"project_id", "name", "name_key", "hourly_rate_cents", "billable", "archived"},
    "user": {"name", "name_key", "email", "hourly_rate_cents", "archived"},
}


def _with_name_key(values: dict[str, Any]) -> dict[str, Any]:
    """Every name is stored with its folded key (aostime.names), which the unique indexes use."""
    if "name" not in values:
        return values
    from aostime.names import fold

    return {**values, "name_key": fold(values["name"])}


def _record(kind: str, row: Sequence[Any]):
    from aostime.models import Client, Project, Task, User

    if kind == "client":
        return Client(row[0], row[1], row[2], row[3], row[4], bool(row[5]))
    if kind == "project":
        return Project(row[0], row[1], row[2], row[3], row[4], bool(row[5]))
    if kind == "task":
        billable = None if row[5] is None else bool(row[5])
        return Task(row[0], row[1], row[2], row[3], row[4], billable, bool(row[6]))
    return User(row[0], row[1], row[2], row[3], bool(row[4]))


# Files this process holds SQLite connections to (realpath -> count). Their header is never read
# with a plain open() again: closing any descriptor of a file drops all of the process's POSIX
# locks on it, and another process could then checkpoint and truncate the WAL under the open
# connections. A store that is never closed keeps its file here, which only skips a check.
_CONNECTED: dict[str, int] = {}
# Databases this process committed a change to (one item per commit): once something is saved,
# a failure to print it must not make the command look failed (a script would retry and duplicate).
COMMITTED: list[str] = []


class Store:
    def __init__(self, conn: sqlite3.Connection, path: str):
        self.conn = conn
        self.path = path
        self._depth = 0

    # -- plumbing ---------------------------------------------------------------------------

    def _run(self, sql: str, params: Sequence[Any] | dict = ()) -> sqlite3.Cursor:
        try:
            return self.conn.execute(sql, params)
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from exc

    def _one(self, sql: str, params: Sequence[Any] | dict = ()):
        return self._run(sql, params).fetchone()

    def _all(self, sql: str, params: Sequence[Any] | dict = ()) -> list:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from exc

    def _iter(self, sql: str, params: Sequence[Any] | dict = ()) -> Iterator[Sequence[Any]]:
        try:
            cursor = self.conn.execute(sql, params)
            while True:
                rows = cursor.fetchmany(2000)
                if not rows:
                    return
                yield from rows
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from exc

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """The unit of work: one write transaction per command (BEGIN IMMEDIATE, so concurrent
        writers queue on the busy timeout instead of failing half-way), committed on a clean
        exit and rolled back on any error. Inside another transaction it is a savepoint: an
        inner failure undoes the inner writes only, and the outer one decides."""
        if self._depth:
            name = f"aos_{self._depth}"
            self._run(f"SAVEPOINT {name}")
            self._depth += 1
            try:
                yield self
            except BaseException:
                self._quietly(f"ROLLBACK TO {name}")
                self._quietly(f"RELEASE {name}")
                raise
            finally:
                self._depth -= 1
            self._run(f"RELEASE {name}")
            return
        self._run("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            self._quietly("ROLLBACK")
            raise
        self._depth = 0
        self._run("COMMIT")
        COMMITTED.append(self.path)

    def _quietly(self, sql: str) -> None:
        """Undo while an error is already on its way out: a failure here must not mask it."""
        try:
            self.conn.execute(sql)
        except sqlite3.Error:
            pass

    @contextmanager
    def snapshot(self) -> Iterator[Store]:
        """A read transaction, so that a listing and its totals see the same data (inside
        another transaction, that one already does)."""
        if self._depth:
            yield self
            return
        self._run("BEGIN")
        self._depth = 1
        try:
            yield self
        finally:
            self._depth = 0
            self._quietly("COMMIT")

    def close(self) -> None:
        self.conn.close()
        key = getattr(self, "_registry_key", None)
        if key is not None and _CONNECTED.get(key):
            _CONNECTED[key] -= 1
            self._registry_key = None

    # -- settings ---------------------------------------------------------------------------

    def get_setting(self, key: str) -> str | None:
        row = self._one("SELECT value FROM settings WHERE key = ?", (key,))
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        self._run(
            "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def delete_setting(self, key: str) -> None:
        self._run("DELETE FROM settings WHERE key = ?", (key,))

    def all_settings(self) -> dict[str, str]:
        return dict(self._all("SELECT key, value FROM settings ORDER BY key"))

    # -- the catalog: clients, projects, tasks, users ---------------------------------------

    def insert_record(self, kind: str, values: dict[str, Any], now: datetime) -> int:
        values = _encoded(_with_name_key(values))
        columns = [k for k in values if k in CATALOG_COLUMNS[kind]]
        stamp = _stamp(now)
        sql = (
            f"INSERT INTO {CATALOG_TABLE[kind]} ({', '.join(columns)}, created_at, updated_at) "
            f"VALUES ({', '.join('?' for _ in columns)}, ?, ?)"
        )
        try:
            cursor = self.conn.execute(sql, [values[c] for c in columns] + [stamp, stamp])
        except sqlite3.IntegrityError as exc:
            raise self._name_conflict(kind, values, exc) from exc
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from exc
        return cursor.lastrowid

    def update_record(self, kind: str, record_id: int, values: dict[str, Any], now: datetime):
        values = _encoded(_with_name_key(values))
        columns = [k for k in values if k in CATALOG_COLUMNS[kind]]
        if not columns:
            return
        assignments = ", ".join(f"{c} = ?" for c in columns)
        sql = f"UPDATE {CATALOG_TABLE[kind]} SET {assignments}, updated_at = ? WHERE id = ?"
        try:
            self.conn.execute(sql, [values[c] for c in columns] + [_stamp(now), record_id])
        except sqlite3.IntegrityError as exc:
            raise self._name_conflict(kind, values, exc, record_id) from exc
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from exc

    def _name_conflict(
        self, kind: str, values: dict[str, Any], exc: sqlite3.IntegrityError, record_id: int | None = None
    ) -> Exception:  # fmt: skip
        name = values.get("name")
        if "UNIQUE" in str(exc):
            where = {"project": " for this client", "task": " in this project"}.get(kind, "")
            parent = CATALOG_PARENT.get(kind)
            sql = f"SELECT name FROM {CATALOG_TABLE[kind]} WHERE name_key = ? AND id != ?"
            params: list[Any] = [values.get("name_key"), record_id or 0]
            if parent and values.get(parent) is not None:
                sql += f" AND {parent} = ?"
                params.append(values[parent])
            row = self._one(sql, params) if name is not None else None
            same = (
                f" (as {row[0]!r}: names that differ only in case are the same name)" if row and row[0] != name else ""
            )
            return Conflict(f"a {kind} named {name!r} already exists{where}{same}")
        if "CHECK" in str(exc):
            return BadInput(f"{kind} values are not valid ({exc})")
        return Conflict(f"{kind} cannot be saved: {exc}")

    def get_record(self, kind: str, record_id: int):
        row = self._one(f"{CATALOG_SELECT[kind]} WHERE x.id = ?", (record_id,))
        return None if row is None else _record(kind, row)

    def find_records(self, kind: str, name: str, parent_id: int | None = None, prefix: bool = False) -> list:
        """Records whose name is `name` (or starts with it), compared as aostime.names.fold does."""
        from aostime.names import fold

        key = fold(name)
        if prefix:
            sql = f"{CATALOG_SELECT[kind]} WHERE substr(x.name_key, 1, ?) = ?"
            params: list[Any] = [len(key), key]
        else:
            sql = f"{CATALOG_SELECT[kind]} WHERE x.name_key = ?"
            params = [key]
        if parent_id is not None and kind in CATALOG_PARENT:
            sql += f" AND x.{CATALOG_PARENT[kind]} = ?"
            params.append(parent_id)
        return [_record(kind, r) for r in self._all(sql + " ORDER BY x.archived, x.id", params)]

    def list_records(
        self, kind: str, include_archived: bool = False, parent_id: int | None = None,
        prefix: str | None = None,
    ) -> list:  # fmt: skip
        clauses, params = [], []
        if not include_archived:
            clauses.append("x.archived = 0")
        if parent_id is not None and kind in CATALOG_PARENT:
            clauses.append(f"x.{CATALOG_PARENT[kind]} = ?")
            params.append(parent_id)
        if prefix:
            clauses.append("x.name LIKE ? ESCAPE '\\'")
            escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params.append(escaped + "%")
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        return [_record(kind, r) for r in self._all(f"{CATALOG_SELECT[kind]}{where} ORDER BY x.id", params)]

    def rate_chain(self, project_id: int, task_id: int | None, user_id: int) -> dict[str, Any]:
        """Everything the rate and billable rules look at, in one query."""
        row = self._one(
            """SELECT t.hourly_rate_cents, p.hourly_rate_cents, c.hourly_rate_cents,
                      u.hourly_rate_cents, t.billable,
                      (SELECT value FROM settings WHERE key = 'default_rate')
               FROM projects p JOIN clients c ON c.id = p.client_id
               JOIN users u ON u.id = ?
               LEFT JOIN tasks t ON t.id = ?
               WHERE p.id = ?""",
            (user_id, task_id, project_id),
        )
        if row is None:
            raise NotFound(f"project {project_id} not found")
        return {
            "task": row[0], "project": row[1], "client": row[2], "user": row[3],
            "task_billable": row[4], "default": row[5],
        }  # fmt: skip

    def entry_counts(self, kind: str, record_id: int) -> tuple[int, int]:
        """(entries, invoiced entries) of a client or project."""
        column = {"project": "e.project_id", "client": "p.client_id"}[kind]
        row = self._one(
            f"""SELECT count(*), coalesce(sum(e.invoiced), 0)
                FROM time_entries e JOIN projects p ON p.id = e.project_id WHERE {column} = ?""",
            (record_id,),
        )
        return row[0], row[1]

    # -- time entries -----------------------------------------------------------------------

    def insert_entry(self, values: dict[str, Any], now: datetime) -> int:
        stamp = _stamp(now)
        row = dict(_encoded(values), created_at=stamp, updated_at=stamp)
        columns = list(row)
        sql = f"INSERT INTO time_entries ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})"
        try:
            return self.conn.execute(sql, row).lastrowid
        except sqlite3.IntegrityError as exc:
            raise self._entry_conflict(exc) from exc
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from exc

    def insert_entries_bulk(self, rows: Iterable[dict[str, Any]], batch_size: int = 5000) -> int:
        """Many entries in the current transaction, through sqlite-utils' batched insert."""
        import sqlite_utils

        db = sqlite_utils.Database(self.conn)
        before = self.conn.total_changes
        try:
            db["time_entries"].insert_all(rows, batch_size=batch_size)
        except sqlite3.IntegrityError as exc:
            raise self._entry_conflict(exc) from exc
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from exc
        return self.conn.total_changes - before

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
        params = dict(_encoded(values), _id=entry_id, _now=_stamp(now))
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
            (user_id, _stamp(start), _stamp(end)),
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
            "user": user_id, "exclude": exclude_id or 0, "start": _stamp(start),
            "day_before": _stamp(start - timedelta(seconds=self.LONG_ENTRY_SECONDS)),
            "end": _stamp(end) if end is not None else "9999-12-31 23:59:59",
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
            params.append(_stamp(f["start_from"]))
        if f.get("start_before") is not None:
            clauses.append("e.start_time < ?")
            params.append(_stamp(f["start_before"]))
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
                [invoice_id, _stamp(now), *chunk],
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
                [_stamp(now), *chunk],
            ).rowcount
        return total

    def release_invoice_entries(self, invoice_id: int, now: datetime) -> int:
        return self._run(
            "UPDATE time_entries SET invoiced = 0, invoice_id = NULL, updated_at = ? WHERE invoice_id = ?",
            (_stamp(now), invoice_id),
        ).rowcount

    # -- invoices ---------------------------------------------------------------------------

    def next_invoice_sequence(self, year: int) -> int:
        """Reserve the next number of a year. Numbers are never handed out twice: the counter
        only grows, and invoices are voided, never deleted."""
        self._run(
            "INSERT INTO invoice_sequences(year, last_number) VALUES (?, 1) "
            "ON CONFLICT(year) DO UPDATE SET last_number = last_number + 1",
            (year,),
        )
        return self._one("SELECT last_number FROM invoice_sequences WHERE year = ?", (year,))[0]

    def peek_invoice_sequence(self, year: int) -> int:
        row = self._one("SELECT last_number FROM invoice_sequences WHERE year = ?", (year,))
        return (row[0] if row else 0) + 1

    def insert_invoice(self, invoice: Invoice, now: datetime) -> int:
        stamp = _stamp(now)
        invoice_id = self._run(
            """INSERT INTO invoices (number, client_id, issue_date, due_date, status, currency,
                   subtotal_cents, tax_rate, tax_cents, total_cents, notes, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (invoice.number, invoice.client_id, invoice.issue_date, invoice.due_date,
             invoice.status, invoice.currency, invoice.subtotal_cents, invoice.tax_rate,
             invoice.tax_cents, invoice.total_cents, invoice.notes, stamp, stamp),
        ).lastrowid  # fmt: skip
        self.insert_invoice_lines(invoice_id, invoice.lines, 1)
        return invoice_id

    def insert_invoice_lines(self, invoice_id: int, lines: Sequence[Any], first_position: int) -> None:
        for position, line in enumerate(lines, first_position):
            line_id = self._run(
                """INSERT INTO invoice_lines (invoice_id, position, description, seconds,
                       hourly_rate_cents, amount_cents, project_id, task_id)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                (invoice_id, position, line.description, line.seconds, line.hourly_rate_cents,
                 line.amount_cents, line.project_id, line.task_id),
            ).lastrowid  # fmt: skip
            self.conn.executemany(
                "INSERT INTO invoice_line_entries (line_id, entry_id) VALUES (?, ?)",
                [(line_id, entry_id) for entry_id in line.entry_ids],
            )

    def set_invoice_totals(self, invoice_id: int, subtotal: int, tax: int, total: int, now: datetime) -> None:
        self._run(
            "UPDATE invoices SET subtotal_cents = ?, tax_cents = ?, total_cents = ?, updated_at = ? WHERE id = ?",
            (subtotal, tax, total, _stamp(now), invoice_id),
        )

    INVOICE_SELECT = """SELECT i.id, i.number, i.client_id, c.name, i.issue_date, i.due_date,
        i.status, i.currency, i.subtotal_cents, i.tax_rate, i.tax_cents, i.total_cents, i.notes
        FROM invoices i JOIN clients c ON c.id = i.client_id"""

    def get_invoice(self, key: int | str) -> Invoice | None:
        if isinstance(key, int):
            row = self._one(f"{self.INVOICE_SELECT} WHERE i.id = ?", (key,))
        else:
            row = self._one(f"{self.INVOICE_SELECT} WHERE i.number = ? COLLATE NOCASE", (key,))
        if row is None:
            return None
        lines = []
        for line in self._all(
            """SELECT l.id, l.description, l.seconds, l.hourly_rate_cents, l.amount_cents,
                      l.project_id, l.task_id,
                      (SELECT group_concat(entry_id) FROM invoice_line_entries WHERE line_id = l.id)
               FROM invoice_lines l WHERE l.invoice_id = ? ORDER BY l.position""",
            (row[0],),
        ):
            from aostime.models import InvoiceLine

            ids = tuple(sorted(int(x) for x in line[7].split(","))) if line[7] else ()
            lines.append(InvoiceLine(*line[:7], entry_ids=ids))
        from aostime.models import Invoice

        return Invoice(*row, lines=tuple(lines))

    def list_invoices(self, client_id: int | None, status: str | None) -> list[Invoice]:
        clauses, params = [], []
        if client_id is not None:
            clauses.append("i.client_id = ?")
            params.append(client_id)
        if status is not None:
            clauses.append("i.status = ?")
            params.append(status)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        rows = self._all(f"{self.INVOICE_SELECT}{where} ORDER BY i.id", params)
        from aostime.models import Invoice

        return [Invoice(*row) for row in rows]

    def set_invoice_status(self, invoice_id: int, status: str, now: datetime) -> None:
        self._run(
            "UPDATE invoices SET status = ?, updated_at = ? WHERE id = ?",
            (status, _stamp(now), invoice_id),
        )

    # -- reports ----------------------------------------------------------------------------

    def report_rows(self, keys: list[str], filters: dict[str, Any], now: datetime, needs_project: bool) -> list[tuple]:
        """GROUP BY in SQL over integer seconds and cents, on time_entries alone (the covering
        index time_entries_report serves it); names are looked up afterwards. `keys` are SQL
        expressions chosen by reports.py from a fixed list, never user text. Each row: keys...,
        seconds, billable seconds, cents, unbilled cents, entries, running entries.

        Finished entries are summed per group and (billable, invoiced), three plain sums that
        Python folds into the figures; the few running entries are counted up to `now` by a
        second query over the running-timer index and added in."""
        where, params = self._entry_filters(filters)
        n = len(keys)
        select_keys = ", ".join(f"{key} AS g{i}" for i, key in enumerate(keys))
        group = ", ".join(f"g{i}" for i in range(n))
        join = " JOIN projects p ON p.id = e.project_id" if needs_project else ""
        named: dict[str, Any] = {f"p{i}": value for i, value in enumerate(params)}
        finished = _number_params(f"""
            SELECT {select_keys}, e.billable, e.invoiced, coalesce(sum(e.duration), 0),
                   coalesce(sum(e.amount_cents), 0), count(*)
            FROM time_entries e{join}{where}
            GROUP BY {group}, e.billable, e.invoiced ORDER BY {group}""")
        rows: dict[tuple, list] = {}
        for *key, billable, invoiced, seconds, cents, count in self._all(finished, named):
            row = rows.setdefault(tuple(key), [*key, 0, 0, 0, 0, 0, 0])
            row[n] += seconds
            row[n + 4] += count
            if billable:
                row[n + 1] += seconds
                row[n + 2] += cents
                if not invoiced:
                    row[n + 3] += cents
        live = "max(0, :now - CAST(strftime('%s', e.start_time) AS INTEGER))"
        money = f"({live} * e.hourly_rate_cents * 2 + 3600) / 7200 * e.billable"
        running = _number_params(f"""
            SELECT {select_keys}, sum({live}), sum({live} * e.billable), sum({money}),
                   sum({money} * (1 - e.invoiced)), count(*)
            FROM time_entries e INDEXED BY one_running_timer_per_user{join}{where}
                 {"AND" if where else "WHERE"} e.end_time IS NULL
            GROUP BY {group}""")
        named["now"] = int(now.timestamp())
        for row in self._all(running, named):
            target = rows[tuple(row[:n])]
            for offset, value in enumerate(row[n : n + 4]):
                target[n + offset] += value
            target[n + 5] = row[n + 4]
        return [tuple(row) for row in rows.values()]

    def names(self, kind: str) -> dict[int, str]:
        """id -> name of every record of a kind (archived too), for labelling report rows."""
        return dict(self._all(f"SELECT id, name FROM {CATALOG_TABLE[kind]}"))

    def project_clients(self) -> dict[int, int]:
        return dict(self._all("SELECT id, client_id FROM projects"))

    def client_currencies(self) -> dict[int, str]:
        """client id -> its currency (every client has one: migration 4)."""
        return dict(self._all("SELECT id, currency FROM clients"))

    def project_currencies(self) -> dict[int, str]:
        """project id -> its client's currency, for keeping report sums apart by currency."""
        return dict(self._all("SELECT p.id, c.currency FROM projects p JOIN clients c ON c.id = p.client_id"))

    # -- API tokens (only their sha256 is stored) -------------------------------------------

    TOKEN_SELECT = """SELECT k.id, k.name, k.user_id, u.name, k.created_at, k.last_used_at, k.revoked_at
        FROM api_tokens k JOIN users u ON u.id = k.user_id"""

    @staticmethod
    def _token(row: Sequence[Any]) -> dict[str, Any]:
        return {
            "id": row[0], "name": row[1], "user_id": row[2], "user_name": row[3],
            "created_at": _from_db(row[4]), "last_used_at": _from_db(row[5]), "revoked_at": _from_db(row[6]),
        }  # fmt: skip

    def insert_token(self, user_id: int, name: str, token_hash: str, now: datetime) -> int:
        return self._run(
            "INSERT INTO api_tokens (name, user_id, token_hash, created_at) VALUES (?, ?, ?, ?)",
            (name, user_id, token_hash, _stamp(now)),
        ).lastrowid

    def get_token(self, token_id: int) -> dict[str, Any] | None:
        row = self._one(f"{self.TOKEN_SELECT} WHERE k.id = ?", (token_id,))
        return None if row is None else self._token(row)

    def token_by_hash(self, token_hash: str) -> dict[str, Any] | None:
        row = self._one(f"{self.TOKEN_SELECT} WHERE k.token_hash = ?", (token_hash,))
        return None if row is None else self._token(row)

    def list_tokens(self) -> list[dict[str, Any]]:
        return [self._token(r) for r in self._all(f"{self.TOKEN_SELECT} ORDER BY k.id")]

    def revoke_token(self, token_id: int, now: datetime) -> None:
        self._run("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", (_stamp(now), token_id))

    def touch_token(self, token_id: int, now: datetime) -> None:
        self._run("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", (_stamp(now), token_id))

    # -- interchange: imports, exports and shell completion ----------------------------------

    def import_source_ids(self, source: str) -> set[str]:
        """The source ids already imported from one source, in one query (imports skip them)."""
        return {r[0] for r in self._all("SELECT source_id FROM time_entries WHERE source = ?", (source,))}

    def entry_content_keys(self) -> list[tuple]:
        """(user_id, start_time, end_time, project_id, task_id, description) of every entry (twice
        for two identical ones), for re-importing aostime's own exports without duplicates."""
        rows = self._all("SELECT user_id, start_time, end_time, project_id, task_id, description FROM time_entries")
        return [(r[0], _from_db(r[1]), _from_db(r[2]), r[3], r[4], r[5]) for r in rows]

    def iter_entries_for_export(self, filters: dict[str, Any]) -> Iterator[tuple[Entry, str | None, str | None]]:
        """Entries oldest first with where each came from (source, source_id)."""
        where, params = self._entry_filters(filters)
        sql = f"SELECT {ENTRY_COLUMNS}, e.source, e.source_id {ENTRY_FROM}{where} ORDER BY e.start_time, e.id"
        for row in self._iter(sql, params):
            yield _entry(row[:21]), row[21], row[22]

    def entry_refs(self, filters: dict[str, Any]) -> dict[str, set[int]]:
        """The clients, projects, tasks and users that the matching entries use."""
        where, params = self._entry_filters(filters)
        rows = self._all(f"SELECT DISTINCT p.client_id, e.project_id, e.task_id, e.user_id {ENTRY_FROM}{where}", params)
        refs: dict[str, set[int]] = {"client": set(), "project": set(), "task": set(), "user": set()}
        for client_id, project_id, task_id, user_id in rows:
            refs["client"].add(client_id)
            refs["project"].add(project_id)
            refs["user"].add(user_id)
            if task_id is not None:
                refs["task"].add(task_id)
        return refs

    def recent_entry_ids(self, prefix: str, limit: int = 50) -> list[tuple[int, str]]:
        """(id, label) of the newest entries whose id starts with prefix, for completion."""
        rows = self._all(
            f"""SELECT e.id, p.name || coalesce(' / ' || t.name, '') || ' ' || substr(e.start_time, 1, 16)
                       || CASE WHEN e.description != '' THEN ': ' || e.description ELSE '' END
                {ENTRY_FROM} WHERE CAST(e.id AS TEXT) LIKE ? ORDER BY e.id DESC LIMIT ?""",
            (prefix.replace("%", "").replace("_", "") + "%", limit),
        )
        return [(r[0], r[1]) for r in rows]

    def invoice_numbers(self, prefix: str, limit: int = 50) -> list[tuple[str, str]]:
        """(number, label) of invoices whose number starts with prefix, newest first."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self._all(
            """SELECT i.number, c.name || ', ' || i.status FROM invoices i JOIN clients c ON c.id = i.client_id
               WHERE i.number LIKE ? ESCAPE '\\' ORDER BY i.id DESC LIMIT ?""",
            (escaped + "%", limit),
        )
        return [(r[0], r[1]) for r in rows]

    # -- fast paths: bulk loads, listing rows --------------------------------------------------

    def insert_entries_many(self, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Many entries given as tuples in `columns` order, in the current transaction, through
        one prepared statement (executemany): the benchmark generator loads 1M rows this way
        several times faster than insert_entries_bulk's dicts."""
        if not columns or not all(c.isidentifier() for c in columns):
            raise BadInput(f"bad column list {list(columns)!r}")
        sql = f"INSERT INTO time_entries ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        before = self.conn.total_changes
        try:
            self.conn.executemany(sql, map(_encoded_row, rows))
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

    def invoice_number_map(self) -> dict[int, str]:
        return dict(self._all("SELECT id, number FROM invoices"))


def _number_params(sql: str) -> str:
    """Turn positional ? marks into :p0, :p1 ... so they mix with named parameters."""
    parts = sql.split("?")
    out = parts[0]
    for i, part in enumerate(parts[1:]):
        out += f":p{i}" + part
    return out


# Opening a file (checks, migrations, read-only opens) lives in store.opening, which imports Store
# from this module: hence an import at the end.
from aostime.store.opening import open_store as open_store
