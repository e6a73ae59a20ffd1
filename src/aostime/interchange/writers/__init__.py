"""`aos export`'s formats of other tools: pure functions over entry documents (the dicts of
aostime_json.entry_documents, oldest first), each writing one document to a text stream and
returning the number of entries written.

    watson, timewarrior   frames.py       Watson's frames file, Timewarrior's data-file lines
    klog                  klog.py         a .klg file of records per local date
    timeclock             timeclock.py    hledger's timeclock (i/o lines)
    ical                  ical.py         iCalendar VEVENTs (RFC 5545; the icalendar package)
    toggl, clockify,      spreadsheets.py the detailed CSV exports of those tools
    harvest, kimai

What every format shares (see each module for the rest):
- Running entries are left out, except by klog (an open range `9:00 - ?`) and timeclock (a
  clock-in without its clock-out, at the end of the file): the others have no place for one.
- Tags: the importers keep a source's tags in the notes as a line `tags: a, b`; the formats
  with tags write them back as tags (tags_of_notes), after the task's name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

Doc = dict[str, Any]
Write = Callable[[Iterable[Doc], TextIO], int]

FORMATS = ("watson", "timewarrior", "klog", "timeclock", "ical", "toggl", "clockify", "harvest", "kimai")


def writer(fmt: str) -> Write:
    """The writer of a format: write(entry documents, out) -> the number of entries written."""
    from aostime.interchange.writers import frames, ical, klog, spreadsheets, timeclock

    return {
        "watson": frames.write_watson,
        "timewarrior": frames.write_timewarrior,
        "klog": klog.write_klog,
        "timeclock": timeclock.write_timeclock,
        "ical": ical.write_ical,
        "toggl": spreadsheets.write_toggl,
        "clockify": spreadsheets.write_clockify,
        "harvest": spreadsheets.write_harvest,
        "kimai": spreadsheets.write_kimai,
    }[fmt]


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
