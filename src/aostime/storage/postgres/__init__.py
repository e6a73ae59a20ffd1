"""The team backend: PostgreSQL through psycopg 3 (`pip install 'aostime[postgres]'`). The same
repositories as SQLite (the shared SQL of storage/sql over PostgresBase), the same contract
tests. Chosen by a postgresql:// or postgres:// URL in --db or AOS_DB."""

from __future__ import annotations

from aostime.storage.postgres.base import PostgresBase
from aostime.storage.sql.catalog import CatalogSql
from aostime.storage.sql.entries import EntriesSql
from aostime.storage.sql.interchange import InterchangeSql
from aostime.storage.sql.invoices import InvoicesSql
from aostime.storage.sql.reports import ReportsSql
from aostime.storage.sql.tokens import TokensSql

WEEKDAY_SQL = "CAST(extract(isodow FROM {local}) AS integer) - 1"  # Monday 0 .. Sunday 6


class Store(CatalogSql, EntriesSql, InvoicesSql, ReportsSql, TokensSql, InterchangeSql, PostgresBase):
    """The PostgreSQL implementation of every repository, over one connection and its unit of work."""

    @staticmethod
    def _zone_name(zone) -> str:
        """The asker's zone as PostgreSQL names it: its IANA key, else its fixed offset."""
        key = getattr(zone, "key", None)
        if key:
            return key
        if zone is None:
            return "UTC"
        from datetime import datetime

        offset = datetime.now(zone).utcoffset()
        minutes = int(offset.total_seconds() // 60) if offset is not None else 0
        sign = "+" if minutes >= 0 else "-"
        return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"  # ISO form: PostgreSQL reads it as is

    @staticmethod
    def _group_key(field: str, week_start: int) -> str:
        if field == "client":
            return "p.client_id"
        if field in ("project", "task", "user"):
            return f"e.{field}_id"
        local = "(e.start_time AT TIME ZONE :zone)"
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
