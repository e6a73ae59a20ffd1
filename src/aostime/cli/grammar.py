"""Writes src/aostime/fast_options.py, the fast path's grammar, from the Typer commands.

    python -m aostime.cli.grammar      # after changing an option of a command in FAST_COMMANDS

entry.py answers the ordinary forms of a few commands without importing Typer, so it needs
their options as plain data. That data is generated here from the click commands Typer builds
(public attributes only: opts, secondary_opts, is_flag, nargs, multiple, type.name), never
written by hand; tests/e2e/test_fast_path.py fails the moment the file differs from what this
writes, and when a command's body in aostime.commands does not take exactly its parameters."""

from __future__ import annotations

import os
import sys

# What a shell prompt, an editor's status bar or a cron line calls; the rest always runs Typer.
FAST_COMMANDS = ("status", "start", "stop", "cancel", "add", "list", "budget")

HEADER = '''\
"""The options of the commands entry.py answers without Typer (GENERATED: do not edit).

Written by `python -m aostime.cli.grammar` from the Typer commands. For each command: its body
in aostime.commands, its options taking a value {option: parameter}, its flags {flag:
(parameter, value)}, its positional parameter or None; COUNTS are the integer parameters, LISTS
the text options that may be given again (--tag A --tag B: a list)."""

# fmt: off
'''


class NotFastable(ValueError):
    """A command option the fast path's recogniser cannot take as plain text."""


def grammar(command) -> tuple[str, dict[str, str], dict[str, tuple[str, bool]], str | None, set[str], set[str]]:
    """(body, options, flags, positional, counts, lists) of one click command."""
    options: dict[str, str] = {}
    flags: dict[str, tuple[str, bool]] = {}
    positional, counts, lists = None, set(), set()
    for param in command.params:
        if param.param_type_name == "argument":
            if positional is not None or param.nargs != 1:
                raise NotFastable(f"{command.name}: the fast path takes at most one single positional argument")
            positional = param.name
        elif param.is_flag:
            flags.update(dict.fromkeys(param.opts, (param.name, True)))
            flags.update(dict.fromkeys(param.secondary_opts, (param.name, False)))
        elif param.multiple and param.nargs == 1 and param.type.name in ("str", "text"):
            options.update(dict.fromkeys(param.opts, param.name))
            lists.add(param.name)
        elif param.nargs != 1 or param.multiple:
            raise NotFastable(f"{command.name} {param.name}: the fast path takes one value per option")
        elif param.type.name in ("int", "integer"):  # click says "integer", Typer's copy "int"
            options.update(dict.fromkeys(param.opts, param.name))
            counts.add(param.name)
        elif param.type.name in ("str", "text"):
            options.update(dict.fromkeys(param.opts, param.name))
        else:
            raise NotFastable(f"{command.name} {param.name}: the fast path passes only text and integers on")
    return command.callback.__name__, options, flags, positional, counts, lists


def source() -> str:
    """The text of fast_options.py for the commands as Typer defines them now."""
    import typer

    from aostime.cli import app

    commands = typer.main.get_command(app).commands
    lines, counts, lists = [HEADER, "FAST = {"], set(), set()
    for name in FAST_COMMANDS:
        body, options, flags, positional, command_counts, command_lists = grammar(commands[name])
        counts |= command_counts
        lists |= command_lists
        lines.append(f"    {name!r}: (")
        lines.append(f"        {body!r},")
        lines.append(f"        {options!r},")
        lines.append(f"        {flags!r},")
        lines.append(f"        {positional!r},")
        lines.append("    ),")
    lines.append("}")
    lines.append(f"COUNTS = frozenset({sorted(counts)!r})")
    lines.append(f"LISTS = frozenset({sorted(lists)!r})")
    return "\n".join(lines) + "\n"


def target() -> str:
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fast_options.py")


def main() -> int:
    with open(target(), "w", encoding="utf-8") as f:
        f.write(source())
    sys.stdout.write(f"wrote {target()}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
