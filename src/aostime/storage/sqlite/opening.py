"""Opening an aostime database: refuse what is not ours without writing a byte, create on first
use, migrate under the write lock (backing the old file up first), or open read-only for shell
completion. Every open counts its connection in base._CONNECTED until Store.close()."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

from aostime.errors import StorageError
from aostime.storage.sqlite import migrations
from aostime.storage.sqlite.base import _CONNECTED, BUSY_TIMEOUT_MS, RESTORE_HINT, SQLITE_MAGIC, _translate
from aostime.storage.sqlite.store import Store


def _check_kind(path: str) -> None:
    """Refuse what SQLite cannot guard: a FIFO or device (opening it would hang or read a
    stream), and a file with several hard links (SQLite's locks follow the file name, so two
    names for one file let two writers in at once and lose data)."""
    import stat

    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StorageError(f"cannot read database {path}: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise StorageError(f"{path} is a directory, not an aostime database")
    if not stat.S_ISREG(info.st_mode):
        raise StorageError(f"{path} is not a regular file (a FIFO, socket or device); give the path of a database file")
    if info.st_nlink > 1:
        raise StorageError(
            f"database {path} has {info.st_nlink} hard links; SQLite locks by file name, so writers using "
            "different names would not see each other and changes would be lost. Keep one name: "
            "'aos backup COPY' makes an independent copy"
        )


def _check_file(path: str) -> None:
    """Refuse, without writing a byte, anything that is not an SQLite file."""
    _check_kind(path)
    try:
        with open(path, "rb") as f:
            head = f.read(100)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StorageError(f"cannot read database {path}: {exc.strerror}") from None
    if head and not head.startswith(SQLITE_MAGIC):
        raise StorageError(f"{path} is not an aostime database (not an SQLite file); left untouched")
    if head and len(head) < 100:
        raise StorageError(f"database {path} is truncated; {RESTORE_HINT}")
    if head and _shorter_than_its_header(path, head):
        raise StorageError(f"database {path} is truncated (shorter than its header says); {RESTORE_HINT}")


def _shorter_than_its_header(path: str, head: bytes) -> bool:
    """The header records the page count (valid when the change counter at 24 matches the
    version-valid-for at 92); a main file shorter than that lost its tail. While a -wal with
    frames exists the main file may legitimately lag (an interrupted checkpoint), so no verdict."""
    if head[24:28] != head[92:96]:
        return False
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    try:
        if os.path.exists(path + "-wal") and os.path.getsize(path + "-wal") > 0:
            return False
        return pages > 0 and os.path.getsize(path) < pages * page_size
    except OSError:
        return False


def _register(store: Store) -> None:
    """Count the store's connection against its file until Store.close()."""
    key = os.path.realpath(store.path)
    _CONNECTED[key] = _CONNECTED.get(key, 0) + 1
    store._registry_key = key


def _check_file_unless_connected(path: str) -> None:
    if not _CONNECTED.get(os.path.realpath(path)):
        _check_file(path)
    else:
        _check_kind(path)  # no open(): only a stat


def open_store(
    path: str | os.PathLike, migrate: bool = True, read_only: bool = False, check_file: bool = True
) -> Store:
    """Open (creating on first use) and, if needed, migrate an aostime database. read_only
    (shell completion) never creates, migrates or writes anything: see _open_read_only.
    check_file=False skips reading the header with a plain open(): a process that holds other
    connections to the file (the server) must skip it once the file was checked, because closing
    any descriptor of a file drops all of the process's POSIX locks on it, and another process
    could then checkpoint and truncate the WAL under those connections (SQLITE_IOERR_SHORT_READ)."""
    path = os.path.expanduser(os.fspath(path))
    if read_only:
        return _open_read_only(path)
    if check_file:
        _check_file_unless_connected(path)
    existed = os.path.exists(path)
    if not existed:
        parent = os.path.dirname(path) or "."
        try:
            os.makedirs(parent, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot create database directory {parent}: {exc.strerror}") from None
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False)  # fmt: skip
    except sqlite3.Error as exc:
        raise _translate(exc, str(path)) from exc
    store = Store(conn, str(path))
    _register(store)
    with _closed_on_failure(store):
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        version = _identify(store)
        if version < migrations.LATEST:
            if not migrate:
                raise StorageError(f"database {path} needs an upgrade; run any aostime command to migrate it")
            _migrate(store, version)
        _switch_to_wal(conn)
    return store


def _switch_to_wal(conn: sqlite3.Connection) -> None:
    """Put the file in WAL mode, once. Several first commands on a new file all try it: SQLite
    answers the losers SQLITE_BUSY at once, without its busy handler (a connection already
    reading may not wait for a writer: deadlock avoidance), so they wait here instead, up to
    the busy timeout, until the winner's switch shows."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as exc:
            if getattr(exc, "sqlite_errorname", "").startswith("SQLITE_BUSY") and time.monotonic() < deadline:
                time.sleep(0.01)
                continue
            raise


def _identify(store: Store) -> int:
    """The schema version of an aostime file, 0 for an empty file; refuses anything else."""
    # One statement, so one consistent read: read as three, a process migrating the new file
    # at the same moment could commit between them (id 0 read before, tables read after).
    app_id, version, has_tables = store.conn.execute(
        "SELECT (SELECT application_id FROM pragma_application_id),"
        " (SELECT user_version FROM pragma_user_version),"
        " (SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%')"
    ).fetchone()
    if app_id == migrations.APPLICATION_ID:
        if version > migrations.LATEST:
            raise StorageError(
                f"database {store.path} has schema version {version}, newer than this aostime "
                f"knows ({migrations.LATEST}); upgrade aostime. The file was not modified"
            )
        return version
    if app_id != 0 or version != 0 or has_tables:
        raise StorageError(f"{store.path} is an SQLite database but not an aostime one; left untouched")
    return 0


def _statements(script: str) -> Iterator[str]:
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""


def _migrate(store: Store, found: int) -> None:
    """Apply the missing migrations in one transaction; a racing process that migrated first
    is detected under the lock. An existing file is backed up first, under the same lock, so
    the backup holds the version it is named after even when several processes race."""
    from aostime.domain.names import fold

    store.conn.create_function("aos_fold", 1, fold, deterministic=True)
    # A table rebuilt (a CHECK changed) must keep the keys that point at it: SQLite's way is to
    # migrate with foreign keys off (it cannot be switched inside a transaction) and to check
    # every key before the commit; a violation rolls the whole migration back.
    store.conn.execute("PRAGMA foreign_keys = OFF")
    try:
        with store.transaction():
            version = _identify(store)
            if 0 < version < migrations.LATEST:
                from aostime.storage.sqlite.backup import backup_before_migration

                backup_before_migration(store, version)
            for number in range(version + 1, migrations.LATEST + 1):
                for statement in _statements(migrations.MIGRATIONS[number - 1]):
                    store.conn.execute(statement)
            broken = store.conn.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise StorageError(f"database {store.path}: the upgrade would break {len(broken)} reference(s) "
                                   f"(first: {broken[0]}); the file was not modified")  # fmt: skip
            store.conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
            store.conn.execute(f"PRAGMA user_version = {migrations.LATEST}")
    finally:
        store.conn.execute("PRAGMA foreign_keys = ON")


def _open_read_only(path: str) -> Store:
    """An existing aostime file opened with SQLite's mode=ro: no file is created, nothing is
    migrated or written; a missing, empty or foreign file is refused (StorageError)."""
    from pathlib import Path
    from urllib.parse import quote

    path = Path(path)
    if not path.is_file():
        raise StorageError(f"database {path} does not exist")
    _check_file_unless_connected(str(path))
    try:
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, timeout=0.5,
                               isolation_level=None, check_same_thread=False)  # fmt: skip
    except sqlite3.Error as exc:
        raise _translate(exc, str(path)) from exc
    store = Store(conn, str(path))
    _register(store)
    with _closed_on_failure(store):
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA busy_timeout = 500")
        if _identify(store) == 0:
            raise StorageError(f"{path} holds no aostime data yet")
    return store


@contextmanager
def _closed_on_failure(store: Store) -> Iterator[None]:
    """While a store is being set up: any failure closes it, and sqlite3 errors leave as
    AosError like everywhere else in the store."""
    try:
        yield
    except sqlite3.Error as exc:
        store.close()
        raise _translate(exc, store.path) from exc
    except BaseException:
        store.close()
        raise
