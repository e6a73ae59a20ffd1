"""The repository: every SQL statement of aostime lives in this package (consistent copies of
the whole file, through SQLite's backup API, in store.backup).

One Store wraps one sqlite3 connection in autocommit mode; writes happen only inside
`transaction()`, which takes the write lock up front (BEGIN IMMEDIATE) so concurrent writers
queue on the busy timeout instead of failing half-way. sqlite3 errors leave this package as
AosError subclasses, never raw.
"""

from __future__ import annotations

from aostime.storage.sql.catalog import CatalogSql
from aostime.storage.sql.copying import CopyingSql
from aostime.storage.sql.entries import EntriesSql
from aostime.storage.sql.interchange import InterchangeSql
from aostime.storage.sql.invoices import InvoicesSql
from aostime.storage.sql.reports import ReportsSql
from aostime.storage.sql.tokens import TokensSql
from aostime.storage.sqlite.base import (  # noqa: F401 - the backend's public names
    _CONNECTED,
    BUSY_TIMEOUT_MS,
    RESTORE_HINT,
    SQLITE_MAGIC,
    SqliteBase,
    _translate,
    stored_time,
)


class Store(CatalogSql, EntriesSql, InvoicesSql, ReportsSql, TokensSql, InterchangeSql, CopyingSql, SqliteBase):
    """The SQLite implementation of every repository, over one connection and its unit of work."""


# Opening a file (checks, migrations, read-only opens) lives in store.opening, which imports Store
# from this module: hence an import at the end.
from aostime.storage.sqlite.opening import open_store as open_store


class RequestStores:
    """A store per request of the server, over its own connection. The file was checked when
    the server started; reading its header again here would drop this process's locks (see
    open_store's check_file)."""

    def __init__(self, path: str):
        self.path = path

    def acquire(self):
        from contextlib import closing

        return closing(open_store(self.path, migrate=False, check_file=False))

    def close(self) -> None:
        pass
