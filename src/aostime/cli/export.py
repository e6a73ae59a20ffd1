"""aos export: the entries in aostime's JSON or CSV or in a peer's own format
(services/exporting.py; against a team server, the server writes it)."""

from __future__ import annotations

from typing import Annotated

import typer

from aostime.cli.files import OutputFile
from aostime.cli.options import (
    BillableOpt,
    ClientOpt,
    FromOpt,
    InvoicedOpt,
    ProjectOpt,
    TaskOpt,
    ToOpt,
    UserFilterOpt,
    session,
)  # fmt: skip


def export(
    project: ProjectOpt = None,
    task: TaskOpt = None,
    client: ClientOpt = None,
    user: UserFilterOpt = None,
    billable: BillableOpt = None,
    invoiced: InvoicedOpt = None,
    since: FromOpt = None,
    until: ToOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json (lossless, for aos import json), csv, or as a peer "
                                     "writes it: toggl, clockify, harvest, kimai, watson, timewarrior, klog, ical, "
                                     "timeclock.")] = "json",
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write to this file ('-' or none: stdout).")
    ] = None,
    currency: Annotated[
        str | None, typer.Option("--currency", help="Only the entries of clients billing in this currency.")
    ] = None,
    split_currency: Annotated[
        bool, typer.Option("--split-currency", help="A file per currency next to -o FILE: FILE.EUR.csv, "
                           "FILE.USD.csv, ... (for toggl and clockify, which name one currency a file).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
) -> None:  # fmt: skip
    """Export entries (oldest first) for another aostime or a spreadsheet. Without filters the JSON
    holds the whole file: settings, clients, projects, tasks, users and entries."""
    from aostime.services import exporting

    fmt = exporting.export_format("json" if as_json else fmt)
    output = None if output == "-" else output
    run = session()
    filters = {"project": project, "task": task, "client": client, "user": user, "billable": billable,
               "invoiced": invoiced, "since": since, "until": until}  # fmt: skip
    if not split_currency:
        _export_to(run, output, fmt, filters, currency)
        return
    from aostime.errors import BadInput

    if not output:
        raise BadInput("--split-currency writes a file per currency next to -o FILE; give -o FILE")
    if currency is not None:
        raise BadInput("--split-currency writes every currency; leave out --currency")
    currencies = exporting.export_currencies(run, project=project, task=task, client=client, user=user,
                                             billable=billable, invoiced=invoiced, since=since, until=until)  # fmt: skip
    for code in currencies:
        _export_to(run, per_currency(output, code), fmt, filters, code)


def per_currency(output: str, code: str) -> str:
    """'out/hours.csv' -> 'out/hours.EUR.csv'; 'hours' -> 'hours.EUR'."""
    from pathlib import Path

    path = Path(output)
    return str(path.with_name(f"{path.stem}.{code}{path.suffix}" if path.suffix else f"{path.name}.{code}"))


def _export_to(run, output: str | None, fmt: str, filters: dict, currency: str | None) -> None:
    from aostime.render import exports
    from aostime.services import exporting

    with OutputFile(output) as out:
        export = exporting.write_export
        if run.remote is not None:  # the document streams from the server, not as one answer
            from aostime.remote.exporting import write_export as export
        count = export(run, exports.write, out, fmt, **filters, currency=currency)
    if output:
        from aostime.render.console import message

        message(f"Exported {count} entr{'y' if count == 1 else 'ies'} to {output}")


def register(app: typer.Typer) -> None:
    app.command("export")(export)
