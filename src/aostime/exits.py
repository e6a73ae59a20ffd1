"""Exceptions become exit codes here and nowhere else (SPEC §5). The full CLI (cli.main) and
the fast path (entry.py) both run their work through `run`, so an error looks the same
whichever path answered."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable


def report(error: Exception, code: int, slug: str, as_json: bool) -> int:
    """`Error: ...` on stderr (plus the JSON error object under --json); returns the exit code."""
    message = str(error).replace("\n", " ").strip() or type(error).__name__
    sys.stderr.write(f"Error: {message}\n")
    if as_json:
        from aostime.render.json import dumps

        sys.stderr.write(dumps({"error": {"code": slug, "message": message}}) + "\n")
    return code


def run(action: Callable[[], int], as_json: bool) -> int:
    """Call action() and flush stdout; an AosError becomes its exit code, anything else is a bug
    reported in one line (AOS_DEBUG=1 re-raises it for the traceback)."""
    from aostime.errors import AosError

    try:
        code = action()
        sys.stdout.flush()
        return code
    except AosError as error:
        return report(error, error.exit_code, error.slug, as_json)
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        return 130
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives until exit
        except OSError:
            pass
        return 1
    except Exception as error:  # a bug: one line, unless AOS_DEBUG asks for the traceback
        if os.environ.get("AOS_DEBUG"):
            raise
        import sqlite3

        code = 3 if isinstance(error, (sqlite3.Error, OSError)) else 1
        return report(
            Exception(f"unexpected {type(error).__name__}: {error} (AOS_DEBUG=1 shows the traceback)"),
            code, "internal", as_json,
        )  # fmt: skip
