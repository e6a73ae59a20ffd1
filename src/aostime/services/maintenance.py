"""Backups and restores of the whole database (the file copies are aostime.storage.sqlite.backup's),
and copies of a whole database between backends."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime

from aostime.errors import BadInput, Conflict
from aostime.services import Session
from aostime.storage.sqlite import backup, open_store


@dataclass(frozen=True)
class BackupResult:
    path: str
    bytes: int
    schema_version: int


@dataclass(frozen=True)
class RestoreResult:
    database: str
    restored_from: str
    previous: str | None
    schema_version: int
    migrated_from: int | None


def _stamp(now: datetime) -> str:
    return now.strftime("%Y%m%d-%H%M%S")


def _free_name(base: str, suffix: str = "") -> str:
    """base+suffix, or base-2+suffix ...: never overwrite an earlier file of the same second."""
    candidate, n = base + suffix, 1
    while os.path.lexists(candidate):
        n += 1
        candidate = f"{base}-{n}{suffix}"
    return candidate


def default_backup_path(db_path: str, now: datetime, directory: str | None = None) -> str:
    """Next to the database (or in directory): aostime.db -> aostime-backup-20260331-142501.db."""
    here, name = os.path.split(db_path)
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        stem, suffix = name, "db"
    return _free_name(os.path.join(directory or here, f"{stem}-backup-{_stamp(now)}"), f".{suffix}")


@dataclass(frozen=True)
class CopyResult:
    source: str
    destination: str
    tables: dict[str, int]


def copy_database(source: str, destination: str) -> CopyResult:
    """Every record of one aostime database into another, empty one, any backends: ids,
    settings, invoices with their lines, statuses and numbering, tokens, import sources, times
    and the id counters. One transaction in the destination; a new SQLite file that the copy
    could not fill is removed again."""
    from aostime.storage import is_postgres, open_storage, shown
    from aostime.storage.sql.copying import copy_tables

    if not source.strip() or not destination.strip():
        raise BadInput("give a source and a destination database (SQLite paths or postgresql:// URLs)")
    same = source == destination or (
        not is_postgres(source) and not is_postgres(destination) and os.path.exists(destination)
        and os.path.exists(source) and os.path.samefile(source, destination))  # fmt: skip
    if same:
        raise BadInput("the source and the destination are the same database")
    if not is_postgres(source) and not os.path.exists(os.path.expanduser(source)):
        raise BadInput(f"no database at {source}")
    created = not is_postgres(destination) and not os.path.lexists(os.path.expanduser(destination))
    reader = open_storage(source)
    try:
        writer = open_storage(destination)
        try:
            counts = copy_tables(reader, writer)
        finally:
            writer.close()
    except BaseException:
        if created:
            from aostime.storage.sqlite.backup import remove_database_files

            remove_database_files(os.path.expanduser(destination))
        raise
    finally:
        reader.close()
    return CopyResult(shown(source), shown(destination), counts)


def backup_database(session: Session, path: str | None = None, force: bool = False) -> BackupResult:
    """A consistent copy of the open database, safe while other processes write to it. Of a
    PostgreSQL database: an SQLite file holding all of it (aos db copy), which `aos db copy`
    brings back into an empty database."""
    db_path = session.store.path
    from aostime.storage import is_postgres

    if is_postgres(getattr(session.store, "url", "")):
        return _backup_postgres(session, path, force)
    if path is None or not path.strip():
        if path is not None:
            raise BadInput("the backup path must not be empty; omit it for a file next to the database")
        dest = default_backup_path(db_path, session.now)
    else:
        dest = os.path.expanduser(path)
        if os.path.isdir(dest):
            dest = default_backup_path(db_path, session.now, directory=dest)
        elif os.path.lexists(dest) and not force:
            raise Conflict(f"{dest} already exists; give another path, or --force to overwrite it")
    if os.path.realpath(dest) in {os.path.realpath(db_path) + end for end in ("", "-wal", "-shm", "-journal")}:
        raise BadInput(f"{dest} is the database itself (or one of its files); give another path")
    info = backup.copy_database(db_path, os.path.abspath(dest))
    return BackupResult(info.path, info.bytes, info.schema_version)


def _backup_postgres(session: Session, path: str | None, force: bool) -> BackupResult:
    if path is None or not path.strip():
        raise BadInput("give the path of the SQLite file to back a PostgreSQL database up into")
    dest = os.path.expanduser(path)
    if os.path.isdir(dest):
        dest = _free_name(os.path.join(dest, f"aostime-backup-{_stamp(session.now)}"), ".db")
    elif os.path.lexists(dest):
        if not force:
            raise Conflict(f"{dest} already exists; give another path, or --force to overwrite it")
        backup.remove_database_files(dest)
    copy_database(session.store.url, dest)
    from aostime.storage.sqlite import migrations

    return BackupResult(os.path.abspath(dest), os.path.getsize(dest), migrations.LATEST)


def check_backup(path: str) -> backup.CopyInfo:
    """What `restore` would restore, checked; StorageError if the copy is not fit."""
    if not path.strip():
        raise BadInput("give the path of a backup to restore")
    return backup.check_copy(os.path.expanduser(path))


def restore_database(db_path: str, path: str, now: datetime) -> RestoreResult:
    """Replace the database with a checked copy; the current one is kept aside as
    <db>.before-restore-<timestamp>. An older copy is migrated (and backed up) as it opens."""
    from aostime.storage import is_postgres

    if is_postgres(db_path):
        raise BadInput(
            "aos restore replaces an SQLite file; to restore a PostgreSQL database, copy the backup into an "
            "empty database: aos db copy BACKUP.db postgresql://..."
        )
    source = os.path.abspath(os.path.expanduser(path))
    db_path = os.path.expanduser(db_path)
    if not source.strip():
        raise BadInput("give the path of a backup to restore")
    if os.path.exists(db_path) and os.path.exists(source) and os.path.samefile(source, db_path):
        raise BadInput(f"{path} is the database itself; give a backup copy")
    aside = _free_name(f"{db_path}.before-restore-{_stamp(now)}")
    existed = os.path.exists(db_path)
    info = backup.restore_copy(source, db_path, aside)
    from aostime.storage.sqlite import migrations

    migrated_from = info.schema_version if info.schema_version < migrations.LATEST else None
    open_store(db_path).close()  # migrates an older copy now, with its own backup first
    return RestoreResult(db_path, source, aside if existed else None, info.schema_version, migrated_from)
