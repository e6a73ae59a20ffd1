"""aos history / lock / week: who changed an entry, the team's lock, the weeks' approvals."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from aostime.cli.completion import complete_entry
from aostime.cli.options import JsonFlag, session

week_app = typer.Typer(help="Submit a week for approval; approve, return and list weeks (managers).",
                       no_args_is_help=True)  # fmt: skip
WeekOpt = Annotated[str | None, typer.Option("--week", "-w", metavar="YYYY-Www", help="The ISO week, e.g. 2026-W49.")]
NoteOpt = Annotated[str | None, typer.Option("--note", help="A note for the member (shown with the week).")]
DecidedWeekOpt = Annotated[str, typer.Option("--week", "-w", metavar="YYYY-Www", help="The ISO week, e.g. 2026-W49.")]
MemberArg = Annotated[str, typer.Argument(metavar="NAME", help="The member whose week it is.")]


def history(
    entry_id: Annotated[str, typer.Argument(metavar="ENTRY", help="Entry id.", autocompletion=complete_entry)],
    as_json: JsonFlag = False,
) -> None:
    """Every change of an entry, oldest first, also after it was deleted: when, who, through
    which face (cli, api, client, web), what it was before and after."""
    from aostime.domain.documents import history_document
    from aostime.services import parse_id
    from aostime.services.entry_control import entry_history

    run = session()
    document = history_document(entry_history(run, parse_id(entry_id, "entry id")), run.zone)
    if _json(document, as_json):
        return
    from aostime.render.console import out

    console = out()
    for change in document["changes"]:
        console.print(f"{change['at']}  {change['action']:<7} {change['user_name']} ({change['via']})", markup=False)
        before, after = change["before"], change["after"]
        if before is None or after is None:  # created or deleted: what it held
            for key, value in (after or before).items():
                if value not in (None, "", []):
                    console.print(f"    {key}: {_text(value)}", markup=False)
            continue
        for key in after:
            console.print(f"    {key}: {_text(before.get(key))} -> {_text(after[key])}", markup=False)


def lock(
    before: Annotated[
        str | None, typer.Option("--before", metavar="DATE", help="Lock every entry of a day before DATE (admins).")
    ] = None,
    show: Annotated[bool, typer.Option("--show", help="Show the lock (the default).")] = False,
    clear: Annotated[bool, typer.Option("--clear", help="Lift the lock (admins).")] = False,
    as_json: JsonFlag = False,
) -> None:
    """The team's lock: entries before a day cannot be added, changed or deleted by anyone but
    admins (once a month is reported or invoiced); invoicing them stays possible."""
    from aostime.domain.documents import lock_document
    from aostime.errors import BadInput
    from aostime.services import entry_control

    if show and (before is not None or clear):
        raise BadInput("--show only shows the lock; give --before DATE or --clear to change it")
    run = session()
    if before is None and not clear:
        state = entry_control.show_lock(run)
    else:
        state = entry_control.set_lock(run, before, clear)
    document = lock_document(state, run.zone)
    if _json(document, as_json):
        return
    from aostime.render.console import out

    if document["locked"]:
        out().print(f"Entries before {document['before']} are locked (set by {document['set_by'] or 'an admin'} "
                    f"at {document['set_at']}).", markup=False)  # fmt: skip
    else:
        out().print("No lock: every entry can be changed by those whose role allows it.", markup=False)


@week_app.command("submit")
def submit(week: WeekOpt = None, as_json: JsonFlag = False) -> None:
    """Submit your week (default: this week) for a manager's approval."""
    from aostime.services import weeks

    run = session()
    _show_week(weeks.submit_week(run, week), run, as_json)


@week_app.command("approve")
def approve(name: MemberArg, week: DecidedWeekOpt, note: NoteOpt = None, as_json: JsonFlag = False) -> None:
    """Approve a member's submitted week: it is closed to the member (managers may still change it)."""
    _decide(name, week, "approve", note, as_json)


@week_app.command("return")
def give_back(name: MemberArg, week: DecidedWeekOpt, note: NoteOpt = None, as_json: JsonFlag = False) -> None:
    """Return a member's submitted week with a note: it is open again, to be corrected and submitted."""
    _decide(name, week, "return", note, as_json)


def _decide(name: str, week: str, decision: str, note: str | None, as_json: bool) -> None:
    from aostime.services import weeks

    run = session()
    _show_week(weeks.decide_week(run, name, week, decision, note), run, as_json)


@week_app.command("list")
def list_weeks(
    status: Annotated[
        str | None, typer.Option("--status", help="open (never submitted), submitted, approved or returned.")
    ] = None,
    member: Annotated[
        str | None, typer.Option("--member", metavar="NAME", help="One member's weeks only (a manager).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """The weeks submitted (yours; a manager: everyone's), newest first; --status open: the weeks
    with time tracked in the last eight that were never submitted."""
    from aostime.domain.documents import week_document
    from aostime.services import weeks

    run = session()
    found = [week_document(w, run.zone) for w in weeks.list_weeks(run, status, member)]
    if _json({"weeks": found}, as_json):
        return
    from aostime.render.console import out

    console = out()
    if not found:
        console.print("No weeks.", markup=False)
    for w in found:
        note = f"  note: {w['note']}" if w["note"] else ""
        decided = f" by {w['decided_by']}" if w["decided_by"] else ""
        console.print(f"{w['week']}  {w['user_name']:<16} {w['status']}{decided}{note}", markup=False)


def _show_week(week, run, as_json: bool) -> None:
    from aostime.domain.documents import week_document

    document = week_document(week, run.zone)
    if _json(document, as_json):
        return
    from aostime.render.console import message

    note = f" Note: {document['note']}" if document["note"] else ""
    message(f"{document['user_name']}'s week {document['week']} is {document['status']}.{note}")


def _json(document: dict, as_json: bool) -> bool:
    if as_json:
        from aostime.render.json import write

        write(document, sys.stdout)
    return as_json


def _text(value) -> str:
    if isinstance(value, list):  # tags
        return ", ".join(value) or "-"
    return "-" if value is None or value == "" else str(value)


def register(app: typer.Typer) -> None:
    app.command()(history)
    app.command()(lock)
    app.add_typer(week_app, name="week")
