"""Options shared by many commands, and the session a command runs in."""

from __future__ import annotations

from typing import Annotated

import typer

from aostime.cli.completion import complete_client, complete_project, complete_task, complete_user
from aostime.runtime import GLOBAL, db_path, session  # noqa: F401 - shared with entry.py's fast path

JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
CsvFlag = Annotated[bool, typer.Option("--csv", help="Print RFC 4180 CSV with a header row.")]
ProjectOpt = Annotated[
    str | None, typer.Option("--project", "-p", help="Project id or name.", autocompletion=complete_project)
]
TaskOpt = Annotated[str | None, typer.Option("--task", "-t", help="Task id or name.", autocompletion=complete_task)]
ClientOpt = Annotated[
    str | None, typer.Option("--client", "-c", help="Client id or name.", autocompletion=complete_client)
]
UserFilterOpt = Annotated[
    str | None, typer.Option("--user", "-u", help="Team member id or name.", autocompletion=complete_user)
]
ActingUserOpt = Annotated[
    str | None,
    typer.Option(
        "--user", "-u", help="Act as this team member (default: AOS_USER, else your login).",
        autocompletion=complete_user,
    ),
]  # fmt: skip
BillableOpt = Annotated[
    bool | None,
    typer.Option("--billable/--non-billable", help="Billable or not (default: the task's default, else billable)."),
]
InvoicedOpt = Annotated[
    bool | None, typer.Option("--invoiced/--uninvoiced", help="Only invoiced, or only not yet invoiced.")
]
RateOpt = Annotated[str | None, typer.Option("--rate", help="Hourly rate, e.g. 150 or 99.50.")]
DescriptionOpt = Annotated[str | None, typer.Option("--description", "-d", help="What was done.")]
NotesOpt = Annotated[str | None, typer.Option("--notes", "-n", help="Notes.")]
TagOpt = Annotated[
    list[str] | None,
    typer.Option("--tag", metavar="TAG", help="A tag (repeat for several: --tag meeting --tag urgent)."),
]
TagFilterOpt = Annotated[
    list[str] | None,
    typer.Option("--tag", metavar="TAG", help="Only entries with this tag (repeated: with any of them)."),
]
FromOpt = Annotated[str | None, typer.Option("--from", help="Start at this time (any time form).")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Up to this time; a bare date includes that whole day.")]

ForceOpt = Annotated[
    bool, typer.Option("--force", help="Save an entry longer than the max_entry_hours setting (24 h).")
]
