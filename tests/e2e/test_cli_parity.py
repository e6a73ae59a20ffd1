"""Every command of the CLI that works on the books prints the same stdout and stderr and exits
with the same code on the database itself and through a real `aos serve` (the team client):
invocations generated from the command tree, each command with its required arguments alone and
then with each of its options in turn, on two identical databases."""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile

import pytest

pytest.importorskip("httpx")
pytest.importorskip("fastapi")


from test_parity import twins  # noqa: F401  (the fixture: the same team on two databases)

from use_case_samples import SAMPLES

# what works on a database or a file, not on the books through a server (each has its own tests)
LOCAL = {("backup",), ("restore",), ("serve",), ("db", "copy"), ("login",), ("logout",), ("whoami",), ("sync",),
         ("invoice", "validate"), ("completion", "generate"), ("completion", "install"), ("completion", "show")}  # fmt: skip
LOCAL_GROUPS = {"import"}  # a file parsed here, the records sent (tests/e2e/test_team_client.py)
# options that write a file or pick a binary document (their own tests compare the bytes)
SKIPPED_OPTIONS = {("export", "output"), ("invoice", "show", "output"), ("invoice", "show", "fmt")}

ENTRY_IDS = {("invoice", "mark"): "6", ("invoice", "unmark"): "6", ("delete",): "5"}
ARGUMENTS = {
    "name": {"client": "Globex", "project": "App", "task": "Build", "user": "zoe", "week": "ann"},
    "ref": {"client": "Acme Corp", "project": "Site", "task": "Design", "user": "ann"},
    # entries 1-3 are on the seeded invoice; `aos add` (first in the tree) makes 4, 5, ... on both sides
    "entry_id": "4", "invoice": "1", "key": "currency", "value": "EUR", "new_status": "sent",
    "description": "Fee", "quantity": "2", "unit_price": "50", "line": "1", "token_id": "2",
    "description_arg": "parity", "client": "Acme Corp",
}  # fmt: skip
# what a command needs in practice beyond its required arguments and options, so that its other
# options are tried on a command that can succeed
BASE = {("add",): ["--project", "Site", "--hours", "1"], ("start",): ["--project", "Site", "--switch"],
        ("project", "add"): ["--client", "Acme Corp"], ("task", "add"): ["--project", "Site"]}  # fmt: skip
OPTIONS = dict(
    SAMPLES,
    budget_hours="40",
    budget_amount="5000",
    budget_period="month",
    budget_alert="75",
    budget_member="ann",
    due="14",
    under="Site",
    since="2026-03-01",
    until="2026-03-04",
    url="https://time.example",
    tags="Ops",
    untag="meeting",
)
OPTION_OVERRIDES = {("client", "edit", "name"): "Acme Corp", ("project", "edit", "name"): "Site",
                    ("task", "edit", "name"): "Design", ("user", "edit", "name"): "ann",
                    ("invoice", "mark", "invoice"): "1", ("status", "fmt"): "{project} {elapsed}", ("export", "fmt"): "csv", ("export", "since"): "2026-03-01",
                    ("invoice", "create", "client"): "Acme Corp", ("week", "list", "status"): "submitted", ("token", "create", "user"): "boss",
                    # a workbook written by either side in turn: what they print is compared
                    ("report", "xlsx"): os.path.join(tempfile.gettempdir(), f"aostime-parity-{os.getpid()}.xlsx")}  # fmt: skip


def command_tree():
    import typer

    from aostime.cli import app

    def walk(command, path=()):
        subs = getattr(command, "commands", None) or {}
        if subs:
            for name, sub in sorted(subs.items()):
                yield from walk(sub, (*path, name))
        else:
            yield path, command

    return list(walk(typer.main.get_command(app)))


def argument(path, param) -> str:
    if param.name == "entry_ids":
        return ENTRY_IDS[path]
    value = ARGUMENTS[param.name]
    return value[path[0]] if isinstance(value, dict) else value


def invocations():
    """(argv) for each command on the books: its required arguments, then each option alone."""

    for path, command in command_tree():
        if path in LOCAL or path[0] in LOCAL_GROUPS:
            continue
        base = [*path]
        for param in command.params:
            if param.param_type_name == "argument" and param.required:
                base.append(argument(path, param))
        if path == ("delete",):
            base.append("--yes")
        for param in command.params:
            if param.param_type_name == "option" and param.required:
                base += option(path, param)
        base += BASE.get(path, [])
        yield base
        for param in command.params:
            if param.param_type_name != "option" or param.required or param.name == "yes":
                continue
            if (*path, param.name) not in SKIPPED_OPTIONS and not set(param.opts) & set(base):
                yield [*base, *option(path, param)]


def option(path, param) -> list[str]:
    if param.is_flag:
        return [param.opts[0]]
    key = (*path, param.name)
    value = OPTION_OVERRIDES[key] if key in OPTION_OVERRIDES else OPTIONS[param.name]
    return [param.opts[0], str(value).lower() if isinstance(value, bool) else str(value)]


FACE = re.compile(r'\(client\)|"via": "client"')
SECRET = re.compile(r"aos_[A-Za-z0-9_\-]{8,}|\S+/invite/[A-Za-z0-9_\-]{8,}")  # a token, an invitation's link


def without_history(answer):
    """A whole-file export's document without its entries' history (the rest must be the same)."""
    code, out, err = answer
    if '"entry_history"' not in out:
        return answer
    document = json.loads(out)
    document.pop("entry_history")
    return code, json.dumps(document), err


def run(argv, env, monkeypatch):
    from typer.testing import CliRunner

    from aostime.entry import main
    from aostime.render import console
    from aostime.runtime import GLOBAL

    for key in ("AOS_DB", "AOS_SERVER", "AOS_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    GLOBAL.update(db=None, user=None)
    console.out.cache_clear()
    console.err.cache_clear()
    with CliRunner().isolation() as (out, err, *_):
        code = main(list(argv))
        sys.stdout.flush()
        sys.stderr.flush()
        return code, SECRET.sub("aos_…", out.getvalue().decode()), SECRET.sub("aos_…", err.getvalue().decode())


def test_every_command_on_the_books_prints_the_same_locally_and_through_the_server(
    twins,  # noqa: F811  (the fixture imported above)
    tmp_path,
    monkeypatch,
):
    local_db, server, token = twins
    here = {"AOS_DB": local_db, "AOS_USER": "boss"}
    there = {"AOS_SERVER": server.url, "AOS_TOKEN": token, "XDG_DATA_HOME": str(tmp_path / "client-data"),
             "XDG_CONFIG_HOME": str(tmp_path / "client-config")}  # fmt: skip
    differ, count, codes = [], 0, []
    for argv in invocations():
        count += 1
        mine, theirs = run(argv, here, monkeypatch), run(argv, there, monkeypatch)
        if argv[:2] == ["token", "list"] and mine[0] == theirs[0] == 0:
            continue  # the server's list shows when the client's own token was last used
        codes.append(mine[0])
        if argv[0] == "history":  # the same changes, made through two faces: the history names each
            theirs = (theirs[0], FACE.sub(lambda m: m[0].replace("client", "cli"), theirs[1]), theirs[2])
        if argv[0] == "export":  # who made each change differs by construction: `--user ann` on the
            mine, theirs = without_history(mine), without_history(theirs)  # database is ann, a token's is boss
        if mine != theirs:
            differ.append((argv, mine, theirs))
    for item in differ:
        print("DIFF", item)
    assert count > 200 and codes.count(0) > count // 2  # most of them do what they are asked
    assert differ == []
