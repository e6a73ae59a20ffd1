"""`aos export`'s documents (services.exporting.Export written in a format): aostime's JSON,
streamed, and its CSV (the listing's columns, plus where each entry came from); the other tools'
formats are written by aostime.interchange.writers (see its docstring for what each holds)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TextIO


def write(export, fmt: str, out: TextIO) -> int:
    """Write the export; the number of entries written."""
    if fmt == "json":
        return _json(export, out)
    if fmt == "csv":
        return _csv(export, out)
    from aostime.interchange.writers import writer

    return writer(fmt)(export.entries, out)


def _json(export, out: TextIO) -> int:
    from aostime.render.json import write_streamed

    counted = {"n": 0}

    def counting(docs: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for doc in docs:
            counted["n"] += 1
            yield doc

    write_streamed(export.head, "entries", counting(export.entries), lambda: {"count": counted["n"]}, out)
    return counted["n"]


def _csv(export, out: TextIO) -> int:
    from aostime.interchange.writers.csv_cells import writer as csv_writer
    from aostime.render.lists import CSV_FIELDS, csv_row

    writer = csv_writer(out)
    writer.writerow((*CSV_FIELDS, "source", "source_id"))
    count = 0
    for doc in export.entries:
        writer.writerow([*csv_row(doc), doc["source"] or "", doc["source_id"] or ""])
        count += 1
    return count
