"""Entry listings as JSON and CSV, streamed row by row so memory stays flat."""

from __future__ import annotations

import csv
from typing import TextIO

from aostime.money import hours
from aostime.render.json import write_streamed
from aostime.shapes import entry_document, money

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

    docs = (entry_document(e, run.zone) for e in tracking.iter_entries(run, query))
    write_streamed({}, "entries", docs, tail, out)


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
