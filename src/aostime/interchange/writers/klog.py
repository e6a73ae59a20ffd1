"""klog's .klg file (file format specification v1.4): one record per local date, its entries in
start order, each a range in local wall time with the description as its summary.

    2026-03-02
        9:00 - 10:30 Homepage concepts #project="Website Redesign" #task="Design mockups"
        23:30 - 0:45> Late deploy #project=Ops
        14:00 - ? #project=Support

- Times are the entry's local wall time (the offsets the entry documents carry: the session's
  zone) to the minute, seconds dropped: klog has no seconds. An entry ending the next day ends
  with a shifted time (`0:45>`); one ending later still is written as its duration (`26h30m`),
  which klog counts the same but places nowhere (aostime's import lays it from day_start).
- A running entry is an open range (`9:00 - ?`); a record holds one at most, so a second one on
  the same date starts a second record of that date.
- Tags: `#project="NAME"` and `#task="NAME"` (which `aos import klog` reads back as the entry's
  project and task), then the tags the notes keep where klog's tag syntax holds them (`name` or
  `name=value`, the name of letters, digits, _ and -); others are left out.
- The summary is the description; a description of several lines continues on lines indented
  twice (blank lines dropped). Clients, users, notes and money are left out: klog has none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TextIO

from aostime.interchange.writers.fields import Doc, entry_tags, local

INDENT = "    "
_TAG_NAME = re.compile(r"[\w-]+")


def clock(moment: datetime, day: date) -> str:
    """'9:05' on the record's date, '0:45>' on the next day."""
    text = f"{moment.hour}:{moment.minute:02d}"
    return text + ">" if moment.date() > day else text


def span(seconds: int) -> str:
    hours, minutes = divmod(seconds // 60, 60)
    return (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes or not hours else "")


def tag(name: str, value: str | None = None) -> str:
    if value is None:
        return f"#{name}"
    value = " ".join(value.split())
    quote = '"' if '"' not in value else "'"
    return f"#{name}={quote}{value.replace(quote, '')}{quote}"


def tags(doc: Doc) -> list[str]:
    found = [tag("project", doc["project_name"])]
    if doc.get("task_name"):
        found.append(tag("task", doc["task_name"]))
    for kept in entry_tags(doc)[1 if doc.get("task_name") else 0 :]:
        name, eq, value = kept.partition("=")
        if _TAG_NAME.fullmatch(name):
            found.append(tag(name, value) if eq and value else tag(name))
    return list(dict.fromkeys(found))


def entry_lines(doc: Doc, day: date) -> list[str]:
    start = local(doc["start_time"]).replace(second=0)
    if doc.get("end_time") is None:
        head = f"{clock(start, day)} - ?"
    else:
        end = local(doc["end_time"]).replace(second=0)
        if end.date() - day > timedelta(days=1):
            head = span(doc["duration"])
        else:
            head = f"{clock(start, day)} - {clock(end, day)}"
    text = [line.strip() for line in (doc.get("description") or "").splitlines() if line.strip()]
    first = " ".join([*text[:1], *tags(doc)])
    return [f"{INDENT}{head} {first}".rstrip(), *(f"{INDENT * 2}{line}" for line in text[1:])]


def write_klog(docs: Iterable[Doc], out: TextIO) -> int:
    count = 0
    day: date | None = None
    opened = False
    for doc in docs:
        start_day = local(doc["start_time"]).date()
        running = doc.get("end_time") is None
        if start_day != day or (running and opened):
            out.write(("\n" if day is not None else "") + start_day.isoformat() + "\n")
            day, opened = start_day, False
        opened = opened or running
        out.write("\n".join(entry_lines(doc, day)) + "\n")
        count += 1
    return count
