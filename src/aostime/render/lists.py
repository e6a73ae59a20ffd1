"""Entry listings as JSON and CSV, streamed row by row so memory stays flat."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TextIO

from aostime.money import hours
from aostime.render.json import _string, dumps, write_streamed
from aostime.shapes import entry_document, money
from aostime.timeparse import show

CSV_FIELDS = (
    "id", "date", "start_time", "end_time", "duration", "hours", "client_id", "client_name",
    "project_id", "project_name", "task_id", "task_name", "user_id", "user_name", "description",
    "notes", "billable", "hourly_rate", "amount", "invoiced", "invoice_id",
)  # fmt: skip


def write_entries_json(run, query, out: TextIO) -> None:
    from aostime.services import tracking

    def tail():
        count, seconds, cents = tracking.entry_totals(run, query)
        return {"total_hours": hours(seconds), "total_amount": money(cents), "count": count}

    write_streamed({}, "entries", entry_json_rows(run, query), tail, out, encode=str)


_UTC_NAMES = {"UTC", "Etc/UTC", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu"}
_BOOL = ("false", "true")
_CACHE_LIMIT = 10_000


def entry_json_rows(run, query) -> Iterator[str]:
    """The JSON text of entry_document(entry, run.zone) for each entry the query lists, built
    from lean rows (one join) with per-value caches: an all-time listing of 1M entries is
    several times faster than Entry -> dict -> dumps. Every value goes through the function
    dumps(entry_document(...)) would use (hours, money, show, the JSON string escaper), only
    cached; a row this path cannot take (an unknown name) goes the slow way. tests/render/
    test_fast_entry_rows.py keeps it byte-identical to the slow way."""
    store, zone = run.store, run.zone
    names = {kind: store.names(kind) for kind in ("project", "task", "client", "user")}
    numbers = store.invoice_number_map()
    utc = zone is UTC or getattr(zone, "key", None) in _UTC_NAMES
    groups: dict[tuple, str] = {}
    durations: dict[int, str] = {}
    amounts: dict[int, str] = {}

    def group(project_id, task_id, client_id, user_id) -> str:
        task = (
            'null, "task_name": null'
            if task_id is None
            else f'{task_id}, "task_name": {_string(names["task"][task_id])}'
        )
        return (
            f', "project_id": {project_id}, "project_name": {_string(names["project"][project_id])}, '
            f'"task_id": {task}, "client_id": {client_id}, "client_name": {_string(names["client"][client_id])}, '
            f'"user_id": {user_id}, "user_name": {_string(names["user"][user_id])}, "start_time": '
        )

    def money_text(cents) -> str:
        text = amounts.get(cents)
        if text is None:
            if len(amounts) > _CACHE_LIMIT:
                amounts.clear()
            text = amounts[cents] = dumps(money(cents))
        return text

    def local(stamp: str) -> tuple[str, str]:
        """(start or end as JSON text, local date) of a stored UTC stamp."""
        if utc and len(stamp) == 19 and stamp[10] == " ":
            return f'"{stamp[:10]}T{stamp[11:]}+00:00"', stamp[:10]
        moment = datetime.fromisoformat(stamp).replace(tzinfo=UTC)
        return _string(show(moment, zone)), moment.astimezone(zone).date().isoformat()

    rows = store.iter_entry_rows(
        query.filters, query.limit, offset=query.offset, columns=store.ROW_COLUMNS, joins=store.ROW_FROM
    )
    for row in rows:
        (entry_id, project_id, task_id, client_id, user_id, start, end, seconds, description, notes,
         billable, rate, cents, invoiced, invoice_id) = row  # fmt: skip
        try:
            key = (project_id, task_id, client_id, user_id)
            head = groups.get(key)
            if head is None:
                if len(groups) > _CACHE_LIMIT:
                    groups.clear()
                head = groups[key] = group(*key)
            start_text, day = local(start)
            if end is None:
                end_text, length = "null", ', "duration": null, "hours": null, "date": '
            else:
                end_text = local(end)[0]
                length = durations.get(seconds)
                if length is None:
                    if len(durations) > _CACHE_LIMIT:
                        durations.clear()
                    length = durations[seconds] = f', "duration": {seconds}, "hours": {dumps(hours(seconds))}, "date": '
            number = numbers.get(invoice_id) if invoice_id is not None else None
            yield (
                f'{{"id": {entry_id}{head}{start_text}, "end_time": {end_text}{length}"{day}", '
                f'"description": {_string(description)}, "notes": {_string(notes)}, '
                f'"billable": {_BOOL[bool(billable)]}, "hourly_rate": {money_text(rate)}, '
                f'"amount": {"null" if cents is None else money_text(cents)}, "invoiced": {_BOOL[bool(invoiced)]}, '
                f'"invoice_id": {"null" if invoice_id is None else invoice_id}, '
                f'"invoice_number": {"null" if number is None else _string(number)}, "running": {_BOOL[end is None]}}}'
            )
        except (KeyError, TypeError, ValueError):
            entry = store.get_entry(entry_id)
            yield dumps(entry_document(entry, zone))


def csv_row(doc: dict) -> list:
    row = []
    for field in CSV_FIELDS:
        value = doc.get(field)
        if isinstance(value, bool):
            value = "true" if value else "false"
        row.append("" if value is None else value)
    return row


def write_entries_csv(run, query, out: TextIO) -> None:
    from aostime.services import tracking

    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    for entry in tracking.iter_entries(run, query):
        writer.writerow(csv_row(entry_document(entry, run.zone)))
