"""iCalendar (RFC 5545): one VEVENT per finished entry, written with the icalendar package (the
optional extra aostime[ical]), one event at a time, so memory stays flat.

- UID: `entry-<id>@aostime`, the same in every export of the database (a calendar that
  subscribes to the file updates events instead of duplicating them);
- DTSTART, DTEND: UTC; DTSTAMP: the end (the entry's last known change; a fixed value keeps two
  exports of the same entries byte for byte the same);
- SUMMARY: `Project: description` (the project alone without one); DESCRIPTION: the client, the
  task, the tags (`tags: a, b`), the description and the notes, one to a line; CATEGORIES:
  client and project;
- TRANSP: TRANSPARENT (logged work is not a busy slot to plan around).
Running entries, users, rates and amounts are left out. `aos import ical` (interchange/ical.py)
reads these events back as the entries they were.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from aostime.errors import BadInput
from aostime.interchange.writers.fields import TAGS_LINE, Doc, doc_tags, finished, utc

PRODID = "-//aostime//aostime export//EN"
HEAD = ("BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN")


def library():
    try:
        import icalendar
    except ImportError:
        raise BadInput("the ical format needs the icalendar package: pip install 'aostime[ical]'") from None
    return icalendar


def uid(doc: Doc) -> str:
    return f"entry-{doc['id']}@aostime"


def event(doc: Doc, icalendar=None):
    icalendar = icalendar or library()
    start, end = utc(doc["start_time"]), utc(doc["end_time"])
    description = doc.get("description") or ""
    ev = icalendar.Event()
    ev.add("uid", uid(doc))
    ev.add("dtstamp", end)
    ev.add("dtstart", start)
    ev.add("dtend", end)
    ev.add("summary", f"{doc['project_name']}: {description}" if description else doc["project_name"])
    tags = doc_tags(doc)
    lines = [f"Client: {doc['client_name']}" if doc.get("client_name") else "",
             f"Task: {doc['task_name']}" if doc.get("task_name") else "",
             f"{TAGS_LINE}{', '.join(tags)}" if tags else "", description, doc.get("notes") or ""]  # fmt: skip
    text = "\n".join(line for line in lines if line)
    if text:
        ev.add("description", text)
    ev.add("categories", [c for c in (doc.get("client_name"), doc["project_name"]) if c])
    ev.add("transp", "TRANSPARENT")
    return ev


def write_ical(docs: Iterable[Doc], out: TextIO) -> int:
    icalendar = library()  # before anything is written: a missing package leaves no half file
    out.write("\r\n".join(HEAD) + "\r\n")
    count = 0
    for doc in docs:
        if finished(doc):
            out.write(event(doc, icalendar).to_ical().decode("utf-8"))
            count += 1
    out.write("END:VCALENDAR\r\n")
    return count
