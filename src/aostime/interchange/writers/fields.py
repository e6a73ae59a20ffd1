"""What the writers read from an entry document, the same way in every format: its times, whether
it is finished, its tags, a one-line text."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

Doc = dict[str, Any]

TAGS_LINE = "tags: "  # records.tags_note


def tags_of_notes(notes: str | None) -> list[str]:
    """The tags an importer kept in the notes ('tags: design, review'), in order."""
    tags: list[str] = []
    for line in (notes or "").splitlines():
        if line.startswith(TAGS_LINE):
            tags += [t.strip() for t in line[len(TAGS_LINE) :].split(", ") if t.strip()]
    return tags


def entry_tags(doc: Doc) -> list[str]:
    """The task's name, then the tags kept in the notes, each once."""
    tags = [doc["task_name"]] if doc.get("task_name") else []
    return list(dict.fromkeys(tags + tags_of_notes(doc.get("notes"))))


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
