"""The team backend: PostgreSQL through psycopg 3 (`pip install 'aostime[postgres]'`). The same
repositories as SQLite (the shared SQL of storage/sql over PostgresBase), the same contract
tests. Chosen by a postgresql:// or postgres:// URL in --db or AOS_DB."""

from __future__ import annotations

from aostime.storage.postgres.base import PostgresBase
from aostime.storage.sql.accounts import AccountsSql
from aostime.storage.sql.budgets import BudgetsSql
from aostime.storage.sql.catalog import CatalogSql
from aostime.storage.sql.control import ControlSql
from aostime.storage.sql.copying import CopyingSql
from aostime.storage.sql.entries import EntriesSql
from aostime.storage.sql.interchange import InterchangeSql
from aostime.storage.sql.invoices import InvoicesSql
from aostime.storage.sql.reports import ReportsSql
from aostime.storage.sql.tokens import TokensSql

WEEKDAY_SQL = "CAST(extract(isodow FROM {local}) AS integer) - 1"  # Monday 0 .. Sunday 6


class Store(
    CatalogSql,
    ControlSql,
    EntriesSql,
    InvoicesSql,
    ReportsSql,
    TokensSql,
    AccountsSql,
    InterchangeSql,
    CopyingSql,
    BudgetsSql,
    PostgresBase,
):
    """The PostgreSQL implementation of every repository, over one connection and its unit of work."""

    @staticmethod
    def _local_start(zone) -> tuple[str, dict[str, str]]:
        """SQL of an entry's start in the asker's zone (PostgreSQL reads IANA names and POSIX
        rules as glibc does), and its parameter."""
        from aostime.domain.timeparse import zone_name

        return "(e.start_time AT TIME ZONE :zone)", {"zone": "UTC" if zone is None else zone_name(zone)}

    @staticmethod
    def _period_key(field: str, week_start: int, local: str) -> str:
        if field == "day":
            return f"to_char({local}, 'YYYY-MM-DD')"
        if field == "week":
            shift = f"(({WEEKDAY_SQL.format(local=local)} - {week_start} + 7) % 7)"
            return f"to_char(CAST({local} AS date) - {shift}, 'YYYY-MM-DD')"
        if field == "month":
            return f"to_char({local}, 'YYYY-MM')"
        return f"to_char({local}, 'YYYY')"


def open_store(url: str) -> Store:
    """The store of the database at `url`, its schema created or checked first."""
    from aostime.storage.postgres.opening import connect, prepare

    conn = connect(url)
    try:
        prepare(conn, url)
    except BaseException:
        conn.close()
        raise
    return Store(conn, url)


class RequestStores:
    """Stores for a server's requests over this process's connection pool (psycopg_pool): a
    request borrows a connection for its unit of work and gives it back, rolled back if left
    in a transaction."""

    def __init__(self, url: str, size: int):
        from psycopg_pool import ConnectionPool

        from aostime.storage.postgres.opening import CONNECT_TIMEOUT_S

        self.url = url
        self.pool = ConnectionPool(url, min_size=1, max_size=size, open=True, timeout=CONNECT_TIMEOUT_S,
                                   kwargs={"autocommit": True}, configure=_in_utc, name="aostime")  # fmt: skip

    def acquire(self):
        from contextlib import contextmanager

        @contextmanager
        def borrowed():
            import psycopg
            from psycopg_pool import PoolTimeout

            from aostime.errors import StorageError
            from aostime.storage.postgres.base import shown_url, translate

            try:
                with self.pool.connection() as conn:
                    yield Store(conn, self.url)
            except PoolTimeout:
                raise StorageError(f"database {shown_url(self.url)} is busy: no connection free; try again") from None
            except psycopg.OperationalError as exc:
                raise translate(exc, shown_url(self.url)) from None

        return borrowed()

    def close(self) -> None:
        self.pool.close()


def _in_utc(conn) -> None:
    conn.execute("SET TIME ZONE 'UTC'")
