"""The command line: parse, call one service, render. Errors become exit codes only in main()."""

from __future__ import annotations

import copy
import os
import sys
from typing import Annotated

import typer

from aostime import __version__
from aostime.cli.options import GLOBAL
from aostime.runtime import leading_global_options

app = typer.Typer(
    name="aos",
    help="aostime: track billable time, invoice it, report on it. Exact about money and time.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"aostime {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    db: Annotated[
        str | None, typer.Option("--db", help="Database file (default: AOS_DB, else the user data dir).")
    ] = None,
    user: Annotated[
        str | None, typer.Option("--user", help="Team member acting (default: AOS_USER, else your login).")
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    GLOBAL["db"] = db
    GLOBAL["user"] = user


def _register() -> None:
    from aostime.cli import (
        billing,
        budgets,
        catalog,
        completion_commands,
        config,
        control,
        entries,
        export,
        interchange,
        invoice_lifecycle,  # noqa: F401 (adds its commands to billing's invoice_app)
        maintenance,
        reports,
        server,
        team,
        timer,
    )  # fmt: skip

    for module in (timer, entries, billing, reports, budgets, interchange, export, completion_commands, server, team,
                   maintenance, control):  # fmt: skip
        module.register(app)
    for kind in ("client", "project", "task", "user"):
        app.add_typer(catalog.make(kind), name=kind)
    app.add_typer(config.app, name="config")


_register()


def _command_name(args: list[str]) -> str | None:
    """The command argv names after the global options, or None (--help, --version, no command)."""
    leading = leading_global_options(args)
    if leading is None:
        return None
    i = leading[1]
    return args[i] if i < len(args) and not args[i].startswith("-") else None


def app_for(args: list[str]) -> typer.Typer:
    """The app with only the command argv names: building the click command makes Typer read
    the signature and type hints of every command (~60 of them, ~20 ms at each call), and only
    one is run. An unknown command and shell completion get the whole app; the root help gets
    the groups without their commands."""
    name = _command_name(args)
    if os.environ.get("_AOS_COMPLETE"):
        return app
    if name is None:
        return _root_only()
    commands = [c for c in app.registered_commands
                if (c.name or typer.main.get_command_name(c.callback.__name__)) == name]  # fmt: skip
    groups = [g for g in app.registered_groups if g.name == name]
    if len(commands) + len(groups) != 1:
        return app
    trimmed = copy.copy(app)
    trimmed.registered_commands, trimmed.registered_groups = commands, groups
    return trimmed


def _root_only() -> typer.Typer:
    """The app for `aos --help`, `aos` alone and --version: the root help lists each group by
    its own help line, so the groups' ~40 subcommands need not be built (~12 ms)."""
    trimmed = copy.copy(app)
    trimmed.registered_groups = []
    for group in app.registered_groups:
        stand_in = copy.copy(group.typer_instance)
        stand_in.registered_commands, stand_in.registered_groups = [], []
        trimmed.registered_groups.append(copy.copy(group))
        trimmed.registered_groups[-1].typer_instance = stand_in
    return trimmed


def main(argv: list[str] | None = None) -> int:
    from typer import _click

    from aostime.exits import report, run

    args = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in args
    if any("\x00" in arg for arg in args):  # a real argv cannot hold one; a path with one crashes os.*
        return report(Exception("an argument holds a NUL character; no option accepts one"), 2, "usage", as_json)

    def dispatch() -> int:
        try:
            command = typer.main.get_command(app_for(args))
            result = command.main(args, prog_name="aos", standalone_mode=False)
        except _click.exceptions.NoArgsIsHelpError as error:  # `aos` or `aos invoice` alone: the help
            sys.stderr.write(error.format_message() + "\n")
            return 2
        except _click.exceptions.UsageError as error:
            return report(Exception(error.format_message()), 2, "usage", as_json)
        except typer.Abort:
            sys.stderr.write("Aborted.\n")
            return 1
        except _click.exceptions.ClickException as error:
            return report(Exception(error.format_message()), error.exit_code, "usage", as_json)
        return result if isinstance(result, int) else 0

    return run(dispatch, as_json)
