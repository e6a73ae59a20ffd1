"""The bodies of the commands a shell prompt, an editor or cron calls most: status, start, stop,
cancel, add, list and budget. They take the parsed option values and return the exit code.

Each body lives here once, free of Typer: the Typer commands in cli/ call it after parsing, and
entry.py's fast path calls it directly for the ordinary forms of these commands (Typer alone
costs more start-up than a prompt can spare). Rich, dateutil and the services are imported
only where a body needs them."""

from __future__ import annotations

import sys

TABLE_LIMIT = 50  # a person reads the newest entries; scripts get every match with --json/--csv


def _session(user: str | None):
    from aostime.runtime import session

    return session(user)


def status(quiet: bool = False, fmt: str | None = None, user: str | None = None, as_json: bool = False) -> int:
    """Print the running timer of the acting user as asked: --quiet prints nothing (0 running,
    1 idle), --format prints one line (1 and nothing when idle), --json one document (0 either
    way), else a table or "No timer is running." (0)."""
    if quiet or fmt is not None:
        prompted = _prompt_answer(user, quiet, fmt)
        if prompted is not None:
            return prompted
    from aostime.services.status import current_timer

    run = _session(user)
    entry = current_timer(run)
    if run.remote is not None and run.status_cache:  # a shell prompt's next status reuses it
        from aostime.remote import prompt, wire

        prompt.remember(run.status_cache, run.remote.target.server, run.user_ref, wire.encode(entry))
    if quiet:
        return 0 if entry else 1
    if fmt is not None:
        if entry is None:
            return 1
        from aostime.render.status_line import format_status

        sys.stdout.write(format_status(fmt, entry, run.zone, run.now) + "\n")
        return 0
    if as_json:
        from aostime.domain.documents import status_document
        from aostime.render.json import write

        write(status_document(entry, run.zone, run.now), sys.stdout)
        return 0
    from aostime.render import console

    if entry is None:
        console.out().print("No timer is running.")
        return 0
    from aostime.domain.timer import is_long
    from aostime.render.tables import print_status

    long_hours = float(run.setting("long_timer_hours"))
    print_status(entry, run.zone, run.now, long_hours)
    if is_long(entry, run.now, long_hours):
        console.warn(
            f"this timer has run for more than {run.setting('long_timer_hours')} h; forgotten? ('aos stop --at TIME')"
        )
    return 0


def start(description_arg: str | None = None, user: str | None = None, as_json: bool = False, **request) -> int:
    """`aos start`: the options that are the use case's fields (services.timers.start_timer) go
    to it by name, so an option added there and to the Typer command needs nothing here."""
    from aostime.services import timers

    if description_arg is not None and request.get("description") is not None:
        from aostime.errors import BadInput

        raise BadInput("give the description once: as the argument or with --description")
    if description_arg is not None:
        request["description"] = description_arg
    run = _session(user)
    saved = timers.start_timer(run, **request)
    return show_saved("Started", saved, run, as_json)


def stop(user: str | None = None, as_json: bool = False, **request) -> int:
    """`aos stop`: the options that are the use case's fields go to it by name."""
    from aostime.services import timers

    run = _session(user)
    saved = timers.stop_timer(run, **request)
    return show_saved("Stopped", saved, run, as_json)


def _prompt_answer(user: str | None, quiet: bool, fmt: str | None) -> int | None:
    """A shell prompt's status from the team client's last answer (remote.prompt), when it is a
    few seconds old; None to ask (always, on a local database)."""
    from aostime.runtime import GLOBAL, remote_target, status_cache_path

    server = remote_target()
    if server is None:
        return None
    from aostime.remote import prompt

    document = prompt.cached(status_cache_path(), server.server, user or GLOBAL["user"])
    if document is prompt.MISS:
        return None
    if document is None:
        return 1
    if quiet:
        return 0
    from aostime.domain.timeparse import local_zone, now_utc
    from aostime.remote.wire import decode
    from aostime.render.status_line import format_status

    sys.stdout.write(format_status(fmt, decode(document), local_zone(), now_utc()) + "\n")
    return 0


def cancel(user: str | None = None, as_json: bool = False) -> int:
    from aostime.services import timers

    run = _session(user)
    entry = timers.cancel_timer(run)
    if as_json:
        from aostime.domain.documents import cancelled_document
        from aostime.render.json import write

        write(cancelled_document(entry, run.zone, run.now), sys.stdout)
        return 0
    from aostime.render.tables import print_entry

    print_entry("Cancelled", entry, run.zone)
    return 0


def add(
    project: str | None = None,
    task: str | None = None,
    hours: str | None = None,
    date: str | None = None,
    start: str | None = None,
    end: str | None = None,
    description: str | None = None,
    notes: str | None = None,
    billable: bool | None = None,
    rate: str | None = None,
    force: bool = False,
    user: str | None = None,
    tags: list[str] | None = None,
    as_json: bool = False,
) -> int:
    from aostime.services import tracking

    run = _session(user)
    saved = tracking.add_entry(
        run,
        project,
        task,
        hours,
        date,
        start,
        end,
        description or "",
        notes or "",
        billable,
        rate,
        force,
        tags=tags,
    )
    return show_saved("Added", saved, run, as_json)


def list_entries(
    project: str | None = None,
    task: str | None = None,
    client: str | None = None,
    user: str | None = None,
    billable: bool | None = None,
    invoiced: bool | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
    search: str | None = None,
    tags: list[str] | None = None,
    as_csv: bool = False,
    as_json: bool = False,
) -> int:
    """Every match for --json/--csv (streamed); the newest TABLE_LIMIT for people unless --limit."""
    from aostime.render import lists
    from aostime.services import listing

    run = _session(None)
    table_limit = limit if limit is not None or as_json or as_csv else TABLE_LIMIT
    if run.remote is not None:
        from aostime.cli.remote import list_entries as remote_list

        return remote_list(run, project, task, client, user, billable, invoiced, since, until, table_limit, as_csv,
                           as_json, search, tags)  # fmt: skip
    query = listing.entry_query(run, project, task, client, user, billable, invoiced, since, until, table_limit,
                                search=search, tags=tags)  # fmt: skip
    from aostime.services import reading

    with reading(run):
        if as_json:
            from aostime.services import tracking

            rows, lookups = listing.listing_rows(run, query), listing.listing_lookups(run)
            lists.write_entries_json(rows, lookups, run.zone, lambda i: tracking.get_entry(run, i), sys.stdout)
        elif as_csv:
            lists.write_entries_csv(listing.iter_entries(run, query), run.zone, sys.stdout)
        else:
            _print_entry_table(run, query, limit)
    return 0


def _print_entry_table(run, query, limit: int | None) -> None:
    from aostime.render.tables import print_entries
    from aostime.services import listing

    shown = listing.entry_totals(run, query)
    print_entries(listing.iter_entries(run, query), run.zone, shown)
    if limit is None:
        count = shown.overall()["count"]
        matching = listing.count_entries(run, query._replace(limit=None))
        if matching > count:
            from aostime.render.console import message

            message(f"Showing the {count} newest of {matching} entries; --limit N shows more, --json or --csv all.")


def show_saved(verb: str, saved, run, as_json: bool) -> int:
    """What start/stop/add/edit/restart print: warnings on stderr, then the entry as one JSON
    document or one line (plus the timer a --switch stopped)."""
    from aostime.render import console

    for warning in saved.warnings:
        console.warn(warning)
    if as_json:
        from aostime.domain.documents import entry_document
        from aostime.render.json import write

        write(entry_document(saved.entry, run.zone, run.now), sys.stdout)
        return 0
    from aostime.render.tables import print_entry

    if getattr(saved, "stopped", None) is not None:
        print_entry("Stopped", saved.stopped, run.zone)
    print_entry(verb, saved.entry, run.zone)
    return 0


def budget(project: str | None = None, send_alerts: bool = False, as_json: bool = False) -> int:
    """Every budget (or a project's) with what is used of it; --send-alerts e-mails the unsent
    alerts instead (1 while any still fails)."""
    run = _session(None)
    if send_alerts:
        from aostime.render.console import message, warn
        from aostime.services.budget_alerts import send_budget_alerts

        result = send_budget_alerts(run)
        if as_json:
            from aostime.render.json import write

            write({"sent": result.sent, "failed": list(result.failed)}, sys.stdout)
        else:
            message(f"Sent {result.sent} budget alert{'s' if result.sent != 1 else ''}")
            for line in result.failed:
                warn(f"not sent: {line}")
        return 1 if result.failed else 0
    from aostime.services.budgets import list_budgets

    usages = list_budgets(run, project)
    if as_json:
        from aostime.domain.documents import budgets_document
        from aostime.render.json import write

        write(budgets_document(usages), sys.stdout)
        return 0
    from aostime.render.budgets import print_budgets

    print_budgets(usages)
    return 0
