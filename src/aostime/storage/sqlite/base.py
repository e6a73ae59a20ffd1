"""The SQLite backend's plumbing: one sqlite3 connection in autocommit mode, the unit of work
(transaction, snapshot), the encoding of values, and sqlite3 errors turned into AosError.
The aggregates' SQL lives beside it (catalog, entries, invoices, reports, tokens, interchange)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import datetime, tzinfo

from aostime.domain.timeparse import UTC
from aostime.errors import DRIVER_ERRORS, Conflict, StorageError
from aostime.storage.sql.unit_of_work import UnitOfWorkSql

TYPE_CHECKING = False  # typing and the models cost milliseconds at every prompt; each loads where used
if TYPE_CHECKING:
    from typing import Any


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


# Files this process holds SQLite connections to (realpath -> count). Their header is never read
# with a plain open() again: closing any descriptor of a file drops all of the process's POSIX
# locks on it, and another process could then checkpoint and truncate the WAL under the open
# connections. A store that is never closed keeps its file here, which only skips a check.
_CONNECTED: dict[str, int] = {}


def _span_search(first: int, last: int) -> str:
    """SQL choosing the offset modifier :zsN of the span (starting at :ztN) that holds
    e.start_time among spans first..last, by halves."""
    if first == last:
        return f":zs{first}"
    middle = (first + last + 1) // 2
    return (f"CASE WHEN e.start_time < :zt{middle} THEN {_span_search(first, middle - 1)} "
            f"ELSE {_span_search(middle, last)} END")  # fmt: skip


def fts5_query(words: tuple[str, ...]) -> str:
    """domain.search's words as an FTS5 query: each a quoted prefix ("web"*), all required."""
    return " ".join(f'"{word}"*' for word in words)


class SqliteBase(UnitOfWorkSql):
    """The connection and the unit of work every SQLite repository shares, and the dialect the
    shared SQL (storage/sql) asks for."""

    IntegrityError = sqlite3.IntegrityError
    DriverError = sqlite3.Error
    RUNNING_INDEX_HINT = "INDEXED BY one_running_timer_per_user"
    NO_LIMIT = -1
    BYTE_ORDER = ""  # SQLite compares text by its bytes already
    LIKE_ANY_CASE = "LIKE"  # SQLite's LIKE ignores ASCII case
    SEARCH_CLAUSE = "e.id IN (SELECT rowid FROM entry_search WHERE entry_search MATCH ?)"  # migration 17
    # the last recorded first, read off the index backwards (FTS5 walks its rowids in order and
    # stops at the limit), so a word in every tenth entry costs no more than a rare one
    SEARCH_LATEST = ("SELECT e.id FROM entry_search s JOIN time_entries e ON e.id = s.rowid "
                     "WHERE entry_search MATCH ? {user} ORDER BY s.rowid DESC LIMIT ?")  # fmt: skip
    search_query = staticmethod(fts5_query)

    def __init__(self, conn: sqlite3.Connection, path: str):
        self.conn = conn
        self.path = path
        self._depth = 0

    # -- values and dialect -----------------------------------------------------------------

    _time = staticmethod(stored_time)
    _instant = staticmethod(_from_db)
    _encoded = staticmethod(_encoded)

    @staticmethod
    def _concat_ids(column: str) -> str:
        return f"group_concat({column})"

    @staticmethod
    def _time_text(column: str) -> str:
        return column  # stored as that text already

    @staticmethod
    def _tags_of(entry_id: str) -> str:
        """An entry's tags as one text (domain.tags.SEPARATOR between them), NULL for none."""
        return f"(SELECT group_concat(name, char(31)) FROM entry_tags WHERE entry_id = {entry_id})"

    @staticmethod
    def _live_seconds(column: str) -> str:
        return f"max(0, :now - CAST(strftime('%s', {column}) AS INTEGER))"

    @staticmethod
    def _violation(exc: sqlite3.IntegrityError) -> str:
        """Which rule a write broke (running_timer, source, name, unique, check or other), from
        the constraint SQLite names in its message."""
        text = str(exc)
        if "CHECK" in text:
            return "check"
        if "time_entries.user_id" in text:
            return "running_timer"
        if "time_entries.source" in text:
            return "source"
        if "name_key" in text:
            return "name"
        return "unique" if "UNIQUE" in text else "other"

    def _local_start(self, zone: tzinfo | None) -> tuple[str, dict[str, str]]:
        """The arguments of SQLite's date functions that read an entry's start in the asker's
        zone (the time and an offset modifier), and their parameters. SQLite converts only
        to its own process's zone ('localtime'), and a server asks for other people's, so the
        zone's offsets over the stored entries' span (domain.offsets) become a CASE over the
        UTC text, searched by halves (a few comparisons per row for decades of DST)."""
        from aostime.domain.offsets import offset_spans

        # two subqueries: min() and max() in one SELECT would scan the whole index (SQLite's
        # min/max optimisation reads one end of it only for a query with a single aggregate)
        low, high = self._one(
            "SELECT (SELECT min(start_time) FROM time_entries), (SELECT max(start_time) FROM time_entries)"
        )
        if low is None:
            return "e.start_time", {}  # no rows to group
        since, until = (int(_from_db(text).timestamp()) for text in (low, high))
        spans = offset_spans(zone or UTC, since, until)
        params = {f"zs{i}": f"{offset:+d} seconds" for i, (_, offset) in enumerate(spans)}
        params.update(
            {f"zt{i}": stored_time(datetime.fromtimestamp(change, UTC)) for i, (change, _) in enumerate(spans)}
        )
        return f"e.start_time, {_span_search(0, len(spans) - 1)}", params

    @staticmethod
    def _period_key(field: str, week_start: int, local: str) -> str:
        if field == "day":
            return f"date({local})"
        if field == "week":
            # SQLite's %w counts Sunday as 0; shift so the configured first day is 0.
            sunday_based = (week_start + 1) % 7
            return (f"date({local}, '-' || ((CAST(strftime('%w', {local}) AS INTEGER) - {sunday_based} + 7) % 7) "
                    "|| ' days')")  # fmt: skip
        if field == "month":
            return f"strftime('%Y-%m', {local})"
        return f"strftime('%Y', {local})"

    # -- whole-table copies (storage/sql/copying.py) -------------------------------------------

    def table_columns(self, table: str) -> list[str]:
        return [row[1] for row in self._all(f"PRAGMA table_info({table})")]

    def id_counters(self) -> dict[str, int]:
        """table -> the highest id it ever gave (AUTOINCREMENT keeps it in sqlite_sequence)."""
        return dict(self._all("SELECT name, seq FROM sqlite_sequence"))

    def set_id_counters(self, counters: dict[str, int]) -> None:
        for table, value in counters.items():
            if self._one("SELECT 1 FROM sqlite_sequence WHERE name = ?", (table,)) is None:
                self._run("INSERT INTO sqlite_sequence(name, seq) VALUES (?, ?)", (table, value))
            else:
                self._run("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", (value, table))

    # -- plumbing ---------------------------------------------------------------------------

    def _translate(self, exc: sqlite3.Error) -> Exception:
        return _translate(exc, self.path)

    def _insert(self, sql: str, params: Sequence[Any] | dict) -> int:
        return self._run(sql, params).lastrowid

    def _many(self, sql: str, rows) -> int:
        try:  # rowcount: the rows the statement changed, not those its triggers did (the search index)
            return self.conn.executemany(sql, rows).rowcount
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from exc

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

    # The server's stores of one process share a lock their writers take before BEGIN IMMEDIATE
    # (storage/sqlite RequestStores): they queue on it, woken the moment it is free, instead of
    # each polling the file's lock on the busy timeout (SQLite sleeps up to 100 ms between tries).
    writers = None
    _holds_writers = False

    def _begin_write(self, wait: bool = True) -> None:
        """BEGIN IMMEDIATE: the write lock up front, so concurrent writers queue on the busy
        timeout instead of failing half-way (not waiting at all: wait False)."""
        if self.writers is not None:
            if not self.writers.acquire(timeout=BUSY_TIMEOUT_MS / 1000 if wait else 0):
                raise StorageError(f"database {self.path} is busy: its writers did not get a turn within "
                                   f"{BUSY_TIMEOUT_MS / 1000:g} s; try again")  # fmt: skip
            self._holds_writers = True
        if wait:
            self._run("BEGIN IMMEDIATE")
            return
        self._run("PRAGMA busy_timeout = 0")
        try:
            self._run("BEGIN IMMEDIATE")
        finally:
            self._run(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def _ended(self) -> None:
        if self._holds_writers:
            self._holds_writers = False
            self.writers.release()

    READ_BEGIN = "BEGIN"

    def close(self) -> None:
        self.conn.close()
        key = getattr(self, "_registry_key", None)
        if key is not None and _CONNECTED.get(key):
            _CONNECTED[key] -= 1
            self._registry_key = None
