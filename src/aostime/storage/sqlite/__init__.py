"""The repository: every SQL statement of aostime lives in this package (consistent copies of
the whole file, through SQLite's backup API, in store.backup).

One Store wraps one sqlite3 connection in autocommit mode; writes happen only inside
`transaction()`, which takes the write lock up front (BEGIN IMMEDIATE) so concurrent writers
queue on the busy timeout instead of failing half-way. sqlite3 errors leave this package as
AosError subclasses, never raw.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aostime.storage.sqlite.base import stored_time as stored_time
    from aostime.storage.sqlite.opening import open_store as open_store
    from aostime.storage.sqlite.store import Store as Store


def __getattr__(name: str):
    """The package's names, imported when first used: the team client's offline journal lives
    in this package and must not load sqlite3 and the store for a shell prompt's status."""
    if name == "stored_time":
        from aostime.storage.sqlite.base import stored_time

        return stored_time
    if name == "open_store":
        from aostime.storage.sqlite.opening import open_store

        return open_store
    if name == "Store":
        from aostime.storage.sqlite.store import Store

        return Store
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class RequestStores:
    """A store per request of the server, over its own connection. The file was checked when
    the server started; reading its header again here would drop this process's locks (see
    open_store's check_file).

    One more connection stays open while the server runs (`keeper`, idle: it holds no
    transaction, so it never holds a checkpoint back). Without it each request's connection
    would be the file's last one when it closes, and SQLite makes the last connection checkpoint
    the whole WAL into the database, fsync it and delete the WAL: about 12 ms of the server's
    time for every write on the benchmark's machine, at 1,000 entries as at 1,000,000
    (bench/web.py). A page's store closes after its answer is sent, so what waits is the request
    that comes next, such as the page a browser loads when a form's redirect sends it there; and
    every request made the WAL and its index anew. With it the WAL is checkpointed as it grows
    (every 1,000 pages), and once when the server stops."""

    def __init__(self, path: str):
        import threading

        from aostime.storage.sqlite.opening import open_store

        self.path = path
        self.writers = threading.Lock()  # this process's writers queue here (Store._begin_write)
        self.keeper = open_store(path, migrate=False, check_file=False)

    def acquire(self):
        from contextlib import closing

        from aostime.storage.sqlite.opening import open_store

        store = open_store(self.path, migrate=False, check_file=False)
        store.writers = self.writers
        return closing(store)

    def close(self) -> None:
        self.keeper.close()  # the last connection: the WAL goes back into the file
