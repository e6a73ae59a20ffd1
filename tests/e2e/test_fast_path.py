"""entry.py answers the ordinary forms of status, start, stop, cancel, add and list without
Typer. These tests hold its option table to the Typer commands option by option, run the real
program both ways on the same databases to prove it says exactly what the full CLI says (stdout,
stderr, exit code, and what is written), and check that it really skips the heavy imports."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

AOS = [sys.executable, "-m", "aostime"]
# The start-up budget of the prompt commands is the embedded default's: on PostgreSQL psycopg
# itself loads typing and dataclasses. The write comparison copies the SQLite file.
sqlite_prompt = pytest.mark.sqlite_only

HEAVY = ("typer", "rich", "dateutil", "sqlite_utils", "click", "platformdirs", "dataclasses", "inspect")


def run(args: list[str], full: bool, env: dict | None = None) -> tuple[str, str, int]:
    environ = dict(os.environ, **(env or {}))
    environ.pop("AOS_NO_FAST_PATH", None)
    if full:
        environ["AOS_NO_FAST_PATH"] = "1"
    proc = subprocess.run([*AOS, *args], capture_output=True, text=True, env=environ, stdin=subprocess.DEVNULL,
                          timeout=60, check=False)  # fmt: skip
    return proc.stdout, proc.stderr, proc.returncode


def one_clock(env: dict | None = None) -> dict:
    """Both processes of a comparison read the same "now" (AOS_NOW, which only the clock reads),
    so a running timer's elapsed time or a start at "now" cannot differ by a tick between them."""
    from datetime import UTC, datetime

    return {**(env or {}), "AOS_NOW": datetime.now(UTC).replace(microsecond=0).isoformat()}


def assert_same(args: list[str], env: dict | None = None) -> tuple[str, str, int]:
    """Fast and full answers are identical, at the same instant."""
    env = one_clock(env)
    fast, full = run(args, full=False, env=env), run(args, full=True, env=env)
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


def assert_light(args: list[str]) -> None:
    """The command ran (it opened the store) without loading any heavy library."""
    loaded = imported_modules(args)
    heavy = sorted(name for name in loaded if name.split(".")[0] in HEAVY)
    assert heavy == [], f"aos {' '.join(args)} imported {heavy}; keep these inside the functions that use them"
    assert "aostime.storage.sqlite" in loaded


@pytest.fixture
def running(acme, isolated):
    acme("user", "add", "bob")
    acme("start", "Homepage concepts", "-p", "Website Redesign", "-t", "Design mockups", "--at", "-95m")
    return isolated


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
    ["status", "--format", "--json"],  # click takes the next argument as the value, whatever it is
    ["--db=", "status", "--json"],
]


UNUSUAL_FORMS = [
    ["status", "--help"],
    ["status", "--json", "--bogus"],
    ["status", "--json", "extra"],
    ["status", "--format"],
    ["status", "-u"],
    ["--db", "status", "--json"],
    ["--bogus", "status", "--json"],
    ["status", "--user", "a", "--user", "b", "--json"],
    ["status", "-qf", "{id}"],
    ["status", "-v"],
]


def test_the_fast_path_takes_exactly_the_cheap_status_forms():
    from aostime.entry import fast_call

    assert [args for args in RUNNING_FORMS if fast_call(args) is None] == []
    assert [args for args in UNUSUAL_FORMS if fast_call(args) is not None] == []


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


@sqlite_prompt
@pytest.mark.parametrize(
    "args", [["status", "--json"], ["status", "--quiet"], ["status", "--format", "{project}"]], ids=" ".join
)
def test_fast_status_imports_no_heavy_library(running, args):
    assert_light(args)


def test_plain_status_draws_with_rich_but_skips_typer(running):
    loaded = imported_modules(["status"])
    assert "rich.console" in loaded
    assert sorted(name for name in loaded if name.split(".")[0] in ("typer", "click", "dateutil", "sqlite_utils")) == []


@sqlite_prompt
@pytest.mark.parametrize(
    "args", [["status", "--json"], ["status", "--quiet"], ["status", "-f", "{project}"]], ids=" ".join
)
def test_fast_status_keeps_slow_stdlib_modules_out(running, args):
    """typing, pathlib, tempfile, argparse, dataclasses and inspect each cost milliseconds at every
    prompt: pathlib and tempfile came with platformdirs (the default location is read without it
    on Linux), dataclasses brings inspect, ast and dis (the models are named tuples)."""
    assert (
        sorted({"typing", "pathlib", "tempfile", "argparse", "dataclasses", "inspect"} & imported_modules(args)) == []
    )


@sqlite_prompt
def test_fast_status_in_the_default_location_keeps_platformdirs_out(running, tmp_path):
    import shutil

    home = tmp_path / "home"
    (home / ".local" / "share" / "aostime").mkdir(parents=True)
    for suffix in ("", "-wal"):  # the timer may still be in the write-ahead log
        if os.path.exists(f"{running}{suffix}"):
            shutil.copyfile(f"{running}{suffix}", home / ".local" / "share" / "aostime" / f"aostime.db{suffix}")
    env = {"AOS_DB": "", "HOME": str(home), "XDG_DATA_HOME": ""}
    loaded = imported_modules(["status", "--json"], env=env)
    assert "aostime.storage.sqlite" in loaded and "platformdirs" not in loaded
    assert run(["status", "--quiet"], full=False, env=env)[2] == 0, "the timer copied there was found"


def test_the_full_cli_is_taken_when_asked(running):
    loaded = imported_modules(["status", "--json"], env={"AOS_NO_FAST_PATH": "1"})
    assert "typer" in loaded


# -- the option table is generated from Typer's commands ---------------------------------------


def test_the_fast_option_table_is_what_the_generator_writes_from_the_typer_commands():
    """Change an option of a fast command and this fails until `python -m aostime.cli.grammar`
    has rewritten aostime/fast_options.py."""
    from pathlib import Path

    from aostime import fast_options
    from aostime.cli import grammar

    assert Path(fast_options.__file__).read_text(encoding="utf-8") == grammar.source()


@pytest.mark.parametrize("name", ["status", "start", "stop", "cancel", "add", "list"])
def test_each_fast_command_body_takes_exactly_the_typer_commands_parameters(name):
    import inspect

    import typer

    from aostime import commands
    from aostime.cli import app
    from aostime.fast_options import FAST

    command = typer.main.get_command(app).commands[name]
    body = FAST[name][0]
    signature = inspect.signature(getattr(commands, body)).parameters
    taken = {n: p.default for n, p in signature.items() if p.kind != p.VAR_KEYWORD}
    if any(p.kind == p.VAR_KEYWORD for p in signature.values()):  # the rest go to the use case by name
        from aostime.services import timers

        case = {"start": timers.start_timer, "stop": timers.stop_timer}[name].use_case
        taken.update(case.parameters())
    assert {p.name: p.default for p in command.params} == taken, (
        "the body takes exactly the command's parameters, with Typer's defaults"
    )


def test_the_generator_refuses_an_option_the_recogniser_cannot_take():
    import typer

    from aostime.cli import grammar

    app = typer.Typer()

    @app.command()
    def many(count: list[int] = typer.Option([], "--count")) -> None:  # noqa: B008 - Typer's idiom
        """A number given many times (a repeated text option, --tag, is a list the fast path takes)."""

    @app.command()
    def other() -> None:
        """A second command, so that Typer keeps the group."""

    with pytest.raises(grammar.NotFastable, match="one value per option"):
        grammar.grammar(typer.main.get_command(app).commands["many"])


def test_the_global_options_before_the_command_are_the_typer_callbacks():
    import typer

    from aostime.cli import app
    from aostime.runtime import GLOBAL_OPTIONS

    root = typer.main.get_command(app)
    valued = {opt: p.name for p in root.params if not p.is_flag for opt in p.opts}
    assert valued == GLOBAL_OPTIONS


# -- list, add, start, stop, cancel say what the full CLI says ------------------------------------


@pytest.fixture
def history(acme, isolated):
    acme("user", "add", "bob")
    acme("client", "add", "Globex", "--rate", "99.99", "--currency", "USD")
    acme("project", "add", "Intranet", "--client", "Globex")
    for day, hours, project, extra in [
        ("2026-03-02", "1.5", "Website Redesign", ["-t", "Design mockups", "-d", 'Hero, "quoted"\nline two']),
        ("2026-03-03", "2:15", "Website Redesign", ["--non-billable", "-d", "Internal review"]),
        ("2026-03-03", "45m", "Intranet", ["--rate", "120", "-n", "notes ☕"]),
        ("2026-03-31", "8", "Intranet", ["--user", "bob"]),
        ("2026-04-01", "0.25", "Website Redesign", ["-d", "April"]),
    ]:
        acme("add", "-p", project, "--date", day, "--hours", hours, *extra)
    acme("invoice", "create", "-c", "Acme Corp", "--to", "2026-03-02")
    acme("start", "Still going", "-p", "Intranet", "--at", "-30m")
    return isolated


LIST_FORMS = [
    ["list", "--json"],
    ["list", "--json", "--tag", "ops", "--tag", "nothing"],
    ["list"],
    ["list", "--csv"],
    ["list", "--json", "--from", "2026-03-01", "--to", "2026-03-31"],
    ["list", "--json", "--from=2026-03-03", "--to=2026-03-03"],
    ["list", "-p", "Intranet", "--json"],
    ["list", "--project", "Website Redesign", "--task", "Design mockups", "--csv"],
    ["list", "-c", "Globex", "--billable", "--json"],
    ["list", "--non-billable"],
    ["list", "--invoiced", "--json"],
    ["list", "--uninvoiced", "-u", "bob", "--json"],
    ["list", "--user", "alice", "--limit", "2"],
    ["list", "-n", "1", "--json"],
    ["list", "--limit=0", "--json"],
    ["list", "--limit", "007", "--csv"],
    ["--user", "bob", "list", "--json"],
    ["list", "--json", "--from", "2026-13-01"],
    ["list", "-p", "Nope", "--json"],
    ["list", "-p", "Nope"],
    ["list", "--from", "--json"],
]
LIST_FORMS_FOR_TYPER = [
    ["list", "--limit", "-1"],
    ["list", "--limit", "two", "--json"],
    ["list", "--limit", " 2"],
    ["list", "--json", "--json"],
    ["list", "--billable", "--non-billable"],
    ["list", "-n"],
    ["list", "extra"],
    ["list", "--help"],
    ["list", "-pIntranet"],
]


def test_the_fast_path_takes_the_ordinary_list_forms_only():
    from aostime.entry import fast_call

    assert [args for args in LIST_FORMS if fast_call(args) is None] == []
    assert [args for args in LIST_FORMS_FOR_TYPER if fast_call(args) is not None] == []


@pytest.mark.parametrize("args", LIST_FORMS + LIST_FORMS_FOR_TYPER, ids=" ".join)
def test_list_says_what_the_full_cli_says(history, args):
    assert_same(args)


@pytest.mark.parametrize("zone", ["Europe/Amsterdam", "America/St_Johns"])
def test_list_shows_local_time_like_the_full_cli(history, zone):
    assert_same(["list", "--json"], env={"TZ": zone})
    assert_same(["list", "--csv", "--from", "2026-03-03"], env={"TZ": zone})


WRITE_FORMS = [
    ["add", "-p", "Website Redesign", "--date", "2026-05-04", "--hours", "4.5", "-d", "Homepage concepts"],
    ["add", "--project", "Intranet", "--start", "2026-05-04 09:00", "--end", "2026-05-04 10:10", "--json"],
    ["add", "-p", "Website Redesign", "-t", "Design mockups", "--hours", "1:30", "--date=2026-05-05",
     "--non-billable", "-n", "a note", "--user", "bob"],
    ["add", "-p", "Intranet", "--hours", "30h", "--date", "2026-05-06", "--force", "--rate", "80.5"],
    ["add", "-p", "Intranet", "--hours", "30h", "--date", "2026-05-06"],
    ["add", "-p", "Intranet", "--hours", "soon"],
    ["add", "-p", "Nope", "--hours", "1"],
    ["add", "-p", "Intranet", "--hours", "1", "--date", "2026-05-04", "--tag", "Ops", "--tag", "call", "--tag", "OPS"],
    ["add", "-p", "Intranet", "--hours", "1", "--tag", "bad\ttag"],
    ["add", "-p", "Website Redesign", "--start", "2026-03-31 08:00", "--end", "2026-03-31 09:00", "--user", "bob"],
    ["stop", "--at", "-5m", "-d", "Done for now"],
    ["stop", "--json", "--start", "-2h", "--non-billable"],
    ["cancel"],
    ["cancel", "--json"],
    ["start", "Second", "-p", "Website Redesign"],
    ["start", "Second", "-p", "Website Redesign", "--switch", "--at", "-10m", "--json"],
    ["start", "-p", "Intranet", "-d", "as an option", "--user", "bob", "--rate", "10", "--billable"],
    ["start", "twice", "-p", "Intranet", "-d", "twice"],
    ["start", "tagged", "-p", "Intranet", "--tag=travel", "--json"],
    ["--user", "bob", "start", "-p", "Intranet", "--notes", "n", "--task", "Nope"],
    ["--user", "bob", "stop"],
]  # fmt: skip
WRITE_FORMS_FOR_TYPER = [
    ["start", "one", "two", "-p", "Intranet"],
    ["start", "--", "-p"],
    ["add", "-p", "Intranet", "--hours", "1", "--bogus"],
]


def test_the_fast_path_takes_the_ordinary_write_forms_only():
    from aostime.entry import fast_call

    assert [args for args in WRITE_FORMS if fast_call(args) is None] == []
    assert [args for args in WRITE_FORMS_FOR_TYPER if fast_call(args) is not None] == []


def database_text(db) -> str:
    """What a database holds, as the full CLI lists it (ids, times, money, flags, invoices)."""
    _out, _err, code = run(["--db", str(db), "list", "--json"], full=True)
    assert code == 0
    return _out


@sqlite_prompt
@pytest.mark.parametrize("args", WRITE_FORMS + WRITE_FORMS_FOR_TYPER, ids=" ".join)
def test_writes_say_and_save_what_the_full_cli_does(history, tmp_path, args):
    """Each path runs on its own copy of the same database; answers and saved data must match."""
    import sqlite3

    before = database_text(history)
    assert before.count('"id": ') == 6
    answers, saved = [], []
    env = one_clock()  # a start or a stop at "now" is the same instant in both runs
    for full in (False, True):
        copy = tmp_path / f"{'full' if full else 'fast'}.db"
        copy.unlink(missing_ok=True)
        with sqlite3.connect(history) as source, sqlite3.connect(copy) as target:
            source.backup(target)  # a file copy could miss what is still in the -wal file
        assert database_text(copy) == before
        answers.append(run(args, full=full, env={**env, "AOS_DB": str(copy)}))
        saved.append(database_text(copy))
    assert answers[0] == answers[1], f"aos {' '.join(args)}: fast path {answers[0]!r} != full CLI {answers[1]!r}"
    assert saved[0] == saved[1]


# -- and they stay light ---------------------------------------------------------------------------


@sqlite_prompt
@pytest.mark.parametrize(
    "args",
    [
        ["list", "--json", "--from", "2026-03-01", "--to", "2026-03-31"],
        ["list", "--csv"],
        ["add", "-p", "Intranet", "--date", "2026-05-04", "--hours", "1.5", "-d", "light"],
        ["stop", "--at", "-1m"],
    ],
    ids=" ".join,
)
def test_prompt_commands_import_no_heavy_library(history, args):
    assert_light(args)


@sqlite_prompt
def test_list_json_defines_no_model_and_loads_no_typing(history):
    """The listing streams lean rows: the dataclass models (milliseconds to define) and typing
    stay unloaded; an annotation-only import of them would bring the cost back."""
    loaded = imported_modules(["list", "--json", "--from", "2026-03-01"])
    assert sorted({"aostime.domain.models", "typing", "csv", "json"} & loaded) == []


BUDGET_FORMS = [["budget", "--json"], ["budget"], ["budget", "-p", "Website Redesign", "--json"],
                ["budget", "--send-alerts", "--json"], ["budget", "-p", "Nope"]]  # fmt: skip


def test_fast_budget_says_what_the_full_cli_says(acme, aos):
    aos("project", "edit", "Website Redesign", "--budget-hours", "1", "--budget-alert", "50")
    aos("add", "-p", "Website Redesign", "--hours", "0.75", "--date", "2026-03-02")  # an alert, unsent
    for args in BUDGET_FORMS:
        from aostime.entry import fast_call

        assert fast_call(args) is not None, args
        assert_same(args)
