"""Entry listings as JSON and CSV, streamed row by row so memory stays flat."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, tzinfo

from aostime.domain.documents import currency_totals, entry_document, money
from aostime.domain.money import hours
from aostime.domain.reports import day_of
from aostime.domain.tags import from_joined
from aostime.domain.timeparse import show
from aostime.domain.versions import STAMP
from aostime.domain.versions import stored_entry_version as version
from aostime.render.json import _string, dumps, write_streamed

TYPE_CHECKING = False  # typing (and csv, below) cost milliseconds that `aos list --json` need not pay
if TYPE_CHECKING:
    from typing import TextIO

CSV_FIELDS = (
    "id", "date", "start_time", "end_time", "duration", "hours", "client_id", "client_name",
    "project_id", "project_name", "task_id", "task_name", "user_id", "user_name", "description",
    "notes", "billable", "hourly_rate", "amount", "currency", "invoiced", "invoice_id", "tags",
)  # fmt: skip


def write_entries_json(rows: Iterator[tuple], lookups: tuple, zone: tzinfo, entry_of, out: TextIO) -> None:
    """{"entries": [...], "total_hours", "total_amount", "count", "totals_by_currency"} of the
    listing's lean rows (see entry_json_rows); the totals are summed per currency over the very
    rows written (integers: seconds and cents), so they always agree with them. total_amount is
    null when the entries are in several currencies."""
    from aostime.domain.documents import entry_sums

    sums = entry_sums(())

    def tail():
        overall = sums.overall()
        return {
            "total_hours": hours(overall["seconds"]), "total_amount": money(overall["cents"]),
            "count": overall["count"], "totals_by_currency": currency_totals(sums),
        }  # fmt: skip

    rows = entry_json_rows(rows, lookups, zone, entry_of, sums=sums)
    first = next(rows, None)  # an unreadable file fails here, before half a document is written
    items = rows if first is None else itertools.chain((first,), rows)
    write_streamed({}, "entries", items, tail, out, encode=str)


_UTC_NAMES = {"UTC", "Etc/UTC", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu"}
_BOOL = ("false", "true")
_NO_TAGS = {"true": '[], "running": true', "false": '[], "running": false'}  # an entry without tags, as written
_CACHE_LIMIT = 10_000


def entry_json_rows(rows: Iterator[tuple], lookups: tuple, zone: tzinfo, entry_of, batch: int = 500,
                    sums=None) -> Iterator[str]:  # fmt: skip
    """The JSON text of entry_document(entry, zone) for each lean row (services.listing's
    listing_rows, with its listing_lookups: names, client currencies, invoice numbers), `batch`
    entries joined by ",\\n  " per item (write_streamed puts the same separator between items),
    built from lean rows (one join) with per-value caches: an all-time listing of 1M entries
    is ~5x faster than Entry -> dict -> dumps. Every value comes from the function that
    dumps(entry_document(...)) would use (hours, money, show, the JSON string escaper), only
    cached; a row this path cannot take (an unknown name) goes the slow way: entry_of(id) gives
    its Entry.
    tests/store/test_fast_entry_rows.py keeps it byte-identical to the slow way. `sums`, if
    given (documents.entry_sums), gets count, seconds and cents added per currency as rows are read
    (a running entry adds no seconds and no money, as in Store.entry_totals)."""
    names, currencies, numbers = lookups
    currency_json = {client_id: _string(code) for client_id, code in currencies.items()}
    utc = zone is UTC or getattr(zone, "key", None) in _UTC_NAMES
    groups: dict[tuple, str] = {}
    durations: dict[int, str] = {}
    amounts: dict[int, str] = {}

    def group(key: tuple) -> str:
        if len(groups) > _CACHE_LIMIT:
            groups.clear()
        project_id, task_id, client_id, user_id = key
        task = (
            'null, "task_name": null'
            if task_id is None
            else f'{task_id}, "task_name": {_string(names["task"][task_id])}'
        )
        groups[key] = text = (
            f', "project_id": {project_id}, "project_name": {_string(names["project"][project_id])}, '
            f'"task_id": {task}, "client_id": {client_id}, "client_name": {_string(names["client"][client_id])}, '
            f'"user_id": {user_id}, "user_name": {_string(names["user"][user_id])}, "start_time": '
        )
        return text

    def money_text(cents: int) -> str:
        if len(amounts) > _CACHE_LIMIT:
            amounts.clear()
        amounts[cents] = text = dumps(money(cents))
        return text

    def length_text(seconds: int) -> str:
        if len(durations) > _CACHE_LIMIT:
            durations.clear()
        durations[seconds] = text = f', "duration": {seconds}, "hours": {dumps(hours(seconds))}, "date": '
        return text

    def local(stamp: str) -> tuple[str, str]:
        """(a stored UTC stamp as local JSON text, its local date)."""
        if utc and len(stamp) == 19 and stamp[10] == " ":
            return f'"{stamp[:10]}T{stamp[11:]}+00:00"', stamp[:10]
        moment = datetime.fromisoformat(stamp).replace(tzinfo=UTC)
        return _string(show(moment, zone)), day_of(moment, zone).isoformat()

    def encode(row) -> str:
        (entry_id, project_id, task_id, client_id, user_id, start, end, seconds, description, notes,
         billable, rate, cents, invoiced, invoice_id, tag_text) = row  # fmt: skip
        key = (project_id, task_id, client_id, user_id)
        head = groups.get(key) or group(key)
        if utc and len(start) == 19 and start[10] == " ":
            start_text, day = f'"{start[:10]}T{start[11:]}+00:00"', start[:10]
        else:
            start_text, day = local(start)
        if end is None:
            end_text, length, amount, running = "null", ', "duration": null, "hours": null, "date": ', "null", "true"
        else:
            if utc and len(end) == 19 and end[10] == " ":
                end_text = f'"{end[:10]}T{end[11:]}+00:00"'
            else:
                end_text = local(end)[0]
            length = durations.get(seconds) or length_text(seconds)
            amount = amounts.get(cents) or money_text(cents)
            running = "false"
        if tag_text is None:  # most entries: no tags, nothing more to do per row
            tag = version(entry_id, project_id, task_id, user_id, stamp(start), None if end is None else stamp(end),
                          description, notes, billable, rate, cents, invoiced, invoice_id)  # fmt: skip
            tags_running = _NO_TAGS[running]
        else:
            tags = from_joined(tag_text)
            tag = version(entry_id, project_id, task_id, user_id, stamp(start), None if end is None else stamp(end),
                          description, notes, billable, rate, cents, invoiced, invoice_id, tags)  # fmt: skip
            tags_running = "[" + ", ".join(_string(name) for name in tags) + '], "running": ' + running
        if invoice_id is None:
            invoice = 'null, "invoice_number": null'
        else:
            number = numbers.get(invoice_id)
            invoice = f'{invoice_id}, "invoice_number": {"null" if number is None else _string(number)}'
        # at most 30 pieces: past that CPython builds an f-string through a list and str.join (~5% here)
        return (
            f'{{"id": {entry_id}{head}{start_text}, "end_time": {end_text}{length}"{day}", '
            f'"description": {_string(description)}, "notes": {_string(notes)}, '
            f'"billable": {_BOOL[billable]}, "hourly_rate": {amounts.get(rate) or money_text(rate)}, '
            f'"amount": {amount}, "currency": {currency_json[client_id]}, "invoiced": {_BOOL[invoiced]}, '
            f'"invoice_id": {invoice}, "tags": {tags_running}, "version": "{tag}"}}'
        )

    def stamp(text: str) -> str:
        """A stored instant as the UTC text versions are of (domain.versions.STAMP)."""
        if len(text) == 19 and text[10] == " ":
            return text
        return datetime.fromisoformat(text).astimezone(UTC).strftime(STAMP)

    def slow(row) -> str:
        return dumps(entry_document(entry_of(row[0]), zone))

    done: list[str] = []
    per_client: dict[int, list[int]] = {}  # client id -> [count, seconds, cents]
    for row in rows:
        figures = per_client.get(row[3])
        if figures is None:
            figures = per_client[row[3]] = [0, 0, 0]
        figures[0] += 1
        figures[1] += row[7] or 0  # duration: NULL while running
        figures[2] += row[12] or 0  # amount_cents
        try:
            done.append(encode(row))
        except (KeyError, IndexError, TypeError, ValueError):
            done.append(slow(row))
        if len(done) >= batch:
            yield ",\n  ".join(done)
            done = []
    if sums is not None:  # the caller reads them once every row was yielded
        for client_id, (count, seconds, cents) in per_client.items():
            sums.add(currencies.get(client_id), count=count, seconds=seconds, cents=cents)
    if done:
        yield ",\n  ".join(done)


def csv_row(doc: dict) -> list:
    row = []
    for field in CSV_FIELDS:
        value = doc.get(field)
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, list):  # the tags, as Toggl's and Clockify's CSV write them
            value = ", ".join(value)
        row.append("" if value is None else value)
    return row


def write_entries_csv(entries: Iterable, zone: tzinfo, out: TextIO) -> None:
    from aostime.interchange.writers.csv_cells import writer as csv_writer

    writer = csv_writer(out)
    writer.writerow(CSV_FIELDS)
    for entry in entries:
        writer.writerow(csv_row(entry_document(entry, zone)))
