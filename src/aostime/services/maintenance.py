"""Backups and restores of the whole database file (the copying itself is aostime.storage.sqlite.backup's)."""

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


def backup_database(session: Session, path: str | None = None, force: bool = False) -> BackupResult:
    """A consistent copy of the open database, safe while other processes write to it."""
    db_path = session.store.path
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


def check_backup(path: str) -> backup.CopyInfo:
    """What `restore` would restore, checked; StorageError if the copy is not fit."""
    if not path.strip():
        raise BadInput("give the path of a backup to restore")
    return backup.check_copy(os.path.expanduser(path))


def restore_database(db_path: str, path: str, now: datetime) -> RestoreResult:
    """Replace the database with a checked copy; the current one is kept aside as
    <db>.before-restore-<timestamp>. An older copy is migrated (and backed up) as it opens."""
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
