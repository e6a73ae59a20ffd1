"""aos report."""

import sys
from typing import Annotated

import typer

from aostime.cli.options import (
    BillableOpt,
    ClientOpt,
    CsvFlag,
    FromOpt,
    JsonFlag,
    ProjectOpt,
    TagFilterOpt,
    TaskOpt,
    ToOpt,
    UserFilterOpt,
    session,
)  # fmt: skip


def report(
    by: Annotated[
        str,
        typer.Option(
            "--by",
            help="Comma-separated, nested in order: client, project, task, user, tag, day, week, month, year "
            "(tag groups overlap: an entry counts under each of its tags).",
        ),
    ] = "project",
    since: FromOpt = None,
    until: ToOpt = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period", help="today, yesterday, week, last-week, month, last-month, quarter, year, last-year."
        ),
    ] = None,
    project: ProjectOpt = None,
    task: TaskOpt = None,
    client: ClientOpt = None,
    user: UserFilterOpt = None,
    billable: BillableOpt = None,
    tags: TagFilterOpt = None,
    chart: Annotated[
        bool | None, typer.Option("--chart/--no-chart", help="Bars per row (default: on a terminal).")
    ] = None,
    as_csv: CsvFlag = False,
    as_json: JsonFlag = False,
    xlsx: Annotated[
        str | None,
        typer.Option("--xlsx", metavar="FILE", help="Also write the rows and totals per currency as an XLSX workbook."),
    ] = None,
) -> None:
    """Hours and money by project (or --by client,project / user / week ...), with totals."""
    from aostime.services.reporting import make_report

    run = session()
    result = make_report(run, by, since, until, period, project, task, client, user, billable, tags)
    if xlsx:
        _write_xlsx(result, run.zone, xlsx)
        if not (as_json or as_csv):
            return
    if as_json or as_csv:
        from aostime.domain.documents import report_document

        document = report_document(result, run.zone)
        if as_json:
            from aostime.render.json import write

            write(document, sys.stdout)
        else:
            from aostime.render.reports import write_report_csv

            write_report_csv(result, document, sys.stdout)
        return
    from aostime.render.reports import print_report

    print_report(result, sys.stdout.isatty() if chart is None else chart)


def _write_xlsx(result, zone, path: str) -> None:
    """The workbook, replacing FILE only once it is whole."""
    from aostime.cli.files import OutputFile
    from aostime.domain.documents import report_document
    from aostime.render.console import message
    from aostime.render.report_xlsx import report_xlsx

    data = report_xlsx(report_document(result, zone))
    with OutputFile(path, binary=True) as out:
        out.write(data)
    message(f"Wrote {path} ({len(data):,} bytes)")


def register(app: typer.Typer) -> None:
    app.command()(report)
