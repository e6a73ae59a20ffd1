"""A record's version: what an ETag names and If-Match compares (no import of the models,
so the commands that read records stay light)."""

from __future__ import annotations


def version_of(record: tuple) -> str:
    """Changes whenever anything shown of a record (an entry, a client...) changes: an edit made
    on a stale view of it (HTTP If-Match against the ETag) is refused instead of silently undoing
    another person's."""
    import hashlib

    return hashlib.sha256(repr((type(record).__name__, *record)).encode()).hexdigest()[:20]


def check_version(record: tuple, expected: str | None, what: str) -> None:
    """Refuse (Stale) an edit that names a version the record no longer has."""
    if expected is not None and expected != version_of(record):
        from aostime.errors import Stale

        raise Stale(f"{what} was changed since it was read; read it again and redo the change")
