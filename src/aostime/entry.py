"""The console script (`aos`, also `python -m aostime`).

Shell prompts call `aos status` constantly, so every `status` form (plain, --quiet, --json,
--format) is answered here without importing Typer; the --quiet/--json/--format forms need no
Rich either (nor dateutil or sqlite-utils, which no status form needs). The fast path decides
nothing itself: it runs aostime.status.answer (what cli.timer.status runs) in the same
runtime.session, through the same exits.run. Any other argv (--help, an unknown or repeated
option, a value that looks like an option) goes to the full CLI, so behaviour is identical.
AOS_NO_FAST_PATH=1 always takes the full CLI (the tests compare the two).
"""

from __future__ import annotations

import os
import sys

_GLOBAL_OPTIONS = ("--db", "--user")
_STATUS_OPTIONS = ("--format", "-f", "--user", "-u")
_STATUS_FLAGS = {"--quiet": "quiet", "-q": "quiet", "--json": "as_json"}


def _option(args: list[str], i: int, names: tuple[str, ...]) -> tuple[str, str, int] | None:
    """(name, value, next index) for `--name VALUE` or `--name=VALUE`, else None."""
    arg = args[i]
    if arg in names:
        if i + 1 >= len(args):
            return None
        return arg, args[i + 1], i + 2
    if arg.startswith("--") and "=" in arg:
        name, value = arg.split("=", 1)
        if name in names:
            return name, value, i + 1
    return None


def fast_status_options(args: list[str]) -> dict[str, object] | None:
    """The options of `[--db P] [--user U] status [--quiet] [--json] [--format T] [--user U]`,
    or None when argv is anything else and belongs to the full CLI."""
    found: dict[str, object] = {"db": None, "global_user": None, "user": None, "fmt": None,
                                "quiet": False, "as_json": False}  # fmt: skip
    seen: set[str] = set()
    i = 0
    while i < len(args) and args[i] != "status":
        parsed = _option(args, i, _GLOBAL_OPTIONS)
        if parsed is None:
            return None
        name, value, i = parsed
        if name in seen or value.startswith("-"):
            return None
        seen.add(name)
        found["db" if name == "--db" else "global_user"] = value
    if i >= len(args):
        return None
    i += 1
    seen = set()
    while i < len(args):
        flag = _STATUS_FLAGS.get(args[i])
        if flag is not None:
            found[flag] = True
            i += 1
            continue
        parsed = _option(args, i, _STATUS_OPTIONS)
        if parsed is None:
            return None
        name, value, i = parsed
        key = "fmt" if name in ("--format", "-f") else "user"
        if key in seen or value.startswith("-"):
            return None
        seen.add(key)
        found[key] = value
    return found


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


def _status(options: dict[str, object]) -> int:
    """`aos status ...` as cli.timer.status answers it."""
    _defer_inspect()
    from aostime.runtime import GLOBAL, session
    from aostime.status import answer

    GLOBAL["db"], GLOBAL["user"] = options["db"], options["global_user"]
    return answer(session(options["user"]), options["quiet"], options["fmt"], options["as_json"])


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not os.environ.get("AOS_NO_FAST_PATH"):
        options = fast_status_options(args)
        if options is not None:
            from aostime.exits import run

            return run(lambda: _status(options), "--json" in args)
    from aostime.cli import main as cli_main

    return cli_main(args)
