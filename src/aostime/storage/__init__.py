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

# Databases this process committed a change to (one item per commit), whatever the backend: once
# something is saved, a failure to print it must not make the command look failed (a script
# would retry and duplicate). Each backend's unit of work appends on commit.
COMMITTED: list[str] = []


def open_storage(target: str) -> Storage:
    """The backend for a database: today an SQLite file path (the embedded default)."""
    from aostime.storage.sqlite import open_store

    return open_store(target)
