"""The SQLite backend's plumbing: one sqlite3 connection in autocommit mode, the unit of work
(transaction, snapshot), the encoding of values, and sqlite3 errors turned into AosError.
The aggregates' SQL lives beside it (catalog, entries, invoices, reports, tokens, interchange)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

from aostime.domain.timeparse import UTC
from aostime.errors import DRIVER_ERRORS, Conflict, StorageError
from aostime.storage import COMMITTED  # every commit is recorded: see aostime.storage

TYPE_CHECKING = False  # typing and the models cost milliseconds at every prompt; each loads where used
if TYPE_CHECKING:
    from typing import Any

    from aostime.domain.models import Entry

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


def _encoded(values: dict[str, Any]) -> dict[str, Any]:
    """Domain values as the columns hold them: instants as stored_time text (sqlite3 itself
    stores bools as 0/1, the CHECK constraints' values)."""
    return {key: stored_time(v) if isinstance(v, datetime) else v for key, v in values.items()}


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
    from aostime.domain.models import Entry

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
    """Every name is stored with its folded key (aostime.domain.names), which the unique indexes use."""
    if "name" not in values:
        return values
    from aostime.domain.names import fold

    return {**values, "name_key": fold(values["name"])}


def _record(kind: str, row: Sequence[Any]):
    from aostime.domain.models import Client, Project, Task, User

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


class SqliteBase:
    """The connection and the unit of work every SQLite repository shares."""

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
    def transaction(self) -> Iterator[SqliteBase]:
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
    def snapshot(self) -> Iterator[SqliteBase]:
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


def _number_params(sql: str) -> str:
    """Turn positional ? marks into :p0, :p1 ... so they mix with named parameters."""
    parts = sql.split("?")
    out = parts[0]
    for i, part in enumerate(parts[1:]):
        out += f":p{i}" + part
    return out
