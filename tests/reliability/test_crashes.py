"""SIGKILL `aos` at spread instants of a large write. After every kill the file passes
PRAGMA integrity_check and holds all of the interrupted change or none of it.

Four large writes, all real product paths: `invoice create` over thousands of unbilled entries,
`import json` of thousands of entries, `restore` of a large backup, and the migration of a large
schema-1 database. Each is first run once unkilled to measure how long it takes and when it starts
writing; the kills then land over that span (start-up, reading, writing, committing,
checkpointing). The seed
is fixed per scenario, so a failure reproduces; AOS_CRASH_SEED picks another. A third of the
kills land anywhere in the command's life, two thirds while it writes (while the calibration
run's WAL grew)."""

from __future__ import annotations

import gc
import os
import random
import shutil
import signal
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from reliability_helpers import (
    bulk_entries,
    checkpoint,
    integrity,
    invoice_consistency,
    query,
    scale,
    spawn,
    stress_only,
)

from aostime.storage.sqlite import migrations
from aostime.storage.sqlite.opening import _statements

ENTRIES = scale(6000, 20000)
KILLS_PER_SCENARIO = 6  # in every run; the stress variant below adds 200 per scenario
SEED = int(os.environ.get("AOS_CRASH_SEED", "20260331"))

# Every scenario writes SQLite files of its own (--db, AOS_DB of the killed process) and reads
# their WAL and integrity_check, whichever backend the suite is on: with
# AOS_TEST_BACKEND=postgres it would repeat the very same work.
pytestmark = pytest.mark.sqlite_only


@dataclass
class Scenario:
    name: str
    command: list[str]
    state: Callable[[Path], str]  # "none" or "all"; fails on anything in between


def copy_db(template: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, target)


def settle(db: Path) -> None:
    """Close what in-process runs left open and fold the WAL in: the main file is then whole."""
    gc.collect()
    checkpoint(db)


def wal_size(db: Path) -> int:
    try:
        return os.path.getsize(f"{db}-wal")
    except OSError:
        return 0


# -- the four large writes ------------------------------------------------------------------


def invoice_scenario(tmp: Path, aos) -> tuple[Path, Scenario]:
    template = tmp / "invoice-template.db"
    aos("--db", str(template), "client", "add", "Acme Corp", "--rate", "150")
    aos("--db", str(template), "project", "add", "Website Redesign", "--client", "1")
    aos("--db", str(template), "user", "add", "alice")
    bulk_entries(template, ENTRIES)
    settle(template)

    def state(db: Path) -> str:
        invoices = invoice_consistency(db)
        sequences = query(db, "SELECT last_number FROM invoice_sequences")
        invoiced = query(db, "SELECT count(*) FROM time_entries WHERE invoiced = 1")[0][0]
        if not invoices:
            assert invoiced == 0 and sequences == [] and query(db, "SELECT count(*) FROM invoice_lines")[0][0] == 0
            return "none"
        assert len(invoices) == 1 and len(next(iter(invoices.values()))) == ENTRIES == invoiced
        assert sequences == [(1,)]
        return "all"

    return template, Scenario("invoice create", ["invoice", "create", "-c", "1", "--round", "none"], state)


def import_scenario(tmp: Path, aos) -> tuple[Path, Scenario]:
    source = tmp / "import-source.db"
    aos("--db", str(source), "client", "add", "Acme Corp", "--rate", "150")
    aos("--db", str(source), "project", "add", "Website Redesign", "--client", "1")
    aos("--db", str(source), "user", "add", "alice")
    bulk_entries(source, ENTRIES)
    export = tmp / "export.json"
    aos("--db", str(source), "export", "--format", "json", "-o", str(export))
    template = tmp / "import-template.db"
    aos("--db", str(template), "config", "list")
    settle(template)

    def state(db: Path) -> str:
        entries = query(db, "SELECT count(*), coalesce(sum(amount_cents), 0) FROM time_entries")[0]
        clients = query(db, "SELECT count(*) FROM clients")[0][0]
        if entries == (0, 0):
            assert clients == 0, "the hierarchy went in without its entries"
            return "none"
        assert entries == (ENTRIES, ENTRIES * 3750) and clients == 1
        return "all"

    return template, Scenario("import json", ["import", "json", str(export)], state)


def restore_scenario(tmp: Path, aos) -> tuple[Path, Scenario]:
    """The database holds ENTRIES unbilled entries; the backup holds them all invoiced."""
    template, _ = invoice_scenario(tmp, aos)
    invoiced = tmp / "invoiced.db"
    shutil.copyfile(template, invoiced)
    aos("--db", str(invoiced), "invoice", "create", "-c", "1", "--round", "none")
    backup = tmp / "backup.db"
    aos("--db", str(invoiced), "backup", str(backup))

    def state(db: Path) -> str:
        invoice_consistency(db)
        count, billed = query(db, "SELECT count(*), sum(invoiced) FROM time_entries")[0]
        assert count == ENTRIES and billed in (0, ENTRIES), (count, billed)
        return "all" if billed else "none"

    return template, Scenario("restore", ["restore", str(backup), "--yes"], state)


def migration_scenario(tmp: Path, aos) -> tuple[Path, Scenario]:
    """A schema-1 database with ENTRIES entries; migrating builds indexes over all of them."""
    template = tmp / "v1-template.db"
    with closing(sqlite3.connect(template, isolation_level=None)) as con:
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("BEGIN")
        for statement in _statements(migrations.MIGRATIONS[0]):
            con.execute(statement)
        con.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
        con.execute("PRAGMA user_version = 1")
        stamp = "2025-06-01 00:00:00"
        con.execute("INSERT INTO clients (name, created_at, updated_at) VALUES ('Acme Corp', ?, ?)", (stamp, stamp))
        con.execute("INSERT INTO projects (client_id, name, created_at, updated_at) VALUES (1, 'Web', ?, ?)",
                    (stamp, stamp))  # fmt: skip
        con.execute("INSERT INTO users (name, created_at, updated_at) VALUES ('alice', ?, ?)", (stamp, stamp))
        con.executemany(
            "INSERT INTO time_entries (project_id, user_id, start_time, end_time, duration, description, billable,"
            " hourly_rate_cents, amount_cents, created_at, updated_at) VALUES (1, 1, ?, ?, 900, ?, 1, 15000, 3750, ?, ?)",
            [(f"2025-01-01 00:00:{i % 60:02d}", f"2025-01-01 00:15:{i % 60:02d}", f"v1 entry {i}", stamp, stamp)
             for i in range(ENTRIES)],
        )  # fmt: skip
        con.execute("COMMIT")
    checkpoint(template)

    def state(db: Path) -> str:
        version = query(db, "PRAGMA user_version")[0][0]
        assert query(db, "SELECT count(*), sum(amount_cents) FROM time_entries")[0] == (ENTRIES, ENTRIES * 3750)
        names = {r[0] for r in query(db, "SELECT name FROM sqlite_master")}
        if version == 1:
            assert "api_tokens" not in names and "time_entries_by_source" not in names
            return "none"
        assert version == migrations.LATEST and {"api_tokens", "time_entries_by_source"} <= names
        return "all"

    return template, Scenario("migration", ["client", "list", "--json"], state)


SCENARIOS = {"invoice": invoice_scenario, "import": import_scenario, "restore": restore_scenario,
             "migration": migration_scenario}  # fmt: skip


def kill_repeatedly(tmp: Path, aos, which: str, kills: int) -> Counter:
    template, scenario = SCENARIOS[which](tmp, aos)
    db = tmp / "aostime.db"
    rng = random.Random(f"{SEED}-{which}")

    # one unkilled run: it must complete the change, and it tells when the write begins and
    # ends (the WAL grows) and how long the whole command takes
    copy_db(template, db)
    assert scenario.state(db) == "none"
    started = time.monotonic()
    proc = spawn(scenario.command, db, discard_output=True)
    writing_from = writing_until = None
    size = 0
    while proc.poll() is None:
        if wal_size(db) != size:
            size = wal_size(db)
            writing_until = time.monotonic() - started
            writing_from = writing_from or writing_until
        time.sleep(0.0005)
    span = time.monotonic() - started
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert scenario.state(db) == "all" and integrity(db) == ["ok"]
    writing_from = min(writing_from or span, span)
    writing_until = max(writing_until or span, writing_from + 0.002)

    outcomes: Counter = Counter()
    for attempt in range(kills):
        copy_db(template, db)
        for pattern in ("aostime.db.*", ".aostime.db.*"):  # before-restore copies, backups, temporary files
            for leftover in tmp.glob(pattern):
                leftover.unlink()
        wal_before = wal_size(db)
        proc = spawn(scenario.command, db, discard_output=True)
        started = time.monotonic()
        if attempt % 3 == 0:  # anywhere in the command's life
            time.sleep(rng.uniform(0, span))
        else:  # while it writes: from the WAL's first growth, within the calibrated write time
            while proc.poll() is None and wal_size(db) <= wal_before and time.monotonic() - started < 60:
                time.sleep(0.0002)
            time.sleep(rng.choice([0, rng.uniform(0, min(0.005, writing_until - writing_from))]))
        delay = time.monotonic() - started
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        wal_after = wal_size(db)  # before any connection recovers (and removes) the WAL
        killed = proc.returncode == -signal.SIGKILL
        assert killed or proc.returncode == 0, (proc.returncode, attempt)
        assert integrity(db) == ["ok"], f"{which}: kill {attempt} at {delay * 1000:.0f} ms corrupted the file"
        outcome = scenario.state(db)
        if not killed:
            outcomes["finished before the kill"] += 1
        elif outcome == "all":
            outcomes["killed after commit"] += 1
        elif wal_after > wal_before:
            outcomes["killed mid-write (rolled back)"] += 1
        else:
            outcomes["killed before writing"] += 1

    # the program still works on the file it was killed over, and finishes the change
    result = spawn(scenario.command, db, discard_output=True).communicate(timeout=300)
    assert scenario.state(db) == "all", result
    print(
        f"\n{which}: {kills} kills over {span * 1000:.0f} ms (writing {writing_from * 1000:.0f}-{writing_until * 1000:.0f} ms), "
        f"seed {SEED}: {dict(outcomes)}"
    )
    return outcomes


@pytest.mark.parametrize("which", list(SCENARIOS))
def test_sigkill_during_a_large_write_leaves_an_intact_file_with_all_or_none_of_the_change(which, tmp_path, aos):
    kill_repeatedly(tmp_path, aos, which, KILLS_PER_SCENARIO)


@pytest.mark.stress
@stress_only
@pytest.mark.parametrize("which", list(SCENARIOS))
def test_two_hundred_kills_per_large_write(which, tmp_path, aos):
    kill_repeatedly(tmp_path, aos, which, 200)
