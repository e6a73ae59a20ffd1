"""aos add / edit / delete / list."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from aostime import commands
from aostime.cli.completion import complete_entry
from aostime.cli.options import (
    ActingUserOpt,
    BillableOpt,
    ClientOpt,
    CsvFlag,
    DescriptionOpt,
    ForceOpt,
    FromOpt,
    InvoicedOpt,
    JsonFlag,
    NotesOpt,
    ProjectOpt,
    RateOpt,
    TagFilterOpt,
    TagOpt,
    TaskOpt,
    ToOpt,
    UserFilterOpt,
    session,
)  # fmt: skip

HoursOpt = Annotated[str | None, typer.Option("--hours", help="Duration: 4.5, 1h30m, 90m or 1:30.")]
DateOpt = Annotated[str | None, typer.Option("--date", help="Day of the work (default: today).")]
StartOpt = Annotated[str | None, typer.Option("--start", help="When it began (any time form).")]
EndOpt = Annotated[str | None, typer.Option("--end", help="When it ended (any time form).")]


def add(
    project: ProjectOpt = None,
    task: TaskOpt = None,
    hours: HoursOpt = None,
    date: DateOpt = None,
    start: StartOpt = None,
    end: EndOpt = None,
    description: DescriptionOpt = None,
    notes: NotesOpt = None,
    billable: BillableOpt = None,
    rate: RateOpt = None,
    force: ForceOpt = False,
    user: ActingUserOpt = None,
    tags: TagOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """Add past work: aos add -p Web --date 2026-03-28 --hours 4.5 -d "Homepage concepts"."""
    commands.add(**locals())  # every parameter by its name: they are the body's


def edit(
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="Entry id.", autocompletion=complete_entry)],
    start: StartOpt = None,
    end: EndOpt = None,
    hours: HoursOpt = None,
    date: Annotated[str | None, typer.Option("--date", help="Move to this day, keeping the time of day.")] = None,
    project: ProjectOpt = None,
    task: TaskOpt = None,
    description: DescriptionOpt = None,
    notes: NotesOpt = None,
    billable: BillableOpt = None,
    rate: RateOpt = None,
    reset_rate: Annotated[
        bool, typer.Option("--reset-rate", help="Take the rate again from the (new) task/project/client/user.")
    ] = False,
    force: ForceOpt = False,
    if_version: Annotated[
        str | None,
        typer.Option(
            "--if-version",
            metavar="V",
            help='Only if the entry is still at this version (its "version" in --json): nobody changed it since.',
        ),
    ] = None,
    tags: Annotated[list[str] | None, typer.Option("--tag", metavar="TAG", help="Add this tag (repeatable).")] = None,
    untag: Annotated[
        list[str] | None, typer.Option("--untag", metavar="TAG", help="Remove this tag (repeatable).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Change an entry; its amount is recomputed. The rate stays unless --rate or --reset-rate."""
    from aostime.services import tracking

    run = session()
    saved = tracking.edit_entry(
        run, entry_id, start, end, hours, date, project, task, description, notes, billable, rate,
        reset_rate, force, if_version, tags, untag,
    )  # fmt: skip
    commands.show_saved("Saved", saved, run, as_json)


def copy(
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="Entry id.", autocompletion=complete_entry)],
    start: StartOpt = None,
    end: EndOpt = None,
    date: Annotated[str | None, typer.Option("--date", help="On this day, at the entry's times of day.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Copy an entry to other times: --date D keeps its times of day, --start alone its length.
    Its project, task, description, notes, billable flag and tags are the entry's; the rate is today's."""
    from aostime.services import tracking

    run = session()
    saved = tracking.copy_entry(run, entry_id, start, end, date)
    commands.show_saved("Copied to", saved, run, as_json)


def delete(
    entry_ids: Annotated[list[str], typer.Argument(metavar="ID...", help="Entry ids.", autocompletion=complete_entry)],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Delete entries (all or none). Asks on a terminal; scripts must pass --yes."""
    from aostime.errors import BadInput
    from aostime.services import tracking

    run = session()
    if not yes:
        if not sys.stdin.isatty():
            raise BadInput("refusing to delete without --yes when input is not a terminal")
        entries = [tracking.get_entry(run, ref) for ref in entry_ids]
        from aostime.render.tables import entry_line

        for entry in entries:
            sys.stderr.write(f"  {entry_line(entry, run.zone)}\n")
        if not typer.confirm(f"Delete {len(entries)} entr{'y' if len(entries) == 1 else 'ies'}?", err=True):
            raise typer.Exit(1)
    deleted = tracking.delete_entries(run, entry_ids)
    if as_json:
        from aostime.domain.documents import deleted_document
        from aostime.render.json import write

        write(deleted_document(deleted), sys.stdout)
    else:
        from aostime.render.console import message

        message(
            f"Deleted {len(deleted)} entr{'y' if len(deleted) == 1 else 'ies'}: {', '.join(str(e.id) for e in deleted)}"
        )


def list_entries(
    project: ProjectOpt = None,
    task: TaskOpt = None,
    client: ClientOpt = None,
    user: UserFilterOpt = None,
    billable: BillableOpt = None,
    invoiced: InvoicedOpt = None,
    since: FromOpt = None,
    until: ToOpt = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", help="At most N entries (newest first).")] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            "-s",
            metavar="WORDS",
            help="Only entries whose description has words starting with each of these.",
        ),
    ] = None,
    tags: TagFilterOpt = None,
    as_csv: CsvFlag = False,
    as_json: JsonFlag = False,
) -> None:
    """List entries, newest first (the seed's GET time-entries). --json/--csv give every match;
    the table shows the newest 50 unless --limit says otherwise."""
    commands.list_entries(**locals())  # every parameter by its name: they are the body's


def register(app: typer.Typer) -> None:
    app.command()(add)
    app.command()(edit)
    app.command()(copy)
    app.command()(delete)
    app.command("list")(list_entries)
