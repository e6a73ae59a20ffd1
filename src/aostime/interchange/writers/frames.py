"""Watson's frames file and Timewarrior's data-file lines: finished entries as intervals.

Watson (td-watson 2.1, watson/frames.py and utils.make_json_writer): the frames file is
`json.dumps(frames, indent=1, ensure_ascii=False)` of [start, stop, project, id, tags,
updated_at], Unix seconds. Here:
- project: the entry's project name (Watson has no clients: projects of the same name under two
  clients become one Watson project; `aos import watson --client NAME` puts them back under one);
- id: the frame id of an entry imported from Watson, else a UUID derived from the entry's id
  (32 hex digits, as Watson's uuid4().hex), so the same entry gets the same id in every export;
- tags: the task's name, then the tags the notes keep; updated_at: the stop time.
The running entry is left out (Watson keeps it in its `state` file, not in frames).

Timewarrior (1.4, Interval::serialize): `inc 20260302T090000Z - 20260302T100000Z # TAGS #
"ANNOTATION"`, times in UTC, tags sorted (Timewarrior keeps a std::set) and quoted by its
quoteIfNeeded, the annotation quoted with its " escaped. Here the tags are `project:NAME` (the
convention `aos import timewarrior --project-tag-prefix project:` reads back), the task's name and
the tags the notes keep; the annotation is the description (on one line). Timewarrior's own
serializer writes these lines byte for byte the same. Every month goes to one stream, oldest
first; Timewarrior keeps a month's intervals in data/YYYY-MM.data and, though it reads a file of
several months whole, edits an interval only in the file of its month: split the stream by the
start's year and month (characters 5-8 and 9-10 of each line), e.g.
    aos export -f timewarrior | awk '{print > (substr($2,1,4) "-" substr($2,5,2) ".data")}'
in TIMEWARRIORDB/data. The running entry is left out.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import TextIO

from aostime.interchange.writers.fields import Doc, entry_tags, finished, one_line, utc

WATSON_NAMESPACE = uuid.UUID("6f1c4a8e-3b52-4c1e-9a57-2f1d0c7b9e31")  # aostime's, for frame ids
PROJECT_TAG = "project:"


def frame_id(doc: Doc) -> str:
    if doc.get("source") == "watson" and doc.get("source_id") and not doc["source_id"].startswith("running:"):
        return doc["source_id"]
    return uuid.uuid5(WATSON_NAMESPACE, f"aostime-entry:{doc['id']}").hex


def frame(doc: Doc) -> list:
    start, stop = int(utc(doc["start_time"]).timestamp()), int(utc(doc["end_time"]).timestamp())
    return [start, stop, doc["project_name"], frame_id(doc), entry_tags(doc), stop]


def write_watson(docs: Iterable[Doc], out: TextIO) -> int:
    """The frames file, streamed: the same text as Watson's json.dumps(frames, indent=1)."""
    count = 0
    for doc in docs:
        if not finished(doc):
            continue
        text = json.dumps(frame(doc), indent=1, ensure_ascii=False).replace("\n", "\n ")
        out.write(("[\n " if count == 0 else ",\n ") + text)
        count += 1
    out.write("\n]" if count else "[]")
    return count


# -- Timewarrior ----------------------------------------------------------------------------

STAMP = "%Y%m%dT%H%M%SZ"
_OPERATORS = set("-+/()<^!=~_%")


def _escape(text: str) -> str:
    return text.replace('"', '\\"')


def quote_if_needed(tag: str) -> str:
    """Timewarrior's quoteIfNeeded: quoted when it holds a quote, a space or an operator."""
    if '"' not in tag and " " not in tag and not _OPERATORS & set(tag):
        return tag
    return f'"{_escape(tag)}"'


def interval_tags(doc: Doc) -> list[str]:
    tags = {one_line(t) for t in [PROJECT_TAG + doc["project_name"], *entry_tags(doc)]} - {""}
    return sorted(tags, key=lambda t: t.encode("utf-8"))  # std::set<std::string>: byte order


def data_line(doc: Doc) -> str:
    line = f"inc {utc(doc['start_time']):{STAMP}} - {utc(doc['end_time']):{STAMP}}"
    tags = interval_tags(doc)
    if tags:
        line += " # " + " ".join(quote_if_needed(t) for t in tags)
    annotation = one_line(doc.get("description"))
    if annotation:
        line += ("" if tags else " #") + f' # "{_escape(annotation)}"'
    return line


def write_timewarrior(docs: Iterable[Doc], out: TextIO) -> int:
    count = 0
    for doc in docs:
        if finished(doc):
            out.write(data_line(doc) + "\n")
            count += 1
    return count
