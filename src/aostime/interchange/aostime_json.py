"""aostime's own JSON: the document `aos export --format json` writes and `aos import json` reads.

    {"format": "aostime", "version": 1, "exported_at": "...",
     "settings": {"currency": "EUR", ...},            # the settings stored in the file
     "clients":  [{"id", "name", "email", "currency", "hourly_rate", "archived"}],
     "projects": [{"id", "client_id", "client_name", "name", "hourly_rate", "archived"}],
     "tasks":    [{"id", "project_id", "project_name", "name", "hourly_rate", "billable", "archived"}],
     "users":    [{"id", "name", "email", "hourly_rate", "archived"}],
     "entries":  [<SPEC §4 entry> + "source", "source_id"], "count": N}

Everything needed for a lossless round trip: an import into an empty database reproduces the
entries (times, rates, amounts, flags), the hierarchy with its rates, currencies and billable
defaults, the users and the settings. Ids are the source file's; the importer matches records
by name (client; client + project; project + task; user), since ids belong to a database.
`aos list --json` output ({"entries": [...]}) and a bare list of entries import too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, tzinfo
from decimal import Decimal
from typing import Any

from aostime.interchange.aostime_fields import _cents, _flag, _name, _text, _time, entry_tags, utc_text
from aostime.interchange.records import (
    Batch,
    ImportedClient,
    ImportedEntry,
    ImportedProject,
    ImportedTask,
    ImportedUser,
    fail,
    load_json,
)  # fmt: skip

FORMAT, VERSION = "aostime", 2  # 2: timestamps, and the whole file's invoices and counters


# -- writing --------------------------------------------------------------------------------


def head(settings: dict[str, str], clients: list, projects: list, tasks: list, users: list,
         exported_at: datetime, stamps: dict[str, dict[int, tuple]] | None = None,
         whole: dict[str, Any] | None = None) -> dict[str, Any]:  # fmt: skip
    """Everything but the entries, which are streamed after it. `stamps`: each record's
    (created_at, updated_at) by kind and id; `whole`: the whole file's invoices, invoice
    sequences and id counters (aostime_whole.py), which only a whole-file export carries."""
    from aostime.domain.documents import record_document

    def documents(kind: str, records: list) -> list[dict[str, Any]]:
        docs = [record_document(r) for r in records]
        if stamps is not None:
            for doc in docs:
                created, updated = stamps[kind][doc["id"]]
                doc.update(created_at=utc_text(created), updated_at=utc_text(updated))
        return docs

    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": utc_text(exported_at),
        "settings": dict(settings),
        "clients": documents("client", clients),
        "projects": documents("project", projects),
        "tasks": documents("task", tasks),
        "users": documents("user", users),
        **(whole or {}),
    }


def entry_documents(rows: Iterable[tuple], zone: tzinfo) -> Iterator[dict[str, Any]]:
    """(Entry, source, source_id, created_at, updated_at) -> SPEC §4 entry documents with where
    they came from and when they were written."""
    from aostime.domain.documents import entry_document

    for entry, source, source_id, created, updated in rows:
        doc = entry_document(entry, zone)
        doc.update(source=source, source_id=source_id, created_at=utc_text(created), updated_at=utc_text(updated))
        yield doc


# -- reading --------------------------------------------------------------------------------


def _records(doc: dict, key: str, path: str) -> list[dict]:
    items = doc.get(key) or []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise fail(path, key, f"'{key}' is not a list of objects")
    return items


def parse(text: str, path: str) -> Batch:
    doc = load_json(text, path, parse_float=Decimal)
    if isinstance(doc, list):
        doc = {"entries": doc}
    if not isinstance(doc, dict) or "entries" not in doc:
        raise fail(path, "", "is not an aostime export (a JSON object with 'entries')")
    if doc.get("format", FORMAT) != FORMAT or not isinstance(doc.get("version", VERSION), int):
        raise fail(path, "", f"is a {doc.get('format')!r} document, not an aostime export")
    if doc.get("version", VERSION) > VERSION:
        raise fail(path, "", f"is version {doc['version']} of the format; this aostime reads up to {VERSION}")
    batch = Batch("json", path)
    settings = doc.get("settings") or {}
    if not isinstance(settings, dict) or not all(isinstance(v, str) for v in settings.values()):
        raise fail(path, "settings", "'settings' is not an object of strings")
    batch.settings = dict(settings)
    for i, c in enumerate(_records(doc, "clients", path), 1):
        where = f"clients[{i}]"
        currency = c.get("currency")
        if currency is not None and not isinstance(currency, str):
            raise fail(path, where, f"currency {currency!r} is not a code")
        batch.clients.append(ImportedClient(
            _name(c.get("name"), path, where, "name"), c.get("email") or None, currency,
            _cents(c.get("hourly_rate"), path, where, "hourly_rate"), bool(_flag(c.get("archived"), path, where, "archived")),
        ))  # fmt: skip
    project_client: dict[Any, str] = {}
    for i, p in enumerate(_records(doc, "projects", path), 1):
        where = f"projects[{i}]"
        client = _name(p.get("client_name"), path, where, "client_name")
        project_client[p.get("id")] = client
        batch.projects.append(ImportedProject(
            client, _name(p.get("name"), path, where, "name"), _cents(p.get("hourly_rate"), path, where, "hourly_rate"),
            bool(_flag(p.get("archived"), path, where, "archived")),
        ))  # fmt: skip
    for i, t in enumerate(_records(doc, "tasks", path), 1):
        where = f"tasks[{i}]"
        if t.get("project_id") not in project_client:
            raise fail(path, where, f"project_id {t.get('project_id')!r} is not in 'projects'")
        batch.tasks.append(ImportedTask(
            project_client[t["project_id"]], _name(t.get("project_name"), path, where, "project_name"),
            _name(t.get("name"), path, where, "name"), _cents(t.get("hourly_rate"), path, where, "hourly_rate"),
            _flag(t.get("billable"), path, where, "billable"), bool(_flag(t.get("archived"), path, where, "archived")),
        ))  # fmt: skip
    for i, u in enumerate(_records(doc, "users", path), 1):
        where = f"users[{i}]"
        batch.users.append(ImportedUser(
            _name(u.get("name"), path, where, "name"), u.get("email") or None,
            _cents(u.get("hourly_rate"), path, where, "hourly_rate"), bool(_flag(u.get("archived"), path, where, "archived")),
        ))  # fmt: skip
    for i, e in enumerate(_records(doc, "entries", path), 1):
        batch.entries.append(_entry(e, path, f"entries[{i}] (id {e.get('id')})"))
    from aostime.interchange import aostime_whole

    return aostime_whole.whole_batch(batch, doc, path) if aostime_whole.is_whole(doc) else batch


def _entry(e: dict, path: str, where: str) -> ImportedEntry:
    start = _time(e.get("start_time"), path, where, "start_time")
    end = _time(e["end_time"], path, where, "end_time") if e.get("end_time") is not None else None
    if end is not None and end <= start:
        raise fail(path, where, f"end_time {e['end_time']} is not after start_time {e['start_time']}")
    source = e.get("source")
    source_id = e.get("source_id")
    if source is not None and (not isinstance(source, str) or not isinstance(source_id, str)):
        raise fail(path, where, "source and source_id must both be text")
    return ImportedEntry(
        start, end, _name(e.get("project_name"), path, where, "project_name"), where,
        source=source, source_id=source_id if source else None,
        client=_name(e.get("client_name"), path, where, "client_name", required=False),
        task=_name(e.get("task_name"), path, where, "task_name", required=False),
        user=_name(e.get("user_name"), path, where, "user_name", required=False),
        description=_text(e.get("description"), path, where, "description"),
        notes=_text(e.get("notes"), path, where, "notes"),
        billable=_flag(e.get("billable"), path, where, "billable"),
        rate_cents=_cents(e.get("hourly_rate"), path, where, "hourly_rate"),
        amount_cents=_cents(e.get("amount"), path, where, "amount") if end is not None else None,
        invoiced=bool(_flag(e.get("invoiced"), path, where, "invoiced")) and end is not None,
        tags=entry_tags(e, path, where),
    )  # fmt: skip
