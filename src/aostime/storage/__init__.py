"""The storage boundary: what the use cases ask of a database, as interfaces (Protocols, in
storage/interfaces.py) that a backend implements with domain values across them (aware
datetimes, bools, integer cents, models) and no SQL. `aostime.storage.sqlite` is the embedded implementation; a second backend
implements the same interfaces and passes the same contract tests (tests/storage).

The unit of work is the only place a transaction begins and ends: `transaction()` (a write;
nested, a savepoint) and `snapshot()` (a consistent read)."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs milliseconds at every prompt: the interfaces load only for checkers
if TYPE_CHECKING:
    from aostime.storage.interfaces import Storage

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres(target: str) -> bool:
    """A postgresql:// or postgres:// URL names a PostgreSQL database; anything else is an SQLite path."""
    return target.lower().startswith(POSTGRES_SCHEMES)


def open_storage(target: str) -> Storage:
    """The backend for a database: a PostgreSQL URL, else an SQLite file path (the embedded
    default). psycopg is imported only for a PostgreSQL URL."""
    if is_postgres(target):
        try:
            from aostime.storage.postgres import open_store as open_postgres
        except ImportError:
            from aostime.errors import BadInput

            raise BadInput(
                "a PostgreSQL database needs the driver: pip install 'aostime[postgres]' (psycopg 3)"
            ) from None

        return open_postgres(target)
    from aostime.storage.sqlite import open_store

    return open_store(target)


def shown(target: str) -> str:
    """A database as messages, --json output and logs may name it: a PostgreSQL URL without
    its password, an SQLite path as it is."""
    if is_postgres(target):
        from aostime.storage.postgres.base import shown_url

        return shown_url(target)
    return target


def request_stores(target: str, size: int = 16):
    """Stores for a server's requests, `with stores.acquire() as store:` each: on PostgreSQL
    over a connection pool of this process (at most `size` connections); on SQLite a fresh
    connection per request (cheap, and what SQLite's locking by file wants) beside one idle
    connection held while the server runs. The database was opened (created, checked, migrated)
    once before."""
    if is_postgres(target):
        from aostime.storage.postgres import RequestStores

        return RequestStores(target, size)
    from aostime.storage.sqlite import RequestStores as SqliteRequestStores

    return SqliteRequestStores(target)
