"""What `aos status` answers, in one place for the full CLI (cli.timer.status) and the fast
path (entry.py), which calls it without importing Typer. Rich is imported only for the table."""

from __future__ import annotations

import sys


def answer(run, quiet: bool = False, fmt: str | None = None, as_json: bool = False) -> int:
    """Print the running timer of the session's user as asked; return the exit code: --quiet
    prints nothing (0 running, 1 idle), --format prints one line (1 and nothing when idle),
    --json one document (0 either way), else a table or "No timer is running." (0)."""
    user = run.known_user()  # a read: an acting user that does not exist yet has no timer
    entry = run.store.running_entry(user.id) if user is not None else None
    if quiet:
        return 0 if entry else 1
    if fmt is not None:
        if entry is None:
            return 1
        from aostime.render.status_line import format_status

        sys.stdout.write(format_status(fmt, entry, run.zone, run.now) + "\n")
        return 0
    if as_json:
        from aostime.render.json import write
        from aostime.shapes import entry_document

        document = entry_document(entry, run.zone, run.now) if entry else None
        write({"running": entry is not None, "entry": document}, sys.stdout)
        return 0
    from aostime.render import console

    if entry is None:
        console.out().print("No timer is running.")
        return 0
    from aostime.render.tables import print_status
    from aostime.timer import is_long

    long_hours = float(run.setting("long_timer_hours"))
    print_status(entry, run.zone, run.now, long_hours)
    if is_long(entry, run.now, long_hours):
        console.warn(
            f"this timer has run for more than {run.setting('long_timer_hours')} h; forgotten? ('aos stop --at TIME')"
        )
    return 0
