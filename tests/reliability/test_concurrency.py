"""Real `aos` processes started together on one file (all started before any is waited on):
the database serialises them, and nothing is lost, doubled or half-written."""

from __future__ import annotations

import itertools
import sqlite3
import time
from contextlib import closing

import pytest
from reliability_helpers import (
    bulk_entries,
    dump,
    instant,
    integrity,
    invoice_consistency,
    no_traceback,
    query,
    run_all,
    scale,
    stress_only,
)

STARTS = scale(12, 40)
ADDS = scale(30, 80)


def check_starts(db, n: int) -> None:
    results = run_all([["start", "-p", "1", "-d", f"racer {i}", "--json"] for i in range(n)], db)
    no_traceback(results)
    winners = [r for r in results if r[0] == 0]
    losers = [r for r in results if r[0] != 0]
    assert len(winners) == 1, [r[0] for r in results]
    for code, out, err in losers:
        assert code == 1 and out == ""
        message, document = err.splitlines()
        assert message.startswith("Error: a timer is already running (entry "), err
        assert '"code": "conflict"' in document
    running = query(db, "SELECT description FROM time_entries WHERE end_time IS NULL")
    assert len(running) == 1 and f'"description": "{running[0][0]}"' in winners[0][1]
    assert query(db, "SELECT count(*) FROM time_entries")[0][0] == 1


def test_twelve_concurrent_starts_for_one_user_leave_exactly_one_running_timer(world):
    check_starts(world, STARTS)


@pytest.mark.stress
@stress_only
def test_forty_concurrent_starts_leave_exactly_one_running_timer(world):
    check_starts(world, 40)


def test_thirty_concurrent_adds_keep_every_entry_exactly_once(world):
    results = run_all(
        [["add", "-p", "1", "--hours", "0.1", "--date", "2026-03-02", "-d", f"add {i}"] for i in range(ADDS)], world
    )
    no_traceback(results)
    assert [r[0] for r in results] == [0] * ADDS, [r[2] for r in results if r[0]]
    rows = query(world, "SELECT description, start_time, end_time, duration FROM time_entries ORDER BY start_time")
    assert sorted(r[0] for r in rows) == sorted(f"add {i}" for i in range(ADDS))
    assert all(r[3] == 360 for r in rows)
    # each add placed itself after the last entry of the day, under the write lock: they tile
    for before, after in itertools.pairwise(rows):
        assert after[1] == before[2], (before, after)
    assert integrity(world) == ["ok"]


@pytest.mark.sqlite_only
def test_concurrent_first_commands_on_a_new_file_create_and_migrate_it_once(tmp_path):
    fresh = tmp_path / "new" / "aostime.db"
    results = run_all([["client", "add", f"Client {i}"] for i in range(10)], fresh)
    no_traceback(results)
    assert [r[0] for r in results] == [0] * 10, [r[2] for r in results]
    assert sorted(r[0] for r in query(fresh, "SELECT name FROM clients")) == sorted(f"Client {i}" for i in range(10))
    assert query(fresh, "PRAGMA journal_mode")[0][0] == "wal"


def test_invoice_create_racing_add_and_edit_bills_each_entry_once_and_whole(world):
    """Two `invoice create` for one client, racing 8 `add` and 8 `edit` of its unbilled entries:
    every entry that existed before is on exactly one invoice; an entry is on an invoice exactly
    when its invoice_id says so; subtotals equal the sum of the entries' amounts; an edit either
    landed before the invoice (and is billed at its new amount) or was refused as locked."""
    bulk_entries(world, 40)
    before_ids = {r[0] for r in query(world, "SELECT id FROM time_entries")}
    edited = sorted(before_ids)[::5][:8]
    commands = [["invoice", "create", "-c", "1", "--round", "none", "--json"] for _ in range(2)]
    commands += [["add", "-p", "1", "--hours", "0.5", "--date", "2026-03-02", "-d", f"late {i}"] for i in range(8)]
    commands += [["edit", str(entry_id), "--hours", "0:30"] for entry_id in edited]
    order = [1, 2, 10, 3, 11, 0, 4, 12, 5, 13, 6, 14, 7, 15, 8, 16, 9, 17]  # interleave the kinds
    results = run_all([commands[i] for i in order], world)
    by_command = dict(zip(order, results))
    no_traceback(results)

    invoices = invoice_consistency(world)
    created = [by_command[i] for i in (0, 1) if by_command[i][0] == 0]
    assert created, [by_command[i] for i in (0, 1)]
    for i in (0, 1):
        code, _, err = by_command[i]
        assert code == 0 or (code == 1 and "nothing to invoice" in err), err
    billed = set().union(*invoices.values())
    assert before_ids <= billed, "the first invoice took every entry unbilled at its moment"
    for i in range(2, 10):
        assert by_command[i][0] == 0, by_command[i]
    for entry_id, i in zip(edited, range(10, 18)):
        code, _, err = by_command[i]
        duration, amount = query(world, "SELECT duration, amount_cents FROM time_entries WHERE id = ?", (entry_id,))[0]
        if code == 0:
            assert (duration, amount) == (1800, 7500), "an edit that succeeded is billed at its new amount"
        else:
            assert code == 1 and "void the invoice first" in err, err
            assert (duration, amount) == (900, 3750), "a refused edit changed nothing"
    rows = query(world, "SELECT id, invoiced, invoice_id FROM time_entries")
    unbilled = [row for row in rows if row[0] not in billed]
    assert all(invoiced == 0 and invoice_id is None for _, invoiced, invoice_id in unbilled)
    assert len(unbilled) + len(billed) == 48
    assert integrity(world) == ["ok"]


@pytest.mark.sqlite_only
def test_a_writer_held_past_the_busy_timeout_exits_3_and_writes_nothing(world, aos):
    aos("add", "-p", "1", "--hours", "1", "--date", "2026-03-02")
    aos("start", "-p", "1", "running")
    copy = world.parent / "copy.db"
    aos("backup", str(copy))
    before = dump(world)
    quick = {"AOS_BUSY_TIMEOUT_MS": "300"}
    with closing(sqlite3.connect(world, isolation_level=None)) as holder:
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("UPDATE settings SET value = value")
        started = time.monotonic()
        writes = [
            ["add", "-p", "1", "--hours", "1"],
            ["add", "-p", "1", "--hours", "1", "--json"],
            ["stop"],
            ["client", "add", "Blocked Inc"],
            ["invoice", "create", "-c", "1"],
            ["restore", str(copy), "--yes"],
        ]
        results = run_all(writes, world, env=quick)
        elapsed = time.monotonic() - started
        reads = run_all([["status", "--json"], ["list", "--json"], ["backup", str(world.parent / "during.db")]],
                        world, env=quick)  # fmt: skip
        holder.execute("ROLLBACK")
    no_traceback(results + reads)
    for args, (code, out, err) in zip(writes, results):
        assert code == 3, (args, code, err)
        assert err.startswith("Error: database ") and "busy" in err and "0.3 s busy timeout" in err, err
        assert out == ""
        if "--json" in args:
            assert '"code": "storage"' in err
        else:
            assert err.count("\n") == 1
    assert elapsed < 30
    assert [r[0] for r in reads] == [0, 0, 0], reads
    assert dump(world) == before
    assert not list(world.parent.glob("*.before-restore-*")), "a failed restore leaves no copy behind"


def test_a_storm_of_timer_commands_for_one_user_never_leaves_two_running_timers(world, aos):
    """start --switch, stop, cancel and restart, all at once for one user: whatever order the
    database serialised them in, at most one timer runs, every finished entry is a positive
    span, and each process exits with a clear code."""
    aos("add", "-p", "1", "--hours", "1", "--date", "2026-03-02")
    commands = [["start", "-p", "1", "--switch", "--at", f"-{m}m", "-d", f"switch {m}"] for m in range(1, 7)]
    commands += [["stop"], ["stop"], ["cancel"], ["restart", "--switch"], ["restart"], ["start", "-p", "1"]]
    results = run_all(commands, world)
    no_traceback(results)
    assert all(code in (0, 1, 2) for code, _, _ in results), results
    assert query(world, "SELECT count(*) FROM time_entries WHERE end_time IS NULL")[0][0] <= 1
    rows = query(world, "SELECT duration, start_time, end_time FROM time_entries WHERE end_time IS NOT NULL")
    spans = [(duration, (instant(end) - instant(start)).total_seconds()) for duration, start, end in rows]
    assert all(duration == span > 0 for duration, span in spans), spans
    assert integrity(world) == ["ok"]
