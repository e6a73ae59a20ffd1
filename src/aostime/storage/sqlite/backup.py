"""Consistent copies of a database file, through SQLite's online backup API.

Part of the storage package (the only code that talks to sqlite3); it knows
files, pages and pragmas, nothing of entries or invoices. A copy is taken from its own
read connection, so it is a snapshot even while other processes (or the caller, holding the
write lock) write. Copies are written to a temporary file and renamed into place, so a copy
that exists is complete. A restore writes the copy into the live file with the backup API,
in one SQLite transaction: a crash leaves the old database or the new one, never a mix, and
other connections (a running `aos serve`) see the new content instead of a replaced inode.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from aostime.errors import NotFound, StorageError
from aostime.storage.sqlite import migrations
from aostime.storage.sqlite.base import SQLITE_MAGIC


def _busy_timeout_ms() -> int:
    from aostime.storage.sqlite import base

    return base.BUSY_TIMEOUT_MS


@dataclass(frozen=True)
class CopyInfo:
    path: str
    schema_version: int
    bytes: int


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _temp_next_to(dest: Path, what: str) -> Path:
    return dest.with_name(f".{dest.name}.{what}-{os.getpid()}")


def remove_database_files(path: Path | str) -> None:
    """A database file and its journal files, if there."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        try:
            os.unlink(f"{path}{suffix}")
        except OSError:
            pass


def _bounded_progress(what: str, path: str):
    """A backup-API progress callback that gives up once the destination stayed locked past
    the busy timeout (Python's backup loop would otherwise retry forever)."""
    started = time.monotonic()
    limit = _busy_timeout_ms() / 1000

    def progress(status: int, remaining: int, total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() - started > limit:
            raise StorageError(
                f"database {path} is busy: another aostime process held it past the "
                f"{limit:g} s busy timeout during the {what}; try again"
            )

    return progress


def _fail(exc: BaseException, path: Path | str, what: str) -> StorageError:
    if isinstance(exc, StorageError):
        return exc
    reason = getattr(exc, "strerror", None) or str(exc)
    if "readonly" in reason or "read-only" in reason.lower():
        return StorageError(f"cannot write {what} {path}: it is read-only ({reason})")
    return StorageError(f"cannot write {what} {path}: {reason}")


def _write_copy(source: sqlite3.Connection, dest: Path, what: str) -> None:
    """source -> a temporary file next to dest -> fsync -> rename over dest. The copy is a
    plain single file (rollback journal mode), readable without its -wal."""
    temp = _temp_next_to(dest, "tmp")
    remove_database_files(temp)
    try:
        with closing(sqlite3.connect(temp, isolation_level=None)) as target:
            source.backup(target, progress=_bounded_progress(what, str(dest)))
            target.execute("PRAGMA journal_mode = DELETE")
        with open(temp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(temp, dest)
        _fsync_dir(dest.parent)
    except (sqlite3.Error, OSError, StorageError) as exc:
        remove_database_files(temp)
        raise _fail(exc, dest, what) from None
    except BaseException:
        remove_database_files(temp)
        raise


def _reader(path: str) -> sqlite3.Connection:
    """A second connection to a live database, for reading a snapshot of it."""
    conn = sqlite3.connect(f"file:{quote(path)}?mode=rw", uri=True, isolation_level=None,
                           timeout=_busy_timeout_ms() / 1000)  # fmt: skip
    conn.execute(f"PRAGMA busy_timeout = {_busy_timeout_ms()}")
    return conn


def copy_database(db_path: str, dest: str | os.PathLike, what: str = "backup") -> CopyInfo:
    """A consistent copy of the live database at db_path, written atomically to dest."""
    dest = Path(dest)
    try:
        with closing(_reader(db_path)) as source:
            version = source.execute("PRAGMA user_version").fetchone()[0]
            _write_copy(source, dest, what)
    except sqlite3.Error as exc:
        raise _fail(exc, dest, what) from None
    return CopyInfo(str(dest), version, dest.stat().st_size)


def backup_before_migration(store, found_version: int) -> Path:
    """<db>.v<found>.bak next to the database, taken before migrating it. The caller holds
    the write lock, so no other process migrates or writes while the copy is made."""
    dest = Path(f"{store.path}.v{found_version}.bak")
    copy_database(store.path, dest, what="pre-migration backup")
    return dest


# -- checking and restoring a copy ----------------------------------------------------------


@contextmanager
def _open_checked(path: Path) -> Iterator[tuple[sqlite3.Connection, int]]:
    """A read-only connection to a copy that is SQLite, aostime's, not newer than this code
    knows, and passes integrity_check; StorageError (nothing changed) otherwise."""
    refused = f"backup {path} is refused, nothing was changed"
    try:
        with open(path, "rb") as f:
            head = f.read(100)
    except FileNotFoundError:
        raise NotFound(f"backup {path} does not exist") from None
    except IsADirectoryError:
        raise StorageError(f"{refused}: it is a directory") from None
    except OSError as exc:
        raise StorageError(f"{refused}: cannot read it ({exc.strerror})") from None
    if not head.startswith(SQLITE_MAGIC):
        raise StorageError(f"{refused}: it is not an SQLite file")
    if len(head) < 100:
        raise StorageError(f"{refused}: it is truncated")
    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise StorageError(f"{refused}: cannot open it ({exc})") from None
    try:
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error as exc:
            if "readonly" in str(exc) or "unable to open" in str(exc):
                raise StorageError(f"{refused}: cannot open it ({exc}); copy it to a writable directory") from None
            raise StorageError(f"{refused}: it is corrupt ({exc})") from None
        if app_id != migrations.APPLICATION_ID or version < 1:
            raise StorageError(f"{refused}: it is an SQLite file but not an aostime database")
        if version > migrations.LATEST:
            raise StorageError(
                f"{refused}: its schema version {version} is newer than this aostime knows "
                f"({migrations.LATEST}); upgrade aostime first"
            )
        try:
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
        except sqlite3.Error as exc:
            problems = [str(exc)]
        if problems != ["ok"]:
            raise StorageError(f"{refused}: it fails SQLite's integrity check ({'; '.join(problems)})")
        yield conn, version
    finally:
        conn.close()


def check_copy(path: str | os.PathLike) -> CopyInfo:
    path = Path(path)
    with _open_checked(path) as (_, version):
        return CopyInfo(str(path), version, path.stat().st_size)


def _usable(db_path: Path) -> bool:
    """Whether the live file can take a restore through SQLite (else it is replaced whole)."""
    try:  # no plain open() of a live file: closing it would drop this process's SQLite locks
        with closing(_reader(str(db_path))) as conn:
            conn.execute("PRAGMA page_size").fetchone()
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except (OSError, sqlite3.Error):
        return False


def restore_copy(source: str | os.PathLike, db_path: str | os.PathLike, aside: str | os.PathLike) -> CopyInfo:
    """Check the copy, keep the current database as `aside`, then write the copy into the
    database. Returns what was restored; `aside` is written only if the database existed."""
    source, db_path, aside = Path(source), Path(db_path), Path(aside)
    staged = _temp_next_to(db_path, "restore")
    with _open_checked(source) as (conn, version):
        _write_copy(conn, staged, "restore")  # what is checked is what is restored
    try:
        with _open_checked(staged):
            pass
        if not db_path.exists():
            os.replace(staged, db_path)
            _fsync_dir(db_path.parent)
        elif _usable(db_path):
            copy_database(str(db_path), aside, what="copy of the current database")
            try:
                _restore_in_place(staged, db_path)
            except BaseException:
                remove_database_files(aside)  # the database was not replaced: no copy of it is needed
                raise
        else:  # unreadable as SQLite: nothing can be using it, so move it aside whole
            for suffix in ("-wal", "-shm", "-journal"):
                if os.path.exists(f"{db_path}{suffix}"):
                    os.replace(f"{db_path}{suffix}", f"{aside}{suffix}")
            os.replace(db_path, aside)
            os.replace(staged, db_path)
            _fsync_dir(db_path.parent)
    except OSError as exc:
        raise _fail(exc, db_path, "restored database") from None
    finally:
        remove_database_files(staged)
    return CopyInfo(str(db_path), version, db_path.stat().st_size)


def _restore_in_place(staged: Path, db_path: Path) -> None:
    """The staged copy into the live file, as one SQLite write transaction."""
    try:
        with closing(_reader(str(db_path))) as live:
            page_size = live.execute("PRAGMA page_size").fetchone()[0]
            with closing(sqlite3.connect(staged, isolation_level=None)) as copy:
                if copy.execute("PRAGMA page_size").fetchone()[0] != page_size:
                    # a WAL database cannot change its page size: bring the copy to it
                    copy.execute(f"PRAGMA page_size = {int(page_size)}")
                    copy.execute("VACUUM")
                copy.backup(live, progress=_bounded_progress("restore", str(db_path)))
    except sqlite3.Error as exc:
        raise _fail(exc, db_path, "restored database") from None
