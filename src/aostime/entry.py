"""The console script (`aos`, also `python -m aostime`).

Typer with its vendored click costs ~45 ms of start-up: more than a shell prompt, an editor's
status bar or a cron line should pay for `aos status`, `aos add` or `aos list --json`. So the
ordinary forms of the commands in FAST are recognised here and handed straight to their body in
aostime.commands, the same body the Typer command calls once it has parsed. The recogniser takes
only forms whose meaning is plain: the command's own options, each at most once (a repeatable
one, --tag, as often as given), as `--opt
VALUE`, `-o VALUE` or `--opt=VALUE` (a value is the next argument whatever it looks like, as in
click), flags, and the one positional argument `start` has. Any other argv (--help, an unknown,
repeated or bundled option, a count that is not a number, a missing value, shell completion) goes
to Typer, so help and usage errors are Typer's own and behaviour is identical either way.
The options come from aostime/fast_options.py, generated from the Typer commands (see
aostime/cli/grammar.py); tests/e2e/test_fast_path.py fails when it drifts from them and runs both
paths on the same argv. AOS_NO_FAST_PATH=1 always takes the full CLI.
"""

from __future__ import annotations

import os
import sys

from aostime.fast_options import COUNTS, FAST, LISTS
from aostime.runtime import leading_global_options, option_at


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
        if name in LISTS:  # a repeatable option (--tag A --tag B): its values in order
            parameters.setdefault(name, []).append(value)  # type: ignore[union-attr]
            continue
        if name in parameters:
            return None
        parameters[name] = value
    return body, global_options, parameters


def _answer(call: tuple[str, dict[str, str], dict[str, object]]) -> int:
    """Run the command's body as the Typer command would, with the same global options."""
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
