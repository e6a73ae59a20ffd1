"""Opening a PostgreSQL database: connect, then find aostime's schema in the schema the
connection's search_path names, create it in an empty one, refuse a newer or a foreign one."""

from __future__ import annotations

import re

from aostime.errors import StorageError
from aostime.storage.postgres import schema
from aostime.storage.postgres.base import BUSY_TIMEOUT_MS, TAKE_WRITE_LOCK, pg_sql, shown_url, translate

CONNECT_TIMEOUT_S = 10


def connect(url: str):
    """A psycopg connection in autocommit mode with the session in UTC, or StorageError with one
    line that names the server but never the password."""
    import psycopg

    where = shown_url(url)
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
    except psycopg.OperationalError as exc:
        raise StorageError(f"cannot connect to {where}: {_reason(exc)}") from None
    except psycopg.ProgrammingError as exc:  # a malformed URL or option
        raise StorageError(f"cannot use {where}: {_reason(exc)}") from None
    try:
        conn.execute("SET TIME ZONE 'UTC'")
    except psycopg.Error as exc:
        conn.close()
        raise translate(exc, where) from None
    return conn


def _reason(exc: Exception) -> str:
    """The driver's words without what the URL already says (host and port) and never the
    password: 'Connection refused; Is the server running on that host...', 'password
    authentication failed for user "aos"'."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()] or [type(exc).__name__]
    lines[0] = re.sub(r'^connection failed: (connection to server at ".*?"(, port \d+)? failed: )?', "", lines[0])
    return "; ".join(line.removeprefix("FATAL:").strip() for line in lines)


def prepare(conn, url: str) -> None:
    """Create aostime's schema in an empty schema, check the version of an existing one. A
    database already at this version is only read (readers never wait for the writers' lock);
    creating or migrating happens under that lock, so two first commands never both do it."""
    import psycopg

    where = shown_url(url)
    try:
        current = conn.execute("SELECT current_schema()").fetchone()[0]
        if current is None:
            raise StorageError(f"database {where}: its search_path names no schema that exists; create it first")
        if _version(conn, current, where) == schema.LATEST:
            return
        conn.execute("BEGIN")
        conn.execute(f"SET LOCAL lock_timeout = '{BUSY_TIMEOUT_MS}ms'")
        conn.execute(TAKE_WRITE_LOCK)
        version = _version(conn, current, where)
        if version is None:
            conn.execute(schema.SCHEMA_5)
            conn.execute(
                pg_sql("INSERT INTO aostime_meta(key, value) VALUES ('application', ?), ('schema_version', ?)"),
                (schema.APPLICATION, str(schema.FIRST_VERSION)),
            )
            version = schema.FIRST_VERSION
        for number in range(version + 1, schema.LATEST + 1):
            if schema.MIGRATIONS[number]:
                conn.execute(schema.MIGRATIONS[number])
            conn.execute("UPDATE aostime_meta SET value = %s WHERE key = 'schema_version'", (str(number),))
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            try:
                conn.execute("ROLLBACK")
            except psycopg.Error:
                pass
        if isinstance(exc, psycopg.Error):
            raise translate(exc, where) from None
        raise


def _version(conn, current: str, where: str) -> int | None:
    """The schema version of aostime's tables in `current`; None for an empty schema."""
    tables = {row[0] for row in conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (current,))}  # fmt: skip
    if "aostime_meta" not in tables:
        if tables:
            raise StorageError(
                f"database {where}: schema {current!r} holds other tables ({_some(tables)}) and "
                "no aostime data; point AOS_DB at an empty database or schema"
            )
        return None
    meta = dict(conn.execute("SELECT key, value FROM aostime_meta").fetchall())
    if meta.get("application") != schema.APPLICATION or not str(meta.get("schema_version", "")).isdigit():
        raise StorageError(f"database {where}: schema {current!r} is not an aostime database")
    version = int(meta["schema_version"])
    if version > schema.LATEST:
        raise StorageError(
            f"database {where} was written by a newer aostime (schema version {version}, this one knows "
            f"{schema.LATEST}); upgrade aostime"
        )
    return version


def _some(names: set[str]) -> str:
    shown = sorted(names)
    return ", ".join(shown[:3]) + (f" and {len(shown) - 3} more" if len(shown) > 3 else "")
