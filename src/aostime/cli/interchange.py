"""aos import watson|watson-log|timewarrior|csv|klog|ical|timetrap|timeclock|json.

Each import parses its input (aostime.interchange, pure), then hands the records to
services.interchange.import_batch: one transaction, idempotent, --dry-run rolls back."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from aostime.cli.completion import complete_client
from aostime.cli.files import opener, read_text
from aostime.cli.options import ActingUserOpt, JsonFlag, session

PROGRESS_FROM = 2000  # entries: smaller imports finish before a bar would be useful

import_app = typer.Typer(
    help="Import time entries from Watson, Timewarrior, klog, timetrap, timeclock, iCalendar, CSV exports (Toggl, "
    "Clockify, Harvest, Kimai) or aostime's own JSON. Re-running an import adds nothing and applies what changed.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Show what would be imported; write nothing.")]
PruneOpt = Annotated[
    bool,
    typer.Option("--prune", help="Delete the entries imported from this file before that it no longer holds "
                 "(within its days and those its previous import covered; never invoiced ones). Without it they "
                 "are only listed."),
]  # fmt: skip
ImportClientOpt = Annotated[
    str | None,
    typer.Option(
        "--client", "-c", autocompletion=complete_client,
        help="Client of the imported projects (id or name, created if missing). Default: a project of the "
        'same name under any client, else a new one under "Imported".',
    ),
]  # fmt: skip
TagPrefixOpt = Annotated[
    str | None,
    typer.Option("--project-tag-prefix", help="A tag starting with this names the project, e.g. 'project:'."),
]
DefaultProjectOpt = Annotated[
    str | None, typer.Option("--default-project", help='Project of entries without tags (default "Untagged").')
]


def _run_import(batch_fn, client=None, user=None, dry_run=False, as_json=False, default_project=None,
                tag_prefix=None, prune=False) -> None:  # fmt: skip
    from aostime.render import console
    from aostime.services import interchange

    run = session(user)
    batch = batch_fn(run)
    with _progress(len(batch.entries), batch.format) as progress:
        import_batch = interchange.import_batch
        if run.remote is not None:  # the parsed records go to the server's POST /import
            from aostime.remote.interchange import import_batch
        summary = import_batch(run, batch, client, default_project, tag_prefix, dry_run, progress, prune)
    for warning in summary.warnings:
        console.warn(warning)
    if as_json:
        from aostime.render.imports import summary_document
        from aostime.render.json import write

        write(summary_document(summary, run.zone), sys.stdout)
    else:
        from aostime.render.imports import print_summary

        print_summary(summary, run.zone)


class _progress:
    """A Rich progress bar on stderr for large imports, only when stderr is a terminal."""

    def __init__(self, total: int, label: str) -> None:
        from aostime.render.console import is_terminal

        self.bar = None
        if total >= PROGRESS_FROM and is_terminal(sys.stderr):
            from rich.progress import Progress

            from aostime.render.console import err

            self.bar = Progress(console=err(), transient=True)
            self.task = self.bar.add_task(f"Importing {label}", total=2 * total)

    def __enter__(self):
        if self.bar is None:
            return None
        self.bar.start()
        return lambda done, total: self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


# -- imports --------------------------------------------------------------------------------


@import_app.command("watson")
def import_watson(
    path: Annotated[
        str | None,
        typer.Argument(metavar="[PATH]", help="Watson's directory or its frames file (default: WATSON_DIR, "
                       "else ~/.config/watson)."),
    ] = None,
    client: ImportClientOpt = None,
    user: ActingUserOpt = None,
    dry_run: DryRunOpt = False,
    prune: PruneOpt = False,
    as_json: JsonFlag = False,
) -> None:  # fmt: skip
    """Import Watson's frames (and its running frame, if no timer runs). Tags: the first naming a task
    of the project is the task; all are kept in the notes."""
    from aostime.interchange import watson

    def batch(run):
        from aostime.interchange.records import Batch

        where = Path(path).expanduser() if path else watson.default_dir()
        frames_path = where / "frames" if where.is_dir() else where
        state_path = frames_path.with_name("state")
        label, text = read_text(str(frames_path))
        result = Batch("watson", label, watson.parse_frames(text, label))
        if state_path.is_file():
            state_label, state_text = read_text(str(state_path))
            running = watson.parse_state(state_text, state_label)
            if running is not None:
                result.entries.append(running)
        return result

    _run_import(batch, client, user, dry_run, as_json, prune=prune)


@import_app.command("timewarrior")
def import_timewarrior(
    path: Annotated[
        str | None,
        typer.Argument(metavar="[PATH]", help="`timew export` JSON or an extension's input (file, or '-' for "
                       "stdin), or Timewarrior's data directory (default: TIMEWARRIORDB/data, else ~/.timewarrior/data)."),
    ] = None,
    client: ImportClientOpt = None,
    tag_prefix: TagPrefixOpt = None,
    default_project: DefaultProjectOpt = None,
    user: ActingUserOpt = None,
    dry_run: DryRunOpt = False,
    prune: PruneOpt = False,
    as_json: JsonFlag = False,
) -> None:  # fmt: skip
    """Import Timewarrior intervals. Project: the tag with --project-tag-prefix, else a tag naming a
    project, else an interval's only tag (tags are a set: their order is never used; a choice left
    open needs --default-project); the annotation is the description; all tags go to the notes."""
    from aostime.interchange import timewarrior

    def batch(run):
        where = Path(path).expanduser() if path and path != "-" else None
        if path is None:
            where = timewarrior.default_data_dir()
        if where is not None and where.is_dir():
            files = timewarrior.data_files(where)
            if not files:
                from aostime.errors import BadInput

                raise BadInput(f"{where}: no Timewarrior data files (YYYY-MM.data) there")
            return timewarrior.parse_data_files([read_text(str(f)) for f in files], str(where))
        from aostime.services.import_files import parse_text

        label, text = read_text(path or str(where))
        return parse_text(run, "timewarrior", text, label, run.zone)

    _run_import(batch, client, user, dry_run, as_json, default_project, tag_prefix, prune)


@import_app.command("csv")
def import_csv(
    path: Annotated[str, typer.Argument(metavar="PATH", help="CSV file, or '-' for stdin.")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="aostime, toggl, clockify, harvest or kimai (default: from the header)."),
    ] = None,
    date_order: Annotated[
        str | None,
        typer.Option("--date-order", help="dmy, mdy or ymd: how the file writes dates like 03/04/2024 (default: "
                     "what its dates show, else the date_order setting; refused when nothing settles it)."),
    ] = None,
    client: ImportClientOpt = None,
    user: ActingUserOpt = None,
    dry_run: DryRunOpt = False,
    prune: PruneOpt = False,
    as_json: JsonFlag = False,
) -> None:  # fmt: skip
    """Import a detailed CSV export of Toggl Track, Clockify, Harvest or Kimai, or aostime's own CSV
    (`aos list --csv`, `aos export --format csv`). Rates and amounts are kept as exported."""
    from aostime.services import import_files

    import_files.check_csv_options(fmt, date_order)  # before the file is read

    def batch(run):
        label, open_text = opener(path)
        return import_files.parse_file(run, "csv", lambda: b"", open_text, label, run.zone, fmt, date_order)

    _run_import(batch, client, user, dry_run, as_json, prune=prune)


@import_app.command("klog")
def import_klog(
    path: Annotated[str, typer.Argument(metavar="PATH", help=".klg file, or '-' for stdin.")],
    client: ImportClientOpt = None,
    tag_prefix: TagPrefixOpt = None,
    default_project: DefaultProjectOpt = None,
    user: ActingUserOpt = None,
    dry_run: DryRunOpt = False,
    prune: PruneOpt = False,
    as_json: JsonFlag = False,
) -> None:  # fmt: skip
    """Import a klog file: ranges keep their times, durations are laid end to end from day_start,
    negative durations come off the record's entries (each day totals what `klog total` says), an
    open range becomes the running timer. Project and task: #project=NAME and #task=NAME (as `aos export
    --format klog` writes them), else a tag naming a project, else the tag with --project-tag-prefix, else
    the first tag. Tags ending a summary's first line are kept in the notes, not the description."""
    batch = _parsed(path, "klog")
    _run_import(batch, client, user, dry_run, as_json, default_project, tag_prefix, prune)


@import_app.command("ical")
def import_ical(
    path: Annotated[str, typer.Argument(metavar="PATH", help=".ics file, or '-' for stdin.")],
    client: ImportClientOpt = None,
    tag_prefix: TagPrefixOpt = None,
    default_project: DefaultProjectOpt = None,
    user: ActingUserOpt = None,
    dry_run: DryRunOpt = False,
    prune: PruneOpt = False,
    as_json: JsonFlag = False,
) -> None:  # fmt: skip
    """Import the events of an iCalendar file (aos export --format ical, or a calendar): times from
    DTSTART/DTEND (UTC, TZID or your zone), SUMMARY the description, DESCRIPTION the notes, the project
    from CATEGORIES as from tags. All-day and recurring events are left out, each with a warning."""
    batch = _parsed(path, "ical")
    _run_import(batch, client, user, dry_run, as_json, default_project, tag_prefix, prune)


@import_app.command("json")
def import_json(
    path: Annotated[str, typer.Argument(metavar="PATH", help="aostime JSON (aos export), or '-' for stdin.")],
    user: ActingUserOpt = None,
    dry_run: DryRunOpt = False,
    as_json: JsonFlag = False,
) -> None:
    """Import aostime's own JSON: `aos export --format json | aos import json -` copies entries,
    rates, amounts, the hierarchy, users and settings into another database."""
    _run_import(_parsed(path, "json"), None, user, dry_run, as_json)


@import_app.command("timetrap")
def import_timetrap(
    path: Annotated[str, typer.Argument(metavar="PATH", help="`t display --format csv` output, or '-' for stdin.")],
    client: ImportClientOpt = None,
    user: ActingUserOpt = None,
    dry_run: DryRunOpt = False,
    prune: PruneOpt = False,
    as_json: JsonFlag = False,
) -> None:
    """Import Timetrap's CSV (`t display --format csv`): the sheet is the project, the note the
    description; times are read in your zone. Timetrap leaves running entries out of its CSV."""
    batch = _parsed(path, "timetrap")
    _run_import(batch, client, user, dry_run, as_json, prune=prune)


@import_app.command("timeclock")
def import_timeclock(
    path: Annotated[str, typer.Argument(metavar="PATH", help=".timeclock file (hledger, Ledger), or '-' for stdin.")],
    client: ImportClientOpt = None,
    default_project: Annotated[
        str | None,
        typer.Option("--default-project", help='Project of clock-ins without an account (default "Untagged").'),
    ] = None,
    user: ActingUserOpt = None,
    dry_run: DryRunOpt = False,
    prune: PruneOpt = False,
    as_json: JsonFlag = False,
) -> None:  # fmt: skip
    """Import a timeclock file (i/o lines, as hledger reads them). The account client:project:task
    names client, project and task (one level: the project, under --client; none: --default-project);
    the text after two spaces is the description, ; comments go to the notes; a session left open is
    the running timer."""
    batch = _parsed(path, "timeclock")
    _run_import(batch, client, user, dry_run, as_json, default_project, prune=prune)


@import_app.command("watson-log")
def import_watson_log(
    path: Annotated[
        str, typer.Argument(metavar="PATH", help="`watson log --all --json` (or --csv) output, or '-' for stdin.")
    ],
    utc_offset: Annotated[
        str | None,
        typer.Option("--utc-offset", help="CSV only: its times are at this offset (+01:00), not in your zone."),
    ] = None,
    client: ImportClientOpt = None,
    user: ActingUserOpt = None,
    dry_run: DryRunOpt = False,
    prune: PruneOpt = False,
    as_json: JsonFlag = False,
) -> None:  # fmt: skip
    """Import `watson log --json` or `--csv` output. JSON frames keep Watson's ids, so they and the
    frames file (aos import watson) never duplicate each other; prefer --json, whose times carry their
    offset. A frame of `watson log --current` becomes the running timer, if none runs."""
    from aostime.interchange import watson_log

    if utc_offset:
        watson_log.parse_offset(utc_offset)  # refused before the file is read
    batch = _parsed(path, "watson-log", utc_offset)
    _run_import(batch, client, user, dry_run, as_json, prune=prune)


def _parsed(path: str, fmt: str, utc_offset: str | None = None):
    """The batch of a file of format `fmt` read whole (or stdin for '-')."""

    def batch(run):
        from aostime.services.import_files import parse_text

        label, text = read_text(path)
        return parse_text(run, fmt, text, label, run.zone, utc_offset)

    return batch


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")
