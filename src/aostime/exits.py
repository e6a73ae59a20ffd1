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


_STDOUT_CLOSED: list[bool] = []


def prepare_streams() -> None:
    """Output never fails on a character: what the encoding (PYTHONIOENCODING=ascii, a C
    locale) cannot show is escaped. A closed stdout (`aos add ... >&-`) becomes /dev/null, so
    the command still runs and saves, and says once that its output went nowhere."""
    _STDOUT_CLOSED.clear()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):
            pass
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives until exit
        _STDOUT_CLOSED.append(True)


def _saved() -> bool:
    unit_of_work = sys.modules.get("aostime.storage.sql.unit_of_work")  # loaded by any commit
    return bool(unit_of_work and unit_of_work.COMMITTED)


def _unprinted(error: BaseException) -> int:
    """A failure to print: exit 0 with a warning when the change was saved (the truth), else 1."""
    try:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives until exit
    except OSError:
        pass
    if not _saved():
        return 1
    warn(f"the change was saved, but printing it failed ({type(error).__name__}: {error})")
    return 0


def warn(text: str) -> None:
    try:
        sys.stderr.write(f"Warning: {text}\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass  # stderr is gone too: the exit code still tells


def run(action: Callable[[], int], as_json: bool) -> int:
    """Call action() and flush stdout; an AosError becomes its exit code, anything else is a bug
    reported in one line (AOS_DEBUG=1 re-raises it for the traceback). Once a change is
    committed, nothing that goes wrong while printing it makes the exit code say it failed."""
    from aostime.errors import AosError

    unit_of_work = sys.modules.get("aostime.storage.sql.unit_of_work")
    if unit_of_work is not None:
        unit_of_work.COMMITTED.clear()  # one command per call (the tests call main() many times)
    try:
        code = action()
        sys.stdout.flush()
        if _STDOUT_CLOSED and _saved():
            warn("standard output is closed; the change was saved but not shown")
        return code
    except AosError as error:
        if error.exit_code == 0:  # errors.Queued: kept offline, to be sent later
            sys.stderr.write(f"Queued (offline): {error}\n")
            if as_json:
                from aostime.render.json import write

                write({"queued": True, "change": str(error)}, sys.stdout)
            return 0
        return report(error, error.exit_code, error.slug, as_json)
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        return 130
    except (BrokenPipeError, UnicodeEncodeError) as error:
        return _unprinted(error)
    except Exception as error:  # a bug: one line, unless AOS_DEBUG asks for the traceback
        if isinstance(error, OSError) and error.errno is not None and _saved():
            return _unprinted(error)  # EBADF, EIO, ENOSPC on the way out, after the commit
        if os.environ.get("AOS_DEBUG"):
            raise
        from aostime.errors import is_storage_failure

        code = 3 if is_storage_failure(error) else 1
        return report(
            Exception(f"unexpected {type(error).__name__}: {error} (AOS_DEBUG=1 shows the traceback)"),
            code, "internal", as_json,
        )  # fmt: skip
