"""A record's version: what an ETag names and If-Match compares (no import of the models,
so the commands that read records stay light)."""

from __future__ import annotations


def version_of(record: tuple) -> str:
    """Changes whenever anything shown of a record (an entry, a client...) changes: an edit made
    on a stale view of it (HTTP If-Match against the ETag, `aos edit --if-version`) is refused
    instead of silently undoing another person's."""
    import hashlib

    if type(record).__name__ == "Entry":
        return entry_version(record)
    return hashlib.sha256(repr((type(record).__name__, *record)).encode()).hexdigest()[:20]


def entry_version(entry) -> str:
    """An entry's version: of its own stored fields (not the names of its project or client, which
    change elsewhere), so that a listing says it from its lean rows (render.lists) as cheaply as
    from an Entry."""
    from datetime import UTC

    end = None if entry.end is None else entry.end.astimezone(UTC).strftime(STAMP)
    return stored_entry_version(entry.id, entry.project_id, entry.task_id, entry.user_id,
                                entry.start.astimezone(UTC).strftime(STAMP), end, entry.description, entry.notes,
                                entry.billable, entry.hourly_rate_cents, entry.amount_cents, entry.invoiced,
                                entry.invoice_id, entry.tags)  # fmt: skip


STAMP = "%Y-%m-%d %H:%M:%S"  # a UTC instant as SQLite stores it


def stored_entry_version(entry_id, project_id, task_id, user_id, start: str, end: str | None, description: str,
                         notes: str, billable, rate_cents: int, amount_cents, invoiced, invoice_id,
                         tags=()) -> str:  # fmt: skip
    """The version of an entry's stored fields, its instants as UTC text (STAMP); texts carry their
    length, so no two differ only in where one ends. A listing pays it per row: one f-string and
    BLAKE2 (faster here than repr and SHA-256). Tags (sorted) count when there are any, so the
    version of an entry without tags is what it was before entries had tags."""
    from hashlib import blake2b

    text = (f"{entry_id}|{project_id}|{task_id}|{user_id}|{start}|{end}|{len(description)}:{description}|"
            f"{len(notes)}:{notes}|{billable:d}|{rate_cents}|{amount_cents}|{invoiced:d}|{invoice_id}")  # fmt: skip
    if tags:
        text += "|tags:" + "\x1f".join(tags)  # tags hold no control characters (domain.tags)
    return blake2b(text.encode(), digest_size=10).hexdigest()


def check_version(record: tuple, expected: str | None, what: str) -> None:
    """Refuse (Stale) an edit that names a version the record no longer has."""
    if expected is not None and expected != version_of(record):
        from aostime.errors import Stale

        raise Stale(f"{what} was changed since it was read; read it again and redo the change")
