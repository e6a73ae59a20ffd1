"""aos start / stop / status / cancel / restart."""

from __future__ import annotations

from typing import Annotated

import typer

from aostime.cli.completion import complete_entry
from aostime.cli.options import (
    ActingUserOpt,
    BillableOpt,
    DescriptionOpt,
    JsonFlag,
    NotesOpt,
    ProjectOpt,
    RateOpt,
    TaskOpt,
    session,
)  # fmt: skip

AtOpt = Annotated[str | None, typer.Option("--at", help="When (default: now); any time form, e.g. 9:15 or -10m.")]


def show_saved(verb: str, saved, run, as_json: bool) -> None:
    from aostime.render import console

    for warning in saved.warnings:
        console.warn(warning)
    if as_json:
        import sys

        from aostime.render.json import write
        from aostime.shapes import entry_document

        write(entry_document(saved.entry, run.zone, run.now), sys.stdout)
        return
    from aostime.render.tables import print_entry

    if getattr(saved, "stopped", None) is not None:
        print_entry("Stopped", saved.stopped, run.zone)
    print_entry(verb, saved.entry, run.zone)


def start(
    description_arg: Annotated[
        str | None, typer.Argument(metavar="[DESCRIPTION]", help="What you are working on.")
    ] = None,
    project: ProjectOpt = None,
    task: TaskOpt = None,
    description: DescriptionOpt = None,
    notes: NotesOpt = None,
    billable: BillableOpt = None,
    rate: RateOpt = None,
    at: AtOpt = None,
    switch: Annotated[bool, typer.Option("--switch", help="Stop the running timer first (at the new start).")] = False,
    user: ActingUserOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """Start a timer: aos start "Homepage concepts" -p "Website Redesign" -t "Design mockups"."""
    from aostime.services import tracking

    if description_arg is not None and description is not None:
        from aostime.errors import BadInput

        raise BadInput("give the description once: as the argument or with --description")
    run = session(user)
    saved = tracking.start_timer(
        run, project, task, description_arg or description or "", billable, rate, at, switch, notes or ""
    )
    show_saved("Started", saved, run, as_json)


def stop(
    at: AtOpt = None,
    start: Annotated[str | None, typer.Option("--start", help="Correct when it started.")] = None,
    description: DescriptionOpt = None,
    notes: NotesOpt = None,
    billable: BillableOpt = None,
    user: ActingUserOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """Stop the running timer; adjust its start, end, description, notes or billable flag in the same call."""
    from aostime.services import tracking

    run = session(user)
    saved = tracking.stop_timer(run, at, start, description, notes, billable)
    show_saved("Stopped", saved, run, as_json)


def status(
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing; exit 0 if a timer runs, 1 if not.")
    ] = False,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="Template, e.g. '{project} {elapsed_hm}'; prints nothing and exits 1 when idle."
        ),
    ] = None,
    user: ActingUserOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """Show the running timer: project, task, description, start, elapsed, amount so far."""
    from aostime.status import answer

    code = answer(session(user), quiet, fmt, as_json)
    if code:
        raise typer.Exit(code)


def cancel(user: ActingUserOpt = None, as_json: JsonFlag = False) -> None:
    """Discard the running timer without saving it."""
    from aostime.services import tracking

    run = session(user)
    entry = tracking.cancel_timer(run)
    if as_json:
        import sys

        from aostime.render.json import write
        from aostime.shapes import entry_document

        write({"cancelled": entry_document(entry, run.zone, run.now)}, sys.stdout)
        return
    from aostime.render.tables import print_entry

    print_entry("Cancelled", entry, run.zone)


def restart(
    entry_id: Annotated[
        str | None,
        typer.Argument(metavar="[ID]", help="Entry to repeat (default: your last one).", autocompletion=complete_entry),
    ] = None,
    at: AtOpt = None,
    switch: Annotated[bool, typer.Option("--switch", help="Stop the running timer first.")] = False,
    user: ActingUserOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """Start a new timer like an earlier entry (same project, task, description, billable flag and rate)."""
    from aostime.services import tracking

    run = session(user)
    saved = tracking.restart_timer(run, entry_id, at, switch)
    show_saved("Started", saved, run, as_json)


def register(app: typer.Typer) -> None:
    for command in (start, stop, status, cancel, restart):
        app.command()(command)
