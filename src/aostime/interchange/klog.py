"""klog's plain-text .klg files (file format specification v1.4).

    2026-03-02 (8h!)
    Office day #acme
        9:00 - 12:30 Homepage concepts #design
        1h30m Code review
        <23:30 - 0:45 Late deploy
        14:00 - ? Ongoing

Each record is a date, an optional should-total (ignored), an optional record summary and its
entries. Ranges keep their times (local wall time, shifted with < and >); durations have no time
of day, so they are laid end to end from the day_start setting (09:00) on the record's date;
an open range becomes the running timer (the service starts it only if none runs). Negative and
zero-length entries cannot be aostime entries: they are left out, with a warning.

The entry summary is the description; the record summary and every tag (entry tags first, then
the record's, as name or name=value) are kept in the notes. The project is chosen from the tags
like Timewarrior's (records.choose_project). Entries carry no id, so the source_id is a hash of
the date, the entry and its summary (and its rank among identical ones).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo

from aostime.domain.timeparse import localize
from aostime.errors import BadInput
from aostime.interchange.records import Batch, ImportedEntry, UniqueIds, content_id, fail, join_notes, tags_note

SOURCE = "klog"

_DATE = re.compile(r"(\d{4})[-/](\d{2})[-/](\d{2})(?:[ ]+\((-|\+)?((?:\d+h)?(?:\d+m)?)!\))?[ \t]*$")
_TIME = r"<?\d{1,2}:\d{2}(?:am|pm)?>?"
_RANGE = re.compile(rf"({_TIME})[ ]*-[ ]*({_TIME}|\?+)(?=$|[ ])")
_DURATION = re.compile(r"([+-])?(?:(\d+)h)?(?:(\d+)m)?(?=$|[ ])")
_TIME_PARTS = re.compile(r"(<)?(\d{1,2}):(\d{2})(am|pm)?(>)?")
_TAG = re.compile(r"#([\w-]+)(?:=(?:\"([^\"\n]*)\"|'([^'\n]*)'|([\w-]+)))?")


def tags_of(text: str) -> list[str]:
    """'#Design #ticket=891 #project="22/48.3"' -> ['design', 'ticket=891', 'project=22/48.3']
    (names are case-insensitive, values literal; an empty value is no value)."""
    tags = []
    for match in _TAG.finditer(text):
        name = match.group(1).casefold()
        value = next((g for g in match.groups()[1:] if g), "")
        tags.append(f"{name}={value}" if value else name)
    return tags


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


class _Record:
    def __init__(self, day: date, line: int) -> None:
        self.day, self.line = day, line
        self.summary: list[str] = []
        self.entries: list[dict] = []  # {"line", "kind", "value", "summary": [str]}
        self.unit: str | None = None  # one level of indentation


def _records(text: str, path: str) -> list[_Record]:
    records: list[_Record] = []
    current: _Record | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r")
        if not line.strip():
            current = None
            continue
        where = f"line {number}"
        if current is None:
            match = _DATE.match(line)
            if not match:
                raise fail(path, where, f"a record must start with a date like 2026-03-02: {line.strip()[:60]!r}")
            try:
                day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                raise fail(path, where, f"{line.split()[0]!r} is not a calendar date") from None
            current = _Record(day, number)
            records.append(current)
            continue
        indent = _indent(line)
        if not indent:
            if current.entries:
                raise fail(path, where, "the record summary must come before the entries (indent entries once)")
            current.summary.append(line.strip())
            continue
        if current.unit is None:
            if indent not in ("\t", "  ", "   ", "    "):
                raise fail(path, where, "indent entries with 4 (or 2, 3) spaces or one tab")
            current.unit = indent
        if indent == current.unit:
            current.entries.append(_entry_line(line[len(indent) :], path, where, number))
        elif indent.startswith(current.unit * 2) and current.entries:
            current.entries[-1]["summary"].append(line[len(current.unit * 2) :].strip())
        else:
            raise fail(path, where, "indentation differs from the record's other lines")
    return records


def _entry_line(body: str, path: str, where: str, number: int) -> dict:
    match = _RANGE.match(body)
    if match:
        kind = "open" if match.group(2).startswith("?") else "range"
        value = (match.group(1), match.group(2))
    else:
        match = _DURATION.match(body)
        if not match or not (match.group(2) or match.group(3)):
            raise fail(
                path, where, f"not an entry (a range 9:00 - 10:00, a duration 1h30m, or 9:00 - ?): {body[:60]!r}"
            )
        if match.group(2) and match.group(3) and int(match.group(3)) > 59:
            raise fail(path, where, f"{match.group(0)!r}: minutes must be below 60 when hours are given")
        seconds = int(match.group(2) or 0) * 3600 + int(match.group(3) or 0) * 60
        kind, value = "duration", -seconds if match.group(1) == "-" else seconds
    rest = body[match.end() :]
    summary = [rest[1:].strip()] if rest.strip() else []
    return {"line": number, "kind": kind, "value": value, "text": match.group(0).strip(), "summary": summary}


def _clock(text: str, day: date, path: str, where: str) -> datetime:
    """'<23:30' / '1:30>' / '8:00am' on a record's date -> naive local datetime."""
    match = _TIME_PARTS.fullmatch(text)
    if not match:
        raise fail(path, where, f"{text!r} is not a time")
    before, hour, minute, half, after = match.groups()
    hour, minute = int(hour), int(minute)
    if before and after or minute > 59:
        raise fail(path, where, f"{text!r} is not a time")
    if half:
        if not 1 <= hour <= 12:
            raise fail(path, where, f"{text!r}: a 12-hour time runs from 1 to 12")
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif hour > 24 or (hour == 24 and (minute or after)):
        raise fail(path, where, f"{text!r} is not a time (0:00 to 24:00)")
    shift = -1 if before else 1 if after else 0
    if hour == 24:
        hour, shift = 0, shift + 1
    return datetime.combine(day + timedelta(days=shift), time(hour, minute))


def parse(text: str, path: str, zone: tzinfo, day_start: time = time(9, 0)) -> Batch:
    batch = Batch("klog", path)
    ids = UniqueIds()
    for record in _records(text, path):
        record_summary = "\n".join(record.summary)
        record_tags = tags_of(record_summary)
        stacked = datetime.combine(record.day, day_start)
        open_ranges = 0
        for item in record.entries:
            where = f"line {item['line']}"
            summary = "\n".join(item["summary"])
            tags = tuple(dict.fromkeys(tags_of(summary) + record_tags))
            notes = join_notes(record_summary, tags_note(tags))
            key = ids(content_id(record.day.isoformat(), item["text"], summary))
            if item["kind"] == "duration":
                if item["value"] <= 0:
                    batch.dropped += 1
                    what = "a negative duration" if item["value"] < 0 else "a zero duration"
                    batch.warnings.append(f"{path}: {where}: {what} ({item['text']}) was left out")
                    continue
                begin, finish = stacked, stacked + timedelta(seconds=item["value"])
                stacked = finish
            else:
                begin = _clock(item["value"][0], record.day, path, where)
                finish = None if item["kind"] == "open" else _clock(item["value"][1], record.day, path, where)
                if item["kind"] == "open":
                    open_ranges += 1
                    if open_ranges > 1:
                        raise fail(path, where, "a record may hold only one open range")
                elif finish < begin:
                    raise fail(path, where, f"the range {item['text']!r} ends before it starts")
                elif finish == begin:
                    batch.dropped += 1
                    batch.warnings.append(f"{path}: {where}: a range of no length ({item['text']}) was left out")
                    continue
            try:
                start_utc = localize(begin, zone, f"{record.day} {begin:%H:%M}")
                end_utc = localize(finish, zone, f"{record.day} {finish:%H:%M}") if finish else None
            except BadInput as exc:
                raise fail(path, where, str(exc)) from None
            if end_utc is not None and end_utc <= start_utc:
                raise fail(path, where, f"the range {item['text']!r} has no length in the local zone")
            entry = ImportedEntry(
                start_utc, end_utc, None, where, SOURCE, key, description=summary, notes=notes, tags=tags
            )
            batch.entries.append(entry)
    return batch
