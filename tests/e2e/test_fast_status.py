"""The fast status path in entry.py answers `aos status` (plain, --quiet, --json, --format)
without Typer; these runs of the real program prove it says exactly what the full CLI says (stdout,
stderr, exit code) for the same database, and that it really skips the heavy imports."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

AOS = [sys.executable, "-m", "aostime"]
HEAVY = ("typer", "rich", "dateutil", "sqlite_utils", "click", "platformdirs")


def run(args: list[str], full: bool, env: dict | None = None) -> tuple[str, str, int]:
    environ = dict(os.environ, **(env or {}))
    environ.pop("AOS_NO_FAST_PATH", None)
    if full:
        environ["AOS_NO_FAST_PATH"] = "1"
    proc = subprocess.run([*AOS, *args], capture_output=True, text=True, env=environ, stdin=subprocess.DEVNULL,
                          timeout=60, check=False)  # fmt: skip
    return proc.stdout, proc.stderr, proc.returncode


def assert_same(args: list[str], env: dict | None = None) -> tuple[str, str, int]:
    """Fast and full answers are identical. A running timer's elapsed seconds tick between two
    processes, so a pair that straddles a second boundary is run again (a real difference
    would differ every time)."""
    for _ in range(5):
        fast, full = run(args, full=False, env=env), run(args, full=True, env=env)
        if fast == full:
            return fast
    assert fast == full, f"aos {' '.join(args)}: fast path {fast!r} != full CLI {full!r}"
    return fast


def imported_modules(args: list[str], env: dict | None = None) -> set[str]:
    environ = {k: v for k, v in os.environ.items() if k != "AOS_NO_FAST_PATH"}
    environ.update(env or {})
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "aostime", *args], capture_output=True,
                          text=True, env=environ, stdin=subprocess.DEVNULL, timeout=60, check=False)  # fmt: skip
    names = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    return names


@pytest.fixture
def running(acme, db_path):
    acme("user", "add", "bob")
    acme("start", "Homepage concepts", "-p", "Website Redesign", "-t", "Design mockups", "--at", "-95m")
    return db_path


RUNNING_FORMS = [
    ["status", "--json"],
    ["status", "--quiet"],
    ["status", "-q"],
    ["status", "--format", "{project} / {task} {elapsed_hm} {amount} {rate} {billable} {start_iso}"],
    ["status", "-f", "{id} {client} {user} {description!r:>30}"],
    ["status", "--format={project}"],
    ["status"],
    ["status", "--user", "bob"],
    ["--user", "bob", "status"],
    ["status", "--json", "--quiet"],
    ["status", "--format", "{project}", "--json"],
    ["status", "--json", "--user", "alice"],
    ["status", "--json", "-u", "bob"],
    ["status", "--json", "--user", "nobody"],
    ["--user", "alice", "status", "--json"],
    ["--user", "bob", "status", "-q"],
    ["--user", "bob", "status", "--json", "--user", "alice"],
    ["status", "--format", "{nope}"],
    ["status", "--format", "{nope}", "--json"],
    ["status", "--format", "{project"],
    ["status", "-f", ""],
]


UNUSUAL_FORMS = [
    ["status", "--help"],
    ["status", "--json", "--bogus"],
    ["status", "--json", "extra"],
    ["status", "--format"],
    ["status", "--format", "--json"],
    ["status", "-u"],
    ["--db", "status", "--json"],
    ["--bogus", "status", "--json"],
    ["status", "--user", "a", "--user", "b", "--json"],
    ["status", "-qf", "{id}"],
    ["status", "-v"],
]


def test_the_fast_path_takes_exactly_the_cheap_status_forms():
    from aostime.entry import fast_status_options

    assert [args for args in RUNNING_FORMS if fast_status_options(args) is None] == []
    assert [args for args in UNUSUAL_FORMS if fast_status_options(args) is not None] == []


@pytest.mark.parametrize("args", RUNNING_FORMS, ids=" ".join)
def test_fast_status_says_what_the_full_cli_says_while_a_timer_runs(running, args):
    assert_same(args)


def test_fast_status_json_is_the_running_entry(running):
    out, err, code = assert_same(["status", "--json"])
    assert code == 0 and err == ""
    assert '"running": true' in out and '"project_name": "Website Redesign"' in out


@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Kolkata"])
def test_fast_status_shows_local_time_like_the_full_cli(running, zone):
    assert_same(["status", "--json"], env={"TZ": zone})
    assert_same(["status", "--format", "{start} {start_iso}"], env={"TZ": zone})


@pytest.mark.parametrize(
    "args, code",
    [(["status", "--json"], 0), (["status", "-q"], 1), (["status", "--format", "{project}"], 1), (["status"], 0)],
)
def test_fast_status_when_idle_matches_the_full_cli(acme, args, code):
    _out, err, got = assert_same(args)
    assert got == code and err == ""


def test_fast_status_on_a_fresh_database_matches_the_full_cli(tmp_path):
    assert_same(["--db", str(tmp_path / "one.db"), "status", "--json"])
    assert_same(["--db", str(tmp_path / "two.db"), "status", "-q"])
    assert_same([f"--db={tmp_path / 'three.db'}", "status", "--format", "{id}"])


def test_fast_status_refuses_a_file_that_is_not_a_database_like_the_full_cli(tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database\n" * 20)
    out, err, code = assert_same(["--db", str(bogus), "status", "--json"])
    assert code == 3 and out == "" and err.startswith("Error: ")
    assert bogus.read_text() == "not a database\n" * 20


@pytest.mark.parametrize("args", UNUSUAL_FORMS, ids=" ".join)
def test_anything_unusual_goes_to_the_full_cli(running, args):
    assert_same(args)


@pytest.mark.parametrize(
    "args", [["status", "--json"], ["status", "--quiet"], ["status", "--format", "{project}"]], ids=" ".join
)
def test_fast_status_imports_no_heavy_library(running, args):
    loaded = imported_modules(args)
    heavy = sorted(name for name in loaded if name.split(".")[0] in HEAVY)
    assert heavy == [], f"aos {' '.join(args)} imported {heavy}; keep these inside the functions that use them"
    assert "aostime.store" in loaded


def test_plain_status_draws_with_rich_but_skips_typer(running):
    loaded = imported_modules(["status"])
    assert "rich.console" in loaded
    assert sorted(name for name in loaded if name.split(".")[0] in ("typer", "click", "dateutil", "sqlite_utils")) == []


def test_fast_status_keeps_slow_stdlib_modules_out(running):
    """typing, pathlib and inspect each cost milliseconds at every prompt. inspect comes back
    if a dataclass on the status path has no docstring (dataclasses then builds one)."""
    loaded = imported_modules(["status", "--json"])
    assert sorted({"typing", "pathlib", "inspect", "argparse"} & loaded) == []


def test_the_full_cli_is_taken_when_asked(running):
    loaded = imported_modules(["status", "--json"], env={"AOS_NO_FAST_PATH": "1"})
    assert "typer" in loaded
