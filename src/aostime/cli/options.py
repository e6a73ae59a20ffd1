"""Options shared by many commands, and the session a command runs in."""

from __future__ import annotations

import os
from typing import Annotated, Optional

import typer

GLOBAL: dict[str, Optional[str]] = {"db": None, "user": None}

JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
CsvFlag = Annotated[bool, typer.Option("--csv", help="Print RFC 4180 CSV with a header row.")]
ProjectOpt = Annotated[Optional[str], typer.Option("--project", "-p", help="Project id or name.", autocompletion=None)]
TaskOpt = Annotated[Optional[str], typer.Option("--task", "-t", help="Task id or name.")]
ClientOpt = Annotated[Optional[str], typer.Option("--client", "-c", help="Client id or name.")]
UserFilterOpt = Annotated[Optional[str], typer.Option("--user", "-u", help="Team member id or name.")]
ActingUserOpt = Annotated[
    Optional[str], typer.Option("--user", "-u", help="Act as this team member (default: AOS_USER, else your login).")
]
BillableOpt = Annotated[
    Optional[bool],
    typer.Option("--billable/--non-billable", help="Billable or not (default: the task's default, else billable)."),
]
RateOpt = Annotated[Optional[str], typer.Option("--rate", help="Hourly rate, e.g. 150 or 99.50.")]
DescriptionOpt = Annotated[Optional[str], typer.Option("--description", "-d", help="What was done.")]
NotesOpt = Annotated[Optional[str], typer.Option("--notes", "-n", help="Notes.")]
FromOpt = Annotated[Optional[str], typer.Option("--from", help="Start at this time (any time form).")]
ToOpt = Annotated[Optional[str], typer.Option("--to", help="Up to this time; a bare date includes that whole day.")]


def db_path() -> str:
    """--db, else AOS_DB, else the platform's user data dir (created on first use)."""
    path = GLOBAL["db"] or os.environ.get("AOS_DB")
    if path:
        return path
    import platformdirs

    return os.path.join(platformdirs.user_data_dir("aostime"), "aostime.db")


def session(user: Optional[str] = None):
    from aostime.services import Session
    from aostime.store import open_store

    return Session(open_store(db_path()), user_ref=user or GLOBAL["user"])
