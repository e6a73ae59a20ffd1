"""SPEC §3/§4: every command that prints a result takes --json and then prints one JSON document
on stdout and nothing else there. The command tree is walked from the CLI's own definition, so
a command added without --json, or without an example here, fails this test."""

from __future__ import annotations

import json

import pytest
import typer
from interchange_helpers import FIXTURES

from aostime.cli import app
from billing_support import SENDER
from db_query import is_postgres

# `completion show` prints a shell script by definition, not a result; `serve` has --json but
# runs until stopped (its --json line is tested with the server), so it is not invoked here.
EXEMPT = {"completion show"}
# `login` and `sync` need a team server: their --json is tested with one (tests/e2e/test_team_client.py).
NOT_INVOKED = EXEMPT | {"serve", "login", "sync"}
# `restore` replaces an SQLite file; on PostgreSQL it is refused with a pointer to `aos db copy`
# (tests/reliability/test_postgres.py), so its example runs on SQLite only.
SQLITE_ONLY = {"restore"}

# A database every example starts from: ids 1.. in creation order.
SETUP = [
    ["client", "add", "Acme Corp", "--rate", "150"],
    ["project", "add", "Website Redesign", "--client", "Acme Corp"],
    ["task", "add", "Design mockups", "--project", "Website Redesign"],
    ["client", "add", "Globex"],
    ["project", "add", "Mobile App", "--client", "Globex"],
    ["user", "add", "bob"],
    ["add", "-p", "Website Redesign", "--hours", "1", "--date", "2026-03-02", "-d", "Homepage"],
    ["add", "-p", "Website Redesign", "--hours", "2", "--date", "2026-03-03"],
    ["add", "-p", "Mobile App", "--hours", "1", "--date", "2026-03-03"],
    ["invoice", "create", "-c", "Globex"],
    ["token", "create", "-n", "ci"],
]

# what an invoice needs before it is issued (billing_support.SENDER, and the client's address)
READY = [["config", "set", key, value] for key, value in SENDER.items()] + [
    ["client", "edit", client, "--address", "Hauptstraße 1\\n80331 München", "--country", "DE"] for client in "12"
]
# command path -> (setup commands, arguments); {tmp} and {fixtures} are filled in.
EXAMPLES: dict[str, tuple[list[list[str]], list[str]]] = {
    "start": ([], ["start", "-p", "Website Redesign", "-t", "Design mockups"]),
    "stop": ([["start", "-p", "1", "--at", "-1h"]], ["stop"]),
    "status": ([["start", "-p", "1"]], ["status"]),
    "cancel": ([["start", "-p", "1"]], ["cancel"]),
    "restart": ([], ["restart", "1"]),
    "add": ([], ["add", "-p", "1", "--hours", "1.5"]),
    "edit": ([], ["edit", "1", "-d", "Changed"]),
    "copy": ([], ["copy", "1", "--start", "2026-03-03 09:00"]),
    "delete": ([], ["delete", "2", "--yes"]),
    "list": ([], ["list"]),
    "unbilled": ([], ["unbilled"]),
    "report": ([], ["report"]),
    "budget": ([["project", "edit", "1", "--budget-hours", "10"]], ["budget"]),
    "export": ([], ["export"]),
    "backup": ([], ["backup", "{tmp}/copy.db"]),
    "restore": ([["backup", "{tmp}/copy.db"]], ["restore", "{tmp}/copy.db", "--yes"]),
    "db copy": ([["backup", "{tmp}/copy.db"]], ["db", "copy", "{tmp}/copy.db", "{tmp}/copy-2.db"]),
    "invoice create": ([], ["invoice", "create", "-c", "Acme Corp"]),
    "invoice list": ([], ["invoice", "list"]),
    "invoice show": ([], ["invoice", "show", "1"]),
    "invoice void": ([], ["invoice", "void", "1"]),
    "invoice status": (READY, ["invoice", "status", "1", "sent"]),
    "invoice issue": (READY, ["invoice", "issue", "1"]),
    "invoice pay": (
        [
            *READY,
            ["invoice", "add-line", "1", "-d", "Fee", "-q", "1", "--unit-price", "100"],
            ["invoice", "issue", "1"],
        ],
        ["invoice", "pay", "1", "--amount", "1"],
    ),
    "invoice cancel": ([*READY, ["invoice", "issue", "1"]], ["invoice", "cancel", "1"]),
    "invoice add-line": ([], ["invoice", "add-line", "1", "-d", "Fee", "-q", "1", "--unit-price", "100"]),
    "invoice remove-line": ([], ["invoice", "remove-line", "1", "1"]),
    "invoice validate": (
        [
            *READY,
            ["client", "edit", "2", "--tax-mode", "exempt"],
            ["invoice", "void", "1"],  # made anew: an invoice keeps the tax mode it was made with
            ["invoice", "create", "-c", "Globex"],
            ["invoice", "issue", "2"],
            ["invoice", "show", "2", "--format", "facturx", "-o", "{tmp}/invoice.pdf"],
        ],
        ["invoice", "validate", "{tmp}/invoice.pdf"],
    ),
    "invoice mark": ([], ["invoice", "mark", "1"]),
    "invoice unmark": ([["invoice", "mark", "1"]], ["invoice", "unmark", "1"]),
    "import watson": ([], ["import", "watson", "{fixtures}/watson"]),
    "import timewarrior": (
        [],
        ["import", "timewarrior", "{fixtures}/timewarrior/export.json", "--default-project", "Misc"],
    ),
    "import csv": ([], ["import", "csv", "{fixtures}/csv/toggl.csv"]),
    "import klog": ([], ["import", "klog", "{fixtures}/klog/times.klg"]),
    "import timetrap": ([], ["import", "timetrap", "{fixtures}/timetrap/display.csv"]),
    "import timeclock": ([], ["import", "timeclock", "{fixtures}/timeclock/work.timeclock"]),
    "import ical": ([], ["import", "ical", "{fixtures}/ical/work.ics"]),
    "import watson-log": ([], ["import", "watson-log", "{fixtures}/watson_log/utc/log.json"]),
    "import json": ([["export", "-o", "{tmp}/export.json"]], ["import", "json", "{tmp}/export.json"]),
    "completion generate": ([], ["completion", "generate", "{tmp}/completions"]),
    "completion install": ([], ["completion", "install", "--shell", "fish"]),
    "token create": ([], ["token", "create", "-n", "another"]),
    "token list": ([], ["token", "list"]),
    "token revoke": ([], ["token", "revoke", "1"]),
    "config get": ([], ["config", "get", "currency"]),
    "config set": ([], ["config", "set", "currency", "EUR"]),
    "config unset": ([["config", "set", "currency", "EUR"]], ["config", "unset", "currency"]),
    "config list": ([], ["config", "list"]),
    "user password": ([], ["user", "password", "bob", "--stdin"]),
    "user invite": ([], ["user", "invite", "bob"]),
    "user sign-out": ([], ["user", "sign-out", "bob"]),
    "history": ([["edit", "1", "-d", "Changed"]], ["history", "1"]),
    "lock": ([], ["lock", "--before", "2026-03-01"]),
    "week submit": ([], ["week", "submit", "--week", "2026-W10"]),
    "week approve": ([["week", "submit", "--week", "2026-W10"]], ["week", "approve", "alice", "--week", "2026-W10"]),
    "week return": (
        [["week", "submit", "--week", "2026-W10"]],
        ["week", "return", "alice", "--week", "2026-W10", "--note", "Tuesday is missing"],
    ),
    "week list": ([["week", "submit", "--week", "2026-W10"]], ["week", "list"]),
}
INPUTS = {"user password": "correct horse battery\n"}  # what a command reads on its standard input
for _kind, _ref, _change in (("client", "Globex", ["--rate", "90"]), ("project", "Mobile App", ["--rate", "90"]),
                             ("task", "1", ["--rate", "90"]), ("user", "bob", ["--rate", "90"])):  # fmt: skip
    _parent = {"project": ["--client", "Acme Corp"], "task": ["--project", "1"]}.get(_kind, [])
    EXAMPLES[f"{_kind} add"] = ([], [_kind, "add", "Newcomer", *_parent])
    EXAMPLES[f"{_kind} list"] = ([], [_kind, "list"])
    EXAMPLES[f"{_kind} edit"] = ([], [_kind, "edit", _ref, *_change])
    EXAMPLES[f"{_kind} reprice"] = ([], [_kind, "reprice", _ref, "--rate", "95", "--from", "2026-03-01"])
    EXAMPLES[f"{_kind} archive"] = ([], [_kind, "archive", _ref])
    EXAMPLES[f"{_kind} unarchive"] = ([[_kind, "archive", _ref]], [_kind, "unarchive", _ref])


def _leaves(command=None, path=()):
    command = command or typer.main.get_command(app)
    subcommands = getattr(command, "commands", None)
    if subcommands:
        for name, sub in subcommands.items():
            yield from _leaves(sub, (*path, name))
    else:
        yield " ".join(path), command


COMMANDS = dict(_leaves())


def test_the_walk_finds_the_command_tree():
    assert {"start", "list", "import watson", "export", "invoice create", "client add"} <= set(COMMANDS)


@pytest.mark.parametrize("name", sorted(set(COMMANDS) - EXEMPT))
def test_every_command_accepts_json(name):
    options = {opt for param in COMMANDS[name].params for opt in getattr(param, "opts", [])}
    assert "--json" in options, f"`aos {name}` prints a result but has no --json"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    from typer.testing import CliRunner

    from aostime.cli import GLOBAL, main

    path = tmp_path_factory.mktemp("json-everywhere") / "template.db"
    with pytest.MonkeyPatch.context() as env:
        for key, value in {"AOS_DB": str(path), "TZ": "UTC", "AOS_USER": "alice", "NO_COLOR": "1"}.items():
            env.setenv(key, value)
        for args in SETUP:
            GLOBAL.update(db=None, user=None)
            with CliRunner().isolation() as (_out, err, *_):
                code = main(args)
            assert code == 0, (args, err.getvalue())
    return path


@pytest.mark.parametrize("name", sorted(set(COMMANDS) - NOT_INVOKED))
def test_every_command_prints_one_json_document_and_nothing_else(aos, template, isolated, tmp_path, monkeypatch,
                                                                 name):  # fmt: skip
    if name in SQLITE_ONLY and is_postgres(isolated):
        pytest.skip(f"`aos {name}` works on an SQLite file only")
    aos("db", "copy", str(template), str(isolated))  # into this test's database: a new file or an empty schema
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    if name not in EXAMPLES:
        required = [p.name for p in COMMANDS[name].params if p.required]
        assert not required, f"add an example for `aos {name}` (it needs {required}) to EXAMPLES in {__file__}"
        setup, args = [], name.split()
    else:
        setup, args = EXAMPLES[name]

    def fill(items):
        return [i.replace("{tmp}", str(tmp_path)).replace("{fixtures}", str(FIXTURES)) for i in items]

    for step in setup:
        aos(*fill(step))
    result = aos(*fill(args), "--json", input=INPUTS.get(name))
    document = json.loads(result.out)  # one document: json.loads refuses anything after it
    assert isinstance(document, (dict, list))
    assert result.out.strip().startswith(("{", "["))
