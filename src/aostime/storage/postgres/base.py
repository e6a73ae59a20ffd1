"""The PostgreSQL backend's plumbing: one psycopg connection in autocommit mode, the unit of
work (transaction, snapshot), the encoding of values, and psycopg errors turned into AosError.
The aggregates' SQL is shared with SQLite (storage/sql); this class gives it the dialect.

Writers take one transaction-scoped advisory lock per aostime schema before their first statement:
one writer at a time, as SQLite's BEGIN IMMEDIATE gives, so every check-then-write of the use
cases (one running timer, an entry billed once, an invoice number) holds under concurrency
exactly as it does on SQLite, and readers never wait. The lock wait is bounded by lock_timeout
(AOS_BUSY_TIMEOUT_MS, 5 s): past it the command exits 3 having written nothing."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from datetime import datetime
from functools import lru_cache

import psycopg
from psycopg import errors as pg

from aostime.domain.timeparse import UTC
from aostime.errors import DRIVER_ERRORS, BadInput, Conflict, StorageError
from aostime.storage.sql.unit_of_work import UnitOfWorkSql

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

DRIVER_ERRORS.append(psycopg.Error)  # a psycopg error that escapes translation is still exit 3
BUSY_TIMEOUT_MS = int(os.environ.get("AOS_BUSY_TIMEOUT_MS", "5000"))
WRITE_LOCK = 0x416F5354  # the advisory lock key of aostime's writers ("AoST")
# Keyed by the schema too: two aostime databases in two schemas of one database do not wait
# for each other. The two-key form takes 32-bit keys, and hashtext gives one for the name.
TAKE_WRITE_LOCK = f"SELECT pg_advisory_xact_lock({WRITE_LOCK}, hashtext(current_schema()))"
TRY_WRITE_LOCK = f"SELECT pg_try_advisory_xact_lock({WRITE_LOCK}, hashtext(current_schema()))"

# ? -> %s, :name -> %(name)s, % -> %%; quoted text and :: casts are left alone.
_MARKS = re.compile(r"'(?:[^']|'')*'|(?<!:):([A-Za-z_]\w*)|\?|%")


@lru_cache(maxsize=512)
def pg_sql(sql: str) -> str:
    """The shared SQL (sqlite3's ? and :name marks) in psycopg's %s and %(name)s."""

    def mark(match: re.Match) -> str:
        text = match.group(0)
        if text.startswith("'"):
            return text
        if text == "?":
            return "%s"
        if text == "%":
            return "%%"
        return f"%({match.group(1)})s"

    return _MARKS.sub(mark, sql)


def shown_url(url: str) -> str:
    """The URL as messages may show it: never the password (in the authority or the query)."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            credentials, host = netloc.rsplit("@", 1)
            netloc = f"{credentials.split(':', 1)[0]}@{host}"
        query = urlencode([(k, "***" if k.lower() == "password" else v) for k, v in parse_qsl(parts.query)])
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    except ValueError:
        return "the PostgreSQL database"


def translate(exc: psycopg.Error, where: str) -> Exception:
    """A psycopg error as the AosError a person can act on, by its class (SQLSTATE)."""
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    if isinstance(exc, psycopg.IntegrityError):
        return Conflict(f"the change conflicts with existing data ({first})")
    if isinstance(exc, (pg.LockNotAvailable, pg.QueryCanceled, pg.DeadlockDetected, pg.SerializationFailure)):
        return StorageError(
            f"database {where} is busy: another aostime process held it past the "
            f"{BUSY_TIMEOUT_MS / 1000:g} s busy timeout; try again"
        )
    if isinstance(exc, pg.InsufficientPrivilege):
        return StorageError(f"database {where}: permission denied ({first}); see docs/team/database.md for the rights")
    if isinstance(exc, psycopg.DataError):
        # A value the database cannot hold (a NUL in text, a number out of range): what was
        # sent, not the database, is at fault, as on SQLite.
        if "NUL" in first:
            return BadInput("a text holds a NUL character")
        return BadInput(f"a value is not valid here ({first})")
    if isinstance(exc, psycopg.OperationalError):
        return StorageError(f"lost the connection to {where} ({first}); nothing more was written")
    return StorageError(f"database {where}: {first}")


def tsquery(words: tuple[str, ...]) -> str:
    """domain.search's words for to_tsquery('simple', ...): each a prefix (web:*), all required;
    words (\\w+) hold none of its operators."""
    return " & ".join(f"{word}:*" for word in words)


class PostgresBase(UnitOfWorkSql):
    """The connection and the unit of work every PostgreSQL repository shares, and the
    dialect the shared SQL asks for."""

    IntegrityError = psycopg.IntegrityError
    DriverError = psycopg.Error
    RUNNING_INDEX_HINT = ""
    NO_LIMIT = None
    # the expression of the index time_entries_search (migration 17), so that it is used
    SEARCH_CLAUSE = "to_tsvector('simple', e.description) @@ to_tsquery('simple', ?)"
    # the last recorded first: the planner walks the primary key backwards for a common word, the
    # index for a rare one
    SEARCH_LATEST = f"SELECT e.id FROM time_entries e WHERE {SEARCH_CLAUSE} {{user}} ORDER BY e.id DESC LIMIT ?"
    search_query = staticmethod(tsquery)
    BYTE_ORDER = ' COLLATE "C"'  # by bytes, as SQLite and Python order text, not by the locale
    LIKE_ANY_CASE = "ILIKE"

    def __init__(self, conn: psycopg.Connection, url: str):
        self.conn = conn
        self.url = url
        self.path = shown_url(url)  # what messages call the database (COMMITTED too)
        self._depth = 0
        self._cursors = 0

    # -- values -----------------------------------------------------------------------------

    @staticmethod
    def _time(value: datetime | None) -> datetime | None:
        return value

    @staticmethod
    def _instant(value: datetime | None) -> datetime | None:
        return None if value is None else value.astimezone(UTC)

    @staticmethod
    def _encoded(values: dict[str, Any]) -> dict[str, Any]:
        """Flags are smallint 0/1 (as in SQLite): a bool goes in as its integer."""
        return {key: int(v) if isinstance(v, bool) else v for key, v in values.items()}

    @staticmethod
    def _concat_ids(column: str) -> str:
        return f"string_agg(CAST({column} AS text), ',')"

    @staticmethod
    def _time_text(column: str) -> str:
        """An instant as the text SQLite stores (UTC, to the second), for the listing's fast rows."""
        return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')"

    @staticmethod
    def _tags_of(entry_id: str) -> str:
        """An entry's tags as one text (domain.tags.SEPARATOR between them), NULL for none."""
        return f"(SELECT string_agg(name, chr(31)) FROM entry_tags WHERE entry_id = {entry_id})"

    @staticmethod
    def _live_seconds(column: str) -> str:
        """Seconds from an instant to the parameter :now (epoch seconds), never negative."""
        return f"greatest(0, :now - CAST(extract(epoch FROM {column}) AS bigint))"

    @staticmethod
    def _violation(exc: psycopg.IntegrityError) -> str:
        """Which rule a write broke: running_timer, source, name, check or other."""
        constraint = getattr(getattr(exc, "diag", None), "constraint_name", None) or ""
        if isinstance(exc, pg.CheckViolation):
            return "check"
        if constraint == "one_running_timer_per_user":
            return "running_timer"
        if constraint == "time_entries_by_source":
            return "source"
        if constraint.endswith("_by_name_key"):
            return "name"
        return "unique" if isinstance(exc, pg.UniqueViolation) else "other"

    # -- whole-table copies (storage/sql/copying.py) -------------------------------------------

    def table_columns(self, table: str) -> list[str]:
        return [row[0] for row in self._all(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = ? ORDER BY ordinal_position", (table,))]  # fmt: skip

    def id_counters(self) -> dict[str, int]:
        """table -> the highest id its identity sequence ever gave (none yet: not listed)."""
        from aostime.storage.sql.copying import COUNTED

        counters = {}
        for table in COUNTED:
            value = self._one("SELECT pg_sequence_last_value(CAST(pg_get_serial_sequence(?, 'id') AS regclass))",
                              (table,))[0]  # fmt: skip
            if value is not None:
                counters[table] = value
        return counters

    def set_id_counters(self, counters: dict[str, int]) -> None:
        """Each identity sequence continues after the highest id ever given, copied or present."""
        from aostime.storage.sql.copying import COUNTED

        for table in COUNTED:
            top = max(counters.get(table, 0), self._one(f"SELECT coalesce(max(id), 0) FROM {table}")[0])
            if top:
                self._one("SELECT setval(pg_get_serial_sequence(?, 'id'), ?, true)", (table, top))

    # -- plumbing ---------------------------------------------------------------------------

    def _translate(self, exc: psycopg.Error) -> Exception:
        return translate(exc, self.path)

    def _run(self, sql: str, params: Sequence[Any] | dict = ()):
        if self._depth and sql.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            return self._statement(sql, params)
        try:
            return self.conn.execute(pg_sql(sql), params or None)
        except psycopg.Error as exc:
            raise self._translate(exc) from exc

    def _statement(self, sql: str, params: Sequence[Any] | dict):
        """A write inside a transaction, atomic on its own as in SQLite: a failed statement
        (a name taken, a timer already running) is undone alone and the transaction goes on, so
        the use case can look at what is there and say so, instead of finding it aborted."""
        self.conn.execute("SAVEPOINT aos_statement")
        try:
            cursor = self.conn.execute(pg_sql(sql), params or None)
        except psycopg.Error as exc:
            self._quietly("ROLLBACK TO SAVEPOINT aos_statement")
            self._quietly("RELEASE SAVEPOINT aos_statement")
            raise self._translate(exc) from exc
        self.conn.execute("RELEASE SAVEPOINT aos_statement")
        return cursor

    def _one(self, sql: str, params: Sequence[Any] | dict = ()):
        return self._run(sql, params).fetchone()

    def _all(self, sql: str, params: Sequence[Any] | dict = ()) -> list:
        try:
            return self.conn.execute(pg_sql(sql), params or None).fetchall()
        except psycopg.Error as exc:
            raise self._translate(exc) from exc

    def _insert(self, sql: str, params: Sequence[Any] | dict) -> int:
        return self._one(sql + " RETURNING id", params)[0]

    def _many(self, sql: str, rows) -> int:
        try:
            with self.conn.cursor() as cursor:
                cursor.executemany(pg_sql(sql), rows)
                return cursor.rowcount
        except psycopg.Error as exc:
            raise self._translate(exc) from exc  # the whole transaction is undone: a bulk load is all or nothing

    def _iter(self, sql: str, params: Sequence[Any] | dict = ()) -> Iterator[Sequence[Any]]:
        """Rows as they come: inside a transaction through a server-side cursor, so a listing
        of a million entries never sits in memory."""
        try:
            if self._depth:
                self._cursors += 1
                with self.conn.cursor(name=f"aos_rows_{self._cursors}") as cursor:
                    cursor.itersize = 2000
                    cursor.execute(pg_sql(sql), params or None)
                    yield from cursor
            else:
                yield from self.conn.execute(pg_sql(sql), params or None)
        except psycopg.Error as exc:
            raise self._translate(exc) from exc

    def _begin_write(self, wait: bool = True) -> None:
        """BEGIN, then the writers' advisory lock, waited for at most the busy timeout (not at
        all: wait False)."""
        self._run("BEGIN")
        if not wait:
            if not self._one(TRY_WRITE_LOCK)[0]:
                raise StorageError(f"database {self.path} is busy: another writer holds it")
            return
        self._run(f"SET LOCAL lock_timeout = '{BUSY_TIMEOUT_MS}ms'")
        self._run(TAKE_WRITE_LOCK)

    READ_BEGIN = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"

    def close(self) -> None:
        self.conn.close()
