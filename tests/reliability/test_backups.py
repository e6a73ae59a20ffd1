"""aos backup / aos restore: consistent online copies, and restores that check the copy first
and keep the replaced database aside."""

from __future__ import annotations

import gc
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import pytest
from reliability_helpers import AOS, checkpoint, dump, integrity, query, run_all, spawn

from aostime.storage.sqlite.migrations import APPLICATION_ID, LATEST

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
pytestmark = pytest.mark.sqlite_only  # copies of the SQLite file itself (PostgreSQL: aos db copy)


def corrupt_table(db: Path, table: str = "time_entries") -> None:
    """Overwrite the root page of a table with garbage: SQLite's integrity check must fail."""
    checkpoint(db)
    page_size = query(db, "PRAGMA page_size")[0][0]
    root = query(db, "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))[0][0]
    with open(db, "r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\xa5" * page_size)


def entry_count(db: Path) -> int:
    return query(db, "SELECT count(*) FROM time_entries")[0][0]


def test_backup_writes_a_checked_copy_next_to_the_database_and_prints_its_path(world, aos):
    aos("add", "-p", "1", "--hours", "2", "--date", "2026-03-02")
    aos("start", "-p", "1", "Running while backed up")
    result = aos("backup")
    copy = Path(result.out.strip())
    assert copy.parent == world.parent and copy.name.startswith("aostime-backup-") and copy.suffix == ".db"
    assert integrity(copy) == ["ok"]
    assert dump(copy) == dump(world)
    assert query(copy, "PRAGMA journal_mode")[0][0] == "delete", "a backup is one self-contained file"


def test_backup_json_names_the_file_and_refuses_to_overwrite_without_force(world, aos, tmp_path):
    target = tmp_path / "copies" / "monday.db"
    target.parent.mkdir()
    doc = aos("backup", str(target), "--json").json
    assert doc == {"path": str(target), "bytes": target.stat().st_size, "schema_version": LATEST}
    before = target.read_bytes()
    aos("add", "-p", "1", "--hours", "1")
    assert "already exists" in aos("backup", str(target), expect=1).err
    assert target.read_bytes() == before
    aos("backup", str(target), "--force")
    assert entry_count(target) == 1
    in_dir = Path(aos("backup", str(target.parent)).out.strip())
    assert in_dir.parent == target.parent and integrity(in_dir) == ["ok"]


def test_backup_refuses_to_write_over_the_database_itself(world, aos):
    before = dump(world)
    assert aos("backup", str(world), "--force", expect=2).err.startswith("Error: ")
    assert dump(world) == before


def test_backup_while_other_processes_write_is_a_consistent_snapshot(world, aos, tmp_path):
    """Backups taken while 16 `aos add` run at once: each copy passes the integrity check and
    holds whole entries (every one has its amount), a count between before and after."""
    writers = [spawn(["add", "-p", "1", "--hours", "0.25", "--date", "2026-03-02", "-d", f"w{i}"], world)
               for i in range(16)]  # fmt: skip
    copies = []
    for i in range(4):
        copies.append(tmp_path / f"snap{i}.db")
        spawn(["backup", str(copies[-1])], world).wait(timeout=120)
    results = [(p.wait(timeout=120), p) for p in writers]
    assert all(code == 0 for code, _ in results), [p.stderr.read() for _, p in results]
    for copy in copies:
        assert integrity(copy) == ["ok"]
        count = entry_count(copy)
        assert 0 <= count <= 16
        assert query(copy, "SELECT count(*) FROM time_entries WHERE amount_cents = 3750")[0][0] == count
    assert entry_count(world) == 16


def test_restore_puts_the_copy_back_and_keeps_the_replaced_database_aside(world, aos, tmp_path):
    aos("add", "-p", "1", "--hours", "2", "--date", "2026-03-02")
    aos("start", "-p", "1", "Still running after the restore")
    copy = tmp_path / "copy.db"
    aos("backup", str(copy))
    snapshot = dump(world)
    aos("add", "-p", "1", "--hours", "3", "--date", "2026-03-03")
    later = dump(world)
    doc = aos("restore", str(copy), "--yes", "--json").json
    assert doc["database"] == str(world) and doc["restored_from"] == str(copy)
    assert doc["schema_version"] == LATEST and doc["migrated_from"] is None
    aside = Path(doc["previous"])
    assert aside.name.startswith("aostime.db.before-restore-")
    assert dump(world) == snapshot
    assert dump(aside) == later, "the replaced database is kept whole"
    assert aos("status", "--json").json["entry"]["description"] == "Still running after the restore"
    assert integrity(world) == ["ok"]


def test_restore_without_yes_on_a_pipe_is_refused_and_changes_nothing(world, aos, tmp_path):
    copy = tmp_path / "copy.db"
    aos("backup", str(copy))
    aos("add", "-p", "1", "--hours", "1")
    before = dump(world)
    result = aos("restore", str(copy), expect=2)
    assert "--yes" in result.err
    assert dump(world) == before
    assert not list(world.parent.glob("*.before-restore-*"))


def test_restore_asks_on_a_terminal_and_no_keeps_the_database(world, aos, tmp_path):
    copy = tmp_path / "copy.db"
    aos("backup", str(copy))
    aos("add", "-p", "1", "--hours", "1")
    before = dump(world)
    primary, secondary = os.openpty()
    try:
        proc = subprocess.Popen([*AOS, "restore", str(copy)], stdin=secondary, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=dict(os.environ, AOS_DB=str(world)))  # fmt: skip
        os.write(primary, b"n\n")
        _, err = proc.communicate(timeout=60)
    finally:
        os.close(primary)
        os.close(secondary)
    assert proc.returncode == 1
    assert b"Replace" in err and b"schema version" in err
    assert dump(world) == before


def test_a_copy_that_is_not_fit_is_refused_and_nothing_changes(world, aos, tmp_path):
    aos("add", "-p", "1", "--hours", "1")
    good = tmp_path / "good.db"
    aos("backup", str(good))
    checkpoint(world)
    before = world.read_bytes()

    text = tmp_path / "notes.txt"
    text.write_text("not a database\n")
    foreign = tmp_path / "foreign.db"
    with closing(sqlite3.connect(foreign)) as con:
        con.execute("CREATE TABLE things (x)")
        con.commit()
    newer = tmp_path / "newer.db"
    shutil.copy(good, newer)
    with closing(sqlite3.connect(newer)) as con:
        con.execute(f"PRAGMA user_version = {LATEST + 1}")
    corrupt = tmp_path / "corrupt.db"
    shutil.copy(good, corrupt)
    corrupt_table(corrupt)
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(good.read_bytes()[:50])

    cases = {text: "not an SQLite file", foreign: "not an aostime database", newer: "newer",
             corrupt: "integrity check", truncated: "truncated"}  # fmt: skip
    for path, reason in cases.items():
        result = aos("restore", str(path), "--yes", expect=3)
        assert reason in result.err and "nothing was changed" in result.err, result.err
        assert "Traceback" not in result.err
        assert world.read_bytes() == before
    assert "does not exist" in aos("restore", str(tmp_path / "missing.db"), "--yes", expect=1).err
    assert not list(world.parent.glob("*.before-restore-*"))
    assert world.read_bytes() == before


def test_a_corrupt_database_is_refused_with_a_restore_hint_and_restore_repairs_it(world, aos, tmp_path):
    aos("add", "-p", "1", "--hours", "1", "--date", "2026-03-02")
    copy = tmp_path / "copy.db"
    aos("backup", str(copy))
    corrupt_table(world)
    broken = world.read_bytes()
    result = aos("list", "--json", expect=3)
    assert "corrupt" in result.err and "aos restore" in result.err
    assert world.read_bytes() == broken
    aside = Path(aos("restore", str(copy), "--yes", "--json").json["previous"])
    assert integrity(world) == ["ok"]
    assert aos("list", "--json").json["count"] == 1
    assert aside.read_bytes()[100:] == broken[100:], "the broken pages are kept as they were, for forensics"


def test_a_file_that_is_not_a_database_at_all_can_be_restored_over(world, aos, tmp_path):
    aos("add", "-p", "1", "--hours", "1", "--date", "2026-03-02")
    copy = tmp_path / "copy.db"
    aos("backup", str(copy))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{world}{suffix}").unlink(missing_ok=True)
    world.write_bytes(b"\x00garbage" * 100)
    assert aos("status", expect=3)
    doc = aos("restore", str(copy), "--yes", "--json").json
    assert Path(doc["previous"]).read_bytes() == b"\x00garbage" * 100
    assert aos("list", "--json").json["count"] == 1


def test_restoring_into_a_missing_database_creates_it(aos, tmp_path):
    source = tmp_path / "source.db"
    aos("--db", str(source), "client", "add", "Acme Corp")
    copy = tmp_path / "copy.db"
    aos("--db", str(source), "backup", str(copy))
    target = tmp_path / "fresh" / "new.db"
    target.parent.mkdir()
    doc = aos("--db", str(target), "restore", str(copy), "--yes", "--json").json
    assert doc["previous"] is None
    assert aos("--db", str(target), "client", "list", "--json").json[0]["name"] == "Acme Corp"


def test_restoring_a_version_1_copy_migrates_it_and_backs_it_up_first(aos, db_path):
    aos("client", "add", "Someone Else")
    doc = aos("restore", str(FIXTURES / "schema_v1.db"), "--yes", "--json").json
    assert doc["schema_version"] == 1 and doc["migrated_from"] == 1
    assert query(db_path, "PRAGMA user_version")[0][0] == LATEST
    assert query(db_path, "PRAGMA application_id")[0][0] == APPLICATION_ID
    assert Path(f"{db_path}.v1.bak").exists()
    status = aos("status", "--json").json
    assert status["running"] is True and status["entry"]["description"] == "Running since the v1 days"


def test_restore_is_seen_by_a_process_that_has_the_database_open(world, tmp_path):
    """The copy is written into the live file (SQLite backup API), not renamed over it: an open
    connection (a running `aos serve`) reads the restored data, not an orphaned inode. Every
    step runs in its own process, as in real use (in-process runs would share POSIX locks)."""
    copy = tmp_path / "copy.db"
    assert run_all([["backup", str(copy)]], world)[0][0] == 0
    assert run_all([["add", "-p", "1", "--hours", "1"]], world)[0][0] == 0
    gc.collect()  # close the connections the `world` fixture's in-process runs left behind
    with closing(sqlite3.connect(world)) as open_connection:
        assert open_connection.execute("SELECT count(*) FROM time_entries").fetchone()[0] == 1
        results = run_all([["restore", str(copy), "--yes"]], world)
        assert results[0][0] == 0, results
        assert open_connection.execute("SELECT count(*) FROM time_entries").fetchone()[0] == 0
