"""aos start / stop / status / cancel / restart."""

from __future__ import annotations

from typing import Annotated

import typer

from aostime import commands
from aostime.cli.completion import complete_entry
from aostime.cli.options import (
    ActingUserOpt,
    BillableOpt,
    DescriptionOpt,
    ForceOpt,
    JsonFlag,
    NotesOpt,
    ProjectOpt,
    RateOpt,
    TagOpt,
    TaskOpt,
    session,
)  # fmt: skip

AtOpt = Annotated[
    str | None, typer.Option("--at", help="When (default: now), e.g. 9:15, 'yesterday 18:30', -10m; see docs/times.md.")
]


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
    force: ForceOpt = False,
    user: ActingUserOpt = None,
    tags: TagOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """Start a timer: aos start "Homepage concepts" -p "Website Redesign" -t "Design mockups"."""
    commands.start(**locals())  # every parameter by its name: they are the body's


def stop(
    at: AtOpt = None,
    start: Annotated[str | None, typer.Option("--start", help="Correct when it started.")] = None,
    description: DescriptionOpt = None,
    notes: NotesOpt = None,
    billable: BillableOpt = None,
    force: ForceOpt = False,
    user: ActingUserOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """Stop the running timer; adjust its start, end, description, notes or billable flag in the same call."""
    commands.stop(**locals())  # every parameter by its name: they are the body's


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
    code = commands.status(**locals())  # every parameter by its name: they are the body's
    if code:
        raise typer.Exit(code)


def cancel(user: ActingUserOpt = None, as_json: JsonFlag = False) -> None:
    """Discard the running timer without saving it."""
    commands.cancel(**locals())  # every parameter by its name: they are the body's


def restart(
    entry_id: Annotated[
        str | None,
        typer.Argument(metavar="[ID]", help="Entry to repeat (default: your last one).", autocompletion=complete_entry),
    ] = None,
    at: AtOpt = None,
    switch: Annotated[bool, typer.Option("--switch", help="Stop the running timer first.")] = False,
    force: ForceOpt = False,
    user: ActingUserOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """Start a new timer like an earlier entry (same project, task, description, billable flag and rate)."""
    from aostime.services import timers

    run = session(user)
    saved = timers.restart_timer(run, entry_id, at, switch, force)
    commands.show_saved("Started", saved, run, as_json)


def register(app: typer.Typer) -> None:
    for command in (start, stop, status, cancel, restart):
        app.command()(command)
