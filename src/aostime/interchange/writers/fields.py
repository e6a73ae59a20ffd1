"""What the writers read from an entry document, the same way in every format: its times, whether
it is finished, its tags, a one-line text."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

Doc = dict[str, Any]

TAGS_LINE = "tags: "  # how imports kept a source's tags before entries had tags of their own


def tags_of_notes(notes: str | None) -> list[str]:
    """The tags an earlier import kept in the notes ('tags: design, review'), in order."""
    tags: list[str] = []
    for line in (notes or "").splitlines():
        if line.startswith(TAGS_LINE):
            tags += [t.strip() for t in line[len(TAGS_LINE) :].split(", ") if t.strip()]
    return tags


def doc_tags(doc: Doc) -> list[str]:
    """The entry's tags, then those an earlier import kept in its notes, each once (by folded name)."""
    return _once([*(doc.get("tags") or ()), *tags_of_notes(doc.get("notes"))])


def entry_tags(doc: Doc) -> list[str]:
    """The task's name, then doc_tags, each once."""
    return _once([*([doc["task_name"]] if doc.get("task_name") else []), *doc_tags(doc)])


def _once(tags: list[str]) -> list[str]:
    from aostime.domain.names import fold

    kept: dict[str, str] = {}
    for tag in tags:
        kept.setdefault(fold(tag), tag)
    return list(kept.values())


def local(text: str) -> datetime:
    """An entry document's time (ISO with the session zone's offset): aware, in that offset."""
    return datetime.fromisoformat(text)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def finished(doc: Doc) -> bool:
    return doc.get("end_time") is not None


def one_line(text: str | None) -> str:
    """Text for a one-line field: line breaks and tabs become spaces, blanks collapsed."""
    return " ".join((text or "").split())
