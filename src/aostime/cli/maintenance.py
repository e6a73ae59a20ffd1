"""aos backup / restore: consistent copies of the whole database, and checked restores; aos db copy."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from aostime.cli.options import JsonFlag


def backup(
    path: Annotated[
        str | None,
        typer.Argument(metavar="[PATH]", help="File or directory (default: next to the database, with a timestamp)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite PATH if it exists.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Write a consistent copy of the database (safe while a timer runs or the server writes); prints its path."""
    from aostime.runtime import refuse_remote

    refuse_remote("aos backup")
    from aostime.cli.options import session
    from aostime.services import maintenance

    result = maintenance.backup_database(session(), path, force)
    if as_json:
        from aostime.render.json import write

        write({"path": result.path, "bytes": result.bytes, "schema_version": result.schema_version}, sys.stdout)
    else:
        sys.stdout.write(result.path + "\n")


def restore(
    path: Annotated[str, typer.Argument(metavar="PATH", help="A copy written by 'aos backup' (or a migration).")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Replace the database with a checked copy; the current one is kept as <db>.before-restore-<time>.

    The copy must be SQLite, aostime's, pass SQLite's integrity check and not be newer than this
    aostime. Asks on a terminal; scripts must pass --yes."""
    from aostime.runtime import refuse_remote

    refuse_remote("aos restore")
    from aostime.cli.options import db_path
    from aostime.domain.timeparse import now_utc
    from aostime.errors import BadInput
    from aostime.services import maintenance

    target = db_path()
    info = maintenance.check_backup(path)
    if not yes:
        if not sys.stdin.isatty():
            raise BadInput("refusing to restore without --yes when input is not a terminal")
        sys.stderr.write(f"  {info.path}: schema version {info.schema_version}, {info.bytes:,} bytes\n")
        if not typer.confirm(f"Replace {target} with this copy (the current one is kept aside)?", err=True):
            raise typer.Exit(1)
    result = maintenance.restore_database(target, path, now_utc())
    if as_json:
        from aostime.render.json import write

        write(
            {
                "database": result.database, "restored_from": result.restored_from, "previous": result.previous,
                "schema_version": result.schema_version, "migrated_from": result.migrated_from,
            },
            sys.stdout,
        )  # fmt: skip
    else:
        kept = f"; the previous one is kept as {result.previous}" if result.previous else ""
        sys.stdout.write(f"Restored {result.database} from {result.restored_from}{kept}\n")


def register(app: typer.Typer) -> None:
    app.command()(backup)
    app.command()(restore)
    app.add_typer(db_app, name="db")


db_app = typer.Typer(help="The database as a whole: copy it between SQLite files and PostgreSQL.", no_args_is_help=True)


@db_app.command("copy")
def db_copy(
    source: Annotated[str, typer.Argument(metavar="SOURCE", help="An SQLite path or a postgresql:// URL.")],
    destination: Annotated[
        str, typer.Argument(metavar="DESTINATION", help="An empty (or new) database: an SQLite path or a URL.")
    ],
    as_json: JsonFlag = False,
) -> None:
    """Copy a whole aostime database into an empty one, between any two backends, losing nothing:
    every record with its id, settings, invoices, numbering, tokens, import sources, times."""
    from aostime.services import maintenance

    result = maintenance.copy_database(source, destination)
    rows = sum(result.tables.values())
    if as_json:
        from aostime.render.json import write

        write({"source": result.source, "destination": result.destination, "rows": rows, "tables": result.tables},
              sys.stdout)  # fmt: skip
    else:
        sys.stdout.write(f"Copied {rows:,} rows from {result.source} to {result.destination}\n")
