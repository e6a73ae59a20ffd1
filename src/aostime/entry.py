"""The console script (`aos`, also `python -m aostime`).

Typer with its vendored click costs ~45 ms of start-up: more than a shell prompt, an editor's
status bar or a cron line should pay for `aos status`, `aos add` or `aos list --json`. So the
ordinary forms of the commands in FAST are recognised here and handed straight to their body in
aostime.commands, the same body the Typer command calls once it has parsed. The recogniser takes
only forms whose meaning is plain: the command's own options, each at most once, as `--opt
VALUE`, `-o VALUE` or `--opt=VALUE` (a value is the next argument whatever it looks like, as in
click), flags, and the one positional argument `start` has. Any other argv (--help, an unknown,
repeated or bundled option, a count that is not a number, a missing value, shell completion) goes
to Typer, so help and usage errors are Typer's own and behaviour is identical either way.
tests/e2e/test_fast_path.py checks FAST against the Typer commands option by option and runs both
paths on the same argv. AOS_NO_FAST_PATH=1 always takes the full CLI.
"""

from __future__ import annotations

import os
import sys

from aostime.runtime import leading_global_options, option_at


def _named(parameter: str, *names: str) -> dict[str, str]:
    return dict.fromkeys(names, parameter)


_ACTING_USER = _named("user", "--user", "-u")
_TARGET = {**_named("project", "--project", "-p"), **_named("task", "--task", "-t")}
_TEXT = {**_named("description", "--description", "-d"), **_named("notes", "--notes", "-n")}
_JSON = {"--json": ("as_json", True)}
_BILLABLE = {"--billable": ("billable", True), "--non-billable": ("billable", False)}

# command: (its body in aostime.commands, options taking a value {option: parameter},
#           flags {flag: (parameter, value)}, the positional argument's parameter or None)
FAST: dict[str, tuple[str, dict[str, str], dict[str, tuple[str, bool]], str | None]] = {
    "status": (
        "status",
        {**_named("fmt", "--format", "-f"), **_ACTING_USER},
        {"--quiet": ("quiet", True), "-q": ("quiet", True), **_JSON},
        None,
    ),
    "start": (
        "start",
        {**_TARGET, **_TEXT, **_named("rate", "--rate"), **_named("at", "--at"), **_ACTING_USER},
        {**_BILLABLE, "--switch": ("switch", True), "--force": ("force", True), **_JSON},
        "description_arg",
    ),
    "stop": (
        "stop",
        {**_named("at", "--at"), **_named("start", "--start"), **_TEXT, **_ACTING_USER},
        {**_BILLABLE, "--force": ("force", True), **_JSON},
        None,
    ),
    "cancel": ("cancel", _ACTING_USER, _JSON, None),
    "add": (
        "add",
        {
            **_TARGET,
            **_TEXT,
            **_named("hours", "--hours"),
            **_named("date", "--date"),
            **_named("start", "--start"),
            **_named("end", "--end"),
            **_named("rate", "--rate"),
            **_ACTING_USER,
        },
        {**_BILLABLE, "--force": ("force", True), **_JSON},
        None,
    ),
    "list": (
        "list_entries",
        {
            **_TARGET,
            **_named("client", "--client", "-c"),
            **_named("user", "--user", "-u"),
            **_named("since", "--from"),
            **_named("until", "--to"),
            **_named("limit", "--limit", "-n"),
        },
        {
            **_BILLABLE,
            "--invoiced": ("invoiced", True),
            "--uninvoiced": ("invoiced", False),
            "--csv": ("as_csv", True),
            **_JSON,
        },
        None,
    ),
}
COUNTS = {"limit"}  # integer parameters: plain digits here; anything else is Typer's to judge


def _global_options(args: list[str]) -> tuple[dict[str, str], int] | None:
    """The global options (each at most once) and the index of a FAST command after them;
    None for anything else."""
    leading = leading_global_options(args)
    if leading is None:
        return None
    pairs, i = leading
    found = dict(pairs)
    if len(found) < len(pairs) or i >= len(args) or args[i] not in FAST:
        return None
    return found, i


def fast_call(args: list[str]) -> tuple[str, dict[str, str], dict[str, object]] | None:
    """(body, global options, parameters) when argv is an ordinary form of a FAST command,
    else None: the full CLI answers it."""
    if any("\x00" in arg for arg in args):
        return None
    start = _global_options(args)
    if start is None:
        return None
    global_options, i = start
    body, options, flags, positional = FAST[args[i]]
    parameters: dict[str, object] = {}
    i += 1
    while i < len(args):
        arg = args[i]
        value: object
        if arg in flags:
            name, value = flags[arg]
            i += 1
        elif (parsed := option_at(args, i, options)) is not None:
            name, value, i = parsed
            if name in COUNTS:
                if not (value.isascii() and value.isdigit()):
                    return None
                value = int(value)
        elif positional is not None and not arg.startswith("-"):
            name, value, i = positional, arg, i + 1
        else:
            return None
        if name in parameters:
            return None
        parameters[name] = value
    return body, global_options, parameters


class _DeferredInspect(type(sys)):
    """Stands in for the `inspect` module until something reads from it, then hands over to
    the real one. `dataclasses` imports inspect (~3 ms: ast, dis, tokenize) but uses it only to
    write a docstring for a dataclass that lacks one, and ours all have docstrings."""

    def __getattr__(self, name: str):
        real = self.__dict__.get("_real")
        if real is None:
            if sys.modules.get("inspect") is self:
                del sys.modules["inspect"]
            import importlib

            real = self._real = importlib.import_module("inspect")
        return getattr(real, name)


def _defer_inspect() -> None:
    if "inspect" not in sys.modules:
        stand_in = _DeferredInspect("inspect")
        stand_in.__spec__ = None  # the import system then takes it as loaded, without reading it
        sys.modules["inspect"] = stand_in


def _answer(call: tuple[str, dict[str, str], dict[str, object]]) -> int:
    """Run the command's body as the Typer command would, with the same global options."""
    _defer_inspect()
    from aostime import commands
    from aostime.runtime import GLOBAL

    body, global_options, parameters = call
    GLOBAL["db"], GLOBAL["user"] = global_options.get("db"), global_options.get("user")
    return getattr(commands, body)(**parameters)


def main(argv: list[str] | None = None) -> int:
    from aostime.exits import prepare_streams

    prepare_streams()
    args = list(sys.argv[1:] if argv is None else argv)
    if not (os.environ.get("AOS_NO_FAST_PATH") or os.environ.get("_AOS_COMPLETE")):
        call = fast_call(args)
        if call is not None:
            from aostime.exits import run

            return run(lambda: _answer(call), "--json" in args)
    from aostime.cli import main as cli_main

    return cli_main(args)
