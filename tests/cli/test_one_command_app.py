"""cli.main builds the click command of the one command argv names (app_for), not all of them;
this holds its answers to those of the whole app, for help, errors and normal runs."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from aostime.cli import GLOBAL, app, app_for

ARGS = [
    ["list", "--help"],
    ["list", "--bogus"],
    ["list", "--json", "--limit", "2"],
    ["--user", "alice", "list", "--json"],
    ["--db=IGNORED", "status", "--help"],
    ["add", "--help"],
    ["add", "-p", "Website Redesign", "--hours", "x"],
    ["report", "--help"],
    ["invoice", "--help"],
    ["invoice", "create", "--help"],
    ["invoice", "nope"],
    ["client", "list", "--json"],
    ["config", "list"],
    ["start", "--at"],
    ["--help"],
    ["-h"],
    [],
    ["--version"],
    ["--db", "x", "--help"],
    ["-x", "list"],
]


def answer(typer_app, args, database):
    GLOBAL.update(db=None, user=None)
    args = [a.replace("IGNORED", str(database)) for a in args]
    result = CliRunner().invoke(typer_app, args, prog_name="aos")
    return result.exit_code, result.output


@pytest.mark.parametrize("args", ARGS, ids=" ".join)
def test_the_one_command_app_answers_like_the_whole_app(acme, isolated, args):
    acme("add", "-p", "Website Redesign", "--hours", "2", "--date", "2026-03-02")
    whole = answer(app, args, isolated)
    one = answer(app_for(args), args, isolated)
    assert one == whole


@pytest.mark.parametrize("args", [["lst"], ["bogus", "--help"]], ids=repr)
def test_an_unknown_command_gets_the_whole_app(args):
    assert app_for(args) is app


@pytest.mark.parametrize("args", [[], ["--help"], ["--version"], ["--db", "x"], ["-x", "list"]], ids=repr)
def test_the_root_help_gets_every_command_and_each_group_without_its_commands(args):
    root = app_for(args)
    assert root.registered_commands == app.registered_commands
    assert [g.name for g in root.registered_groups] == [g.name for g in app.registered_groups]
    assert all(g.typer_instance.registered_commands == [] for g in root.registered_groups)
    assert all(g.typer_instance.registered_commands for g in app.registered_groups), "the real groups are untouched"


def test_a_command_gets_an_app_with_only_that_command():
    one = app_for(["--db", "x.db", "invoice", "create"])
    assert [g.name for g in one.registered_groups] == ["invoice"] and one.registered_commands == []
    assert len(app.registered_groups) > 1
