"""The unit of work both backends share: the only place a transaction begins and ends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

# Databases this process committed a change to (one item per commit), whatever the backend: once
# something is saved, a failure to print it must not make the command look failed (a script
# would retry and duplicate: exits.py reads it). Both backends' unit of work append on commit.
COMMITTED: list[str] = []


class UnitOfWorkSql:
    """transaction() and snapshot() over a backend's _run and DriverError, with its
    _begin_write() (how a writer starts: SQLite's BEGIN IMMEDIATE, PostgreSQL's BEGIN under the
    writers' lock) and READ_BEGIN (how a consistent read starts). Savepoints nest them."""

    _depth = 0

    @contextmanager
    def transaction(self, wait: bool = True) -> Iterator[UnitOfWorkSql]:
        """The unit of work: one write transaction per command, committed on a clean exit and
        rolled back on any error. Inside another transaction it is a savepoint: an inner
        failure undoes the inner writes only, and the outer one decides. `wait=False`: a
        StorageError at once if another writer holds the write lock (for a write that may be
        skipped, never queued behind the writers)."""
        if self._depth:
            name = f"aos_{self._depth}"
            self._run(f"SAVEPOINT {name}")
            self._depth += 1
            try:
                yield self
            except BaseException:
                self._quietly(f"ROLLBACK TO SAVEPOINT {name}")
                self._quietly(f"RELEASE SAVEPOINT {name}")
                raise
            finally:
                self._depth -= 1
            self._run(f"RELEASE SAVEPOINT {name}")
            return
        self._depth = 1
        try:
            self._begin_write(wait)
            yield self
        except BaseException:
            self._depth = 0
            self._quietly("ROLLBACK")
            self._ended()
            raise
        self._depth = 0
        try:
            self._run("COMMIT")
        finally:
            self._ended()
        COMMITTED.append(self.path)

    def _ended(self) -> None:
        """After a write transaction's COMMIT or ROLLBACK (whatever _begin_write took, given back)."""

    def _quietly(self, sql: str) -> None:
        """Undo while an error is already on its way out: a failure here must not mask it."""
        try:
            self.conn.execute(sql)
        except self.DriverError:
            pass

    @contextmanager
    def snapshot(self) -> Iterator[UnitOfWorkSql]:
        """A read transaction on one snapshot, so that a listing and its totals see the same
        data (inside another transaction, that one already does)."""
        if self._depth:
            yield self
            return
        self._run(self.READ_BEGIN)
        self._depth = 1
        try:
            yield self
        finally:
            self._depth = 0
            self._quietly("COMMIT")
