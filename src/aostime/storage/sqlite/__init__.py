"""The repository: every SQL statement of aostime lives in this package (consistent copies of
the whole file, through SQLite's backup API, in store.backup).

One Store wraps one sqlite3 connection in autocommit mode; writes happen only inside
`transaction()`, which takes the write lock up front (BEGIN IMMEDIATE) so concurrent writers
queue on the busy timeout instead of failing half-way. sqlite3 errors leave this package as
AosError subclasses, never raw.
"""

from __future__ import annotations

from aostime.storage.sqlite.base import stored_time as stored_time
from aostime.storage.sqlite.opening import open_store as open_store
from aostime.storage.sqlite.store import Store as Store


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
