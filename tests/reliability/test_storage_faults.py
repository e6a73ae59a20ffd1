"""Files aostime must refuse, each with exit 3, one clear line, and not a byte changed: not
SQLite, SQLite but someone else's, a newer schema, read-only, truncated, corrupt. Every case
runs the real program in its own process, for a reading and a writing command."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import pytest
from reliability_helpers import AOS, checkpoint, query

from aostime.storage.sqlite.migrations import APPLICATION_ID, LATEST

pytestmark = pytest.mark.sqlite_only  # faults of the SQLite file; PostgreSQL's own: tests/reliability/test_postgres.py

READ = ["list", "--json"]
WRITE = ["add", "-p", "1", "--hours", "1", "--date", "2026-03-02"]
FAST = ["status", "--json"]  # answered by entry.py's fast path, without Typer


def aos_run(db: Path, args: list[str], prefix: list[str] = ()) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, *AOS, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          env=dict(os.environ, AOS_DB=str(db)), timeout=60, check=False)  # fmt: skip


def files_of(db: Path) -> dict[str, bytes]:
    """The database and its companion files, byte for byte; the -shm index SQLite keeps for any
    reader of a WAL file is left out, and an empty -wal counts as no -wal."""
    return {p.name: p.read_bytes() for p in db.parent.iterdir()
            if p.name.startswith(db.name) and not p.name.endswith("-shm")
            and not (p.name.endswith("-wal") and p.stat().st_size == 0)}  # fmt: skip


def refused(db: Path, args: list[str], *phrases: str, prefix: list[str] = ()) -> str:
    before = files_of(db)
    result = aos_run(db, args, prefix)
    assert result.returncode == 3, (args, result.returncode, result.stderr)
    assert result.stdout == ""
    message = result.stderr.splitlines()[0]
    assert message.startswith("Error: ") and "Traceback" not in result.stderr, result.stderr
    for phrase in phrases:
        assert phrase in message, (phrase, message)
    assert files_of(db) == before, f"aos {' '.join(args)} changed {db.name} while refusing it"
    return message


@pytest.fixture
def ours(world, aos):
    """An aostime database with an entry and a running timer, checkpointed into one file."""
    aos("add", "-p", "1", "--hours", "2", "--date", "2026-03-01")
    aos("start", "-p", "1", "running")
    import gc

    gc.collect()
    checkpoint(world)
    return world


@pytest.mark.parametrize("args", [READ, WRITE, FAST], ids=["read", "write", "status"])
def test_a_file_that_is_not_sqlite_is_refused_untouched(args, tmp_path):
    for name, content in {"notes.txt": b"my notes\n", "random.bin": os.urandom(8192),
                          "almost.db": b"SQLite format 2\x00" + bytes(200)}.items():  # fmt: skip
        path = tmp_path / name
        path.write_bytes(content)
        refused(path, args, str(path), "not an aostime database")


@pytest.mark.parametrize("args", [READ, WRITE, FAST], ids=["read", "write", "status"])
def test_an_sqlite_file_of_another_program_is_refused_untouched(args, tmp_path):
    foreign = tmp_path / "browser-history.db"
    with closing(sqlite3.connect(foreign)) as con:
        con.execute("CREATE TABLE visits (url TEXT, at TEXT)")
        con.execute("INSERT INTO visits VALUES ('https://example.com', '2026-03-01')")
        con.commit()
    refused(foreign, args, str(foreign), "not an aostime one")
    with closing(sqlite3.connect(foreign)) as con:  # stamped with someone else's id: refused too
        con.execute("PRAGMA application_id = 1234")
    refused(foreign, args, "not an aostime one")


@pytest.mark.parametrize("args", [READ, WRITE, FAST], ids=["read", "write", "status"])
def test_a_database_from_a_newer_aostime_is_refused_untouched(args, ours):
    with closing(sqlite3.connect(ours)) as con:
        assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        con.execute(f"PRAGMA user_version = {LATEST + 1}")
    checkpoint(ours)
    refused(ours, args, str(ours), f"schema version {LATEST + 1}", "upgrade aostime")


@pytest.mark.parametrize("fraction", [0.5, 0.9, "page"])
@pytest.mark.parametrize("args", [READ, WRITE, FAST], ids=["read", "write", "status"])
def test_a_truncated_database_is_refused_untouched_with_how_to_restore(args, fraction, ours):
    size = ours.stat().st_size
    page = query(ours, "PRAGMA page_size")[0][0]
    keep = size - page if fraction == "page" else int(size * fraction)
    os.truncate(ours, keep)
    refused(ours, args, str(ours), "truncated", "aos restore")
    os.truncate(ours, 60)  # not even a whole header
    refused(ours, args, "truncated", "aos restore")


def test_a_corrupt_database_is_refused_untouched_with_how_to_restore(ours):
    page_size = query(ours, "PRAGMA page_size")[0][0]
    tables = query(ours, "SELECT name, rootpage FROM sqlite_master WHERE type = 'table' AND name = 'time_entries'")
    with open(ours, "r+b") as f:
        f.seek((tables[0][1] - 1) * page_size)
        f.write(b"\xa5" * page_size)
    for args in (READ, WRITE, FAST):
        refused(ours, args, str(ours), "corrupt", "aos restore")
    with open(ours, "r+b") as f:  # a damaged first page: SQLite cannot read the schema at all
        f.seek(100)
        f.write(b"\xff" * 200)
    for args in (READ, WRITE, FAST):
        refused(ours, args, "aos restore")


# -- read-only files and directories ---------------------------------------------------------


def unprivileged() -> list[str]:
    """A prefix that makes file permission bits apply. Tests may run as root, which ignores
    them; setpriv drops the capabilities that let root do so (CAP_DAC_OVERRIDE and friends)
    for the child only, so it still runs as root, reads its own files, and obeys modes."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: no way to make a file read-only for aostime")
    prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner,-linux_immutable",
              "--inh-caps=-all"]  # fmt: skip
    probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"setpriv cannot drop capabilities here: {probe.stderr.decode().strip()}")
    return prefix


@pytest.fixture
def read_only_dir(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    yield folder
    folder.chmod(0o755)


def test_a_read_only_database_file_refuses_writes_with_its_path_and_still_reads(ours):
    prefix = unprivileged()
    for companion in ("-wal", "-shm"):
        Path(f"{ours}{companion}").unlink(missing_ok=True)
    ours.chmod(0o444)
    try:
        before = ours.read_bytes()
        copy = ours.parent / "copy.db"
        for args in (READ, FAST, ["status"], ["backup", str(copy)]):
            result = aos_run(ours, args, prefix)
            assert result.returncode == 0, (args, result.stderr)
        assert query(copy, "SELECT count(*) FROM time_entries")[0][0] == 2
        for args in (WRITE, ["cancel"], ["client", "add", "New"], ["restore", str(copy), "--yes"]):
            message = refused(ours, args, str(ours), prefix=prefix)
            assert "read-only" in message, message
        assert ours.read_bytes() == before
    finally:
        ours.chmod(0o644)


def test_a_database_in_a_read_only_directory_is_refused_with_the_directory_named(ours, read_only_dir):
    prefix = unprivileged()
    moved = read_only_dir / "aostime.db"
    shutil.copyfile(ours, moved)
    read_only_dir.chmod(0o555)
    for args in (READ, WRITE, FAST):
        refused(moved, args, str(moved), f"its directory {read_only_dir} is read-only", prefix=prefix)


def test_a_new_database_in_a_read_only_directory_is_refused_and_nothing_is_created(read_only_dir):
    prefix = unprivileged()
    read_only_dir.chmod(0o555)
    fresh = read_only_dir / "aostime.db"
    for args in (["client", "add", "Acme"], FAST, ["status"]):
        result = aos_run(fresh, args, prefix)
        assert result.returncode == 3, result.stderr
        assert str(fresh) in result.stderr and "read-only" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert list(read_only_dir.iterdir()) == []


def test_a_database_path_below_a_file_is_refused(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = aos_run(blocker / "aostime.db", ["client", "add", "Acme"])
    assert result.returncode == 3 and "Traceback" not in result.stderr, result.stderr
    assert str(blocker) in result.stderr
    assert blocker.read_text() == "x"
