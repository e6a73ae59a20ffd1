"""Every command, fed random and adversarial arguments (hypothesis), in-process for speed.

The command list is walked from the Typer app at run time, so a new command is fuzzed the day
it is added. For each run: main() never raises, nothing prints a traceback or reaches the
"unexpected error" path, the exit code is 0, 1, 2 or 3, and a refused command (exit != 0)
leaves the database identical (iterdump and the version stamps, before and after).

Each example starts from a copy of one seeded database (clients, projects, tasks, two users,
finished, invoiced and running entries, an invoice, a token), in a scratch directory that is
also the working directory and HOME, so commands that write files (backup, export) stay there.
"""

from __future__ import annotations

import gc
import itertools
import os
import shutil
from pathlib import Path

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_helpers import STRESS, checkpoint, dump, integrity, scale

from aostime.cli import app

# Every example runs on a copy of a seeded SQLite file named by --db, whichever backend the suite
# is on: a run with AOS_TEST_BACKEND=postgres would repeat the very same work.
pytestmark = pytest.mark.sqlite_only

EXAMPLES_PER_COMMAND = scale(20, 300)

# commands that block (serve) or write outside the database on purpose (shell start-up files)
SKIP = {("serve",), ("completion", "install")}

# fmt: off
ADVERSARIAL = [
    # numbers and ids
    "", " ", "0", "-0", "00", "1", "2", "3", "4", "-1", "1.5", "1,5", "0.001", "-0.0", "1e308", "-1e308",
    "1e-308", "NaN", "nan", "inf", "-inf", "Infinity", "99999999999999999999", "9223372036854775807",
    "9223372036854775808", "18446744073709551616", "0x10", "1_000", "\u0661\u0662", "\u00b2", "\u00bd",
    "1" * 400,
    # times and durations
    "now", "today", "yesterday", "tomorrow", "-15m", "+15m", "15m", "-1h30m", "1h30m", "15 minutes ago",
    "9:00", "14:30", "24:00", "25:61", "23:59:60", "0:00", "-999999h", "99999999h", "8760h", "1:30",
    "2026-02-30", "2026-02-29", "2024-02-29", "2026-13-01", "2026-00-10", "0000-01-01", "0001-01-01",
    "9999-12-31", "9999-12-31 23:59", "10000-01-01", "1970-01-01", "1900-01-01", "2038-01-19 03:14:08",
    "2026-03-31T25:00", "2026-03-29 02:30", "2026-10-25 02:30", "2026-03-31T09:00:00+14:00",
    "2026-03-31T09:00:00-12:00", "2026-03-31T09:00:00Z", "@1700000000", "last monday", "week", "month",
    # names that exist, in other cases
    "Acme Corp", "acme corp", "ACME CORP", "Beta", "Website Redesign", "Design mockups", "alice", "bob",
    "INV-2026-0001", "inv-2026-0001", "INV-9999-9999",
    # choices
    "entry", "task", "project", "day", "client", "user", "project,task", "client,project,task,user,day",
    "6m", "15m", "30m", "none", "up", "nearest", "down", "draft", "sent", "paid", "void", "csv", "json",
    "html", "USD", "eur", "XXXX", "currency", "default_rate", "invoice_prefix", "week_start", "tax_rate",
    "day_start", "invoice_rounding", "long_timer_hours", "bash", "zsh", "fish", "last-month", "year",
    # hostile text
    "'; DROP TABLE time_entries; --", "1 OR 1=1", "1; DELETE FROM clients", "%", "_", "\\", '"', "'", "`",
    "\x00", "a\x00b", "\x1b[31mred\x1b[0m", "\n", "line\nbreak", "\r\n", "\t", "\x7f", "\ufeff",
    "a\u0301", "\u202eevil", "\U0001f4a5", "\u03a9" * 300, "x" * 20000, "{project}", "{0.__class__}",
    "%s%s%s%n", "[bold]x[/bold]", "--json", "--help", "-", ".", "~", "null", "true", "[]", "{}",
    # files (relative: the working directory is a scratch directory)
    "copy.db", "sub", "notes.txt", "foreign.db", "export.json", "export.csv", "watson.json",
]
# fmt: on


def safe_text(value: str) -> bool:
    """Never a path outside the scratch directory."""
    return not value.startswith("/") and ".." not in value


VALUES = st.one_of(
    st.sampled_from(ADVERSARIAL),
    st.text(max_size=40).filter(safe_text),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.dates().map(str),
    st.datetimes().map(lambda d: d.isoformat(sep=" ")),
)


def leaf_commands() -> list[tuple[tuple[str, ...], object]]:
    found = []

    def walk(command, path: tuple[str, ...]) -> None:
        if hasattr(command, "commands"):
            for name, sub in sorted(command.commands.items()):
                walk(sub, (*path, name))
        elif path not in SKIP:
            found.append((path, command))

    walk(typer.main.get_command(app), ())
    return found


COMMANDS = leaf_commands()


@st.composite
def argv(draw, command) -> list[str]:
    """Arguments for one command: its required parameters always, the others sometimes, flags
    on or off, option values from VALUES, in random order, now and then an unknown option."""
    options: list[list[str]] = []
    arguments: list[str] = []
    for param in command.params:
        if param.name == "help":
            continue
        if param.param_type_name == "argument":
            if param.nargs == -1:
                arguments += draw(st.lists(VALUES, min_size=1 if param.required else 0, max_size=3))
            elif param.required or draw(st.booleans()):
                arguments.append(draw(VALUES))
            continue
        names = list(param.opts) + list(getattr(param, "secondary_opts", []))
        if param.is_flag:
            if draw(st.integers(0, 2)) == 0:
                options.append([draw(st.sampled_from(names))])
        elif param.required or draw(st.booleans()):
            options.append([draw(st.sampled_from(names)), draw(VALUES)])
    if draw(st.integers(0, 9)) == 0:
        options.append([draw(st.sampled_from(["--bogus", "-Z", "--json=1", "--", "extra"]))])
    options = draw(st.permutations(options))
    return list(itertools.chain.from_iterable(options)) + arguments


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """The database every example starts from."""
    from typer.testing import CliRunner

    from aostime.cli import GLOBAL, main

    template = tmp_path_factory.mktemp("fuzz") / "seeded.db"
    steps = [
        ["client", "add", "Acme Corp", "--rate", "150"],
        ["client", "add", "Beta", "--currency", "EUR"],
        ["project", "add", "Website Redesign", "-c", "1"],
        ["project", "add", "Website Redesign", "-c", "2"],
        ["task", "add", "Design mockups", "-p", "1"],
        ["user", "add", "bob", "--rate", "90"],
        ["add", "-p", "1", "-t", "1", "--hours", "2", "--date", "2026-03-02", "-d", "invoiced"],
        ["invoice", "create", "-c", "1"],
        ["add", "-p", "1", "--start", "2026-03-03 09:00", "--end", "2026-03-03 10:30", "-d", "unbilled"],
        ["add", "-p", "2", "--hours", "1", "--date", "2026-03-04", "--non-billable"],
        ["start", "-p", "1", "-t", "1", "--at", "2026-03-05 08:00", "running"],
        ["token", "create", "--name", "ci"],
    ]
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("AOS_USER", "alice")  # the acting user of the examples: the running timer is hers
        env.setenv("TZ", "UTC")
        for step in steps:
            GLOBAL.update(db=None, user=None)
            with runner.isolation():
                code = main(["--db", str(template), *step])
            assert code == 0, step
    gc.collect()
    checkpoint(template)
    return template


@pytest.mark.parametrize("path,command", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_any_arguments_give_a_clean_exit_and_a_refusal_changes_nothing(path, command, seeded, aos, tmp_path,
                                                                        monkeypatch):  # fmt: skip
    scratch = tmp_path / "scratch"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    counter = itertools.count()

    @settings(max_examples=EXAMPLES_PER_COMMAND, deadline=None, derandomize=not STRESS, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(args=argv(command), as_json=st.booleans(), acting=st.sampled_from([None, "alice", "bob", "nobody", "2"]))
    def run(args, as_json, acting):
        shutil.rmtree(scratch, ignore_errors=True)
        (scratch / "sub").mkdir(parents=True)
        (scratch / "notes.txt").write_text("not a database\n")
        (scratch / "home").mkdir()
        shutil.copyfile(seeded, scratch / "copy.db")
        db = scratch / f"aostime-{next(counter)}.db"
        shutil.copyfile(seeded, db)
        os.chdir(scratch)
        before = dump(db)
        full = ["--db", str(db)] + (["--user", acting] if acting else []) + list(path) + args
        if as_json and "--json" not in full:
            full.append("--json")
        try:
            result = aos(*full, expect=None)
        except BaseException as exc:  # noqa: BLE001 - that is the finding
            pytest.fail(f"aos {full!r} raised {type(exc).__name__}: {exc}")
        context = f"aos {full!r}\nexit {result.code}\nstdout: {result.out[:2000]}\nstderr: {result.err[:2000]}"
        assert result.code in (0, 1, 2, 3), context
        assert "Traceback" not in result.err and "Traceback" not in result.out, context
        assert "Error: unexpected " not in result.err, context  # the "this is a bug" path
        gc.collect()  # close what the in-process run left open before reading the file
        if result.code != 0:
            assert dump(db) == before, "a refused command changed the database\n" + context
        else:
            assert integrity(db) == ["ok"], context

    monkeypatch.chdir(tmp_path)
    # Each example collects garbage to close what the in-process run left open; what exists now
    # (modules, hypothesis' tables, earlier tests' objects) is set aside so that collection
    # scans only what the example made (a full one took about 0.1 s, more than the command).
    gc.collect()
    gc.freeze()
    try:
        run()
    finally:
        gc.unfreeze()


def test_the_fuzzer_covers_every_command_but_the_blocking_ones():
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"start", "add", "edit", "invoice create", "backup", "restore", "config set"} <= names
    assert "serve" not in names and len(names) >= 40


def test_a_refused_command_really_is_compared_byte_for_byte(seeded, aos, tmp_path):
    """The harness itself: a refusal that did write would be caught (dump sees every row)."""
    db = tmp_path / "probe.db"
    shutil.copyfile(seeded, db)
    before = dump(db)
    aos("--db", str(db), "client", "add", "Zeta")
    gc.collect()
    assert dump(db) != before
    assert Path(db).exists()


TEMPLATE_PARTS = st.sampled_from(
    ["{project}", "{elapsed_hm}", "{amount}", "{start:%H}", "{id:>9}", "{task!r}", "{hours:.3}", "{0}", "{}",
     "{project:>99999999999}", "{project:{elapsed}}", "{description.__class__}", "{{", "}}", "{", "}", "%s", " "]
)  # fmt: skip
TEMPLATES = st.one_of(
    st.lists(TEMPLATE_PARTS, max_size=4).map("".join),
    st.text(alphabet="{}:!<>^=+-#0123456789.,_%sdfrax projectlapsedhm", max_size=24),
)


def test_the_fast_status_path_survives_any_template_and_never_writes(seeded, tmp_path, monkeypatch):
    """`aos status --format/--json/--quiet` is answered by entry.py without Typer; it too must
    exit 0-3 without a traceback, and as a read it never changes the file (exit 0 or not)."""
    import sys

    from typer.testing import CliRunner

    from aostime import entry

    db = tmp_path / "status.db"
    shutil.copyfile(seeded, db)
    before = dump(db)
    monkeypatch.delenv("AOS_NO_FAST_PATH", raising=False)

    @settings(max_examples=scale(300, 3000), deadline=None, derandomize=not STRESS, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(template=TEMPLATES, extra=st.lists(st.sampled_from(["--json", "--quiet", "-q", "--user", "bob", "-u",
                                                               "nobody", "--format", "-f"]), max_size=3))  # fmt: skip
    def run(template, extra):
        argv = ["aos", "--db", str(db), "status", "--format", template, *extra]
        monkeypatch.setattr(sys, "argv", argv)
        with CliRunner().isolation() as (_out, err, *_):
            try:
                code = entry.main()
            except BaseException as exc:  # noqa: BLE001 - that is the finding
                pytest.fail(f"{argv!r} raised {type(exc).__name__}: {exc}")
            sys.stdout.flush()
            sys.stderr.flush()
            stderr = err.getvalue().decode()
        assert code in (0, 1, 2, 3), (argv, code, stderr)
        assert "Traceback" not in stderr and "Error: unexpected " not in stderr, (argv, stderr)

    run()
    gc.collect()
    assert dump(db) == before
