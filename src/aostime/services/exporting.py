"""`aos export` and GET /export: the entries a query covers, written in one of the export
formats from one snapshot. A member's export holds their own entries and the records those
use; the whole file (settings, every record) is exported only unfiltered, by a manager."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TextIO

from aostime.errors import BadInput
from aostime.services import Session, access, reading, remote_capable

EXPORT_FORMATS = ("json", "csv")


def export_format(fmt: str) -> str:
    name = fmt.strip().lower()
    if name not in EXPORT_FORMATS:
        raise BadInput(f"unknown export format {fmt!r}; known: {', '.join(EXPORT_FORMATS)}")
    return name


@remote_capable
def write_export(session: Session, out: TextIO, fmt: str = "json", project: str | None = None,
                 task: str | None = None, client: str | None = None, user: str | None = None,
                 billable: bool | None = None, invoiced: bool | None = None, since: str | None = None,
                 until: str | None = None) -> int:  # fmt: skip
    """Write the export to `out`; the number of entries written."""
    from aostime.services import listing

    fmt = export_format(fmt)
    query = listing.entry_query(session, project, task, client, user, billable, invoiced, since, until)
    asked = (project, task, client, user, billable, invoiced, since, until)
    filtered = any(v is not None for v in asked) or access.only_user_id(session) is not None
    with reading(session):
        if fmt == "json":
            return _write_json(session, query.filters, filtered, out)
        return _write_csv(session, query.filters, out)


def _write_json(session: Session, filters: dict[str, Any], filtered: bool, out: TextIO) -> int:
    from aostime.interchange import aostime_json
    from aostime.render.json import write_streamed

    store = session.store
    refs = store.entry_refs(filters) if filtered else None
    catalog = {}
    for kind in ("client", "project", "task", "user"):
        records = store.list_records(kind, include_archived=True)
        catalog[kind] = [r for r in records if refs is None or r.id in refs[kind]]
    settings = {} if filtered else store.all_settings()
    head = aostime_json.head(settings, catalog["client"], catalog["project"], catalog["task"], catalog["user"],
                             session.now)  # fmt: skip
    counted = {"n": 0}

    def counting(docs: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for doc in docs:
            counted["n"] += 1
            yield doc

    entries = aostime_json.entry_documents(store.iter_entries_for_export(filters), session.zone)
    write_streamed(head, "entries", counting(entries), lambda: {"count": counted["n"]}, out)
    return counted["n"]


def _write_csv(session: Session, filters: dict[str, Any], out: TextIO) -> int:
    """Entry documents (with source and source_id), oldest first."""
    import csv

    from aostime.interchange import aostime_json
    from aostime.render.lists import CSV_FIELDS, csv_row

    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow((*CSV_FIELDS, "source", "source_id"))
    count = 0
    for doc in aostime_json.entry_documents(session.store.iter_entries_for_export(filters), session.zone):
        writer.writerow([*csv_row(doc), doc["source"] or "", doc["source_id"] or ""])
        count += 1
    return count
