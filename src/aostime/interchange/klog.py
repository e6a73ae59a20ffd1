"""klog's plain-text .klg files (file format specification v1.4, read as klog's own parser reads it).

    2026-03-02 (8h!)
    Office day #acme
        9:00 - 12:30 Homepage concepts #design
        1h30m Code review
        -30m Lunch break
        <23:30 - 0:45 Late deploy
        14:00 - ? Ongoing

A record is a date (2026-03-02 or 2026/03/02), an optional should-total (checked, then ignored),
an optional record summary, and entries indented once by 4, 3 or 2 spaces or a tab (one style per
record). An entry's summary follows it after one space or tab; its further lines are indented
twice. Lines of spaces and tabs only separate records.

Times are wall-clock times in the given zone. Ranges keep their times (shifted a day with < and
>). Durations have no time of day: they are laid end to end from the day_start setting (09:00) on
the record's date, each exactly as long as it says. An open range becomes the running timer (the
service starts it only if none runs). Zero-length entries are left out, with a warning.

Negative durations (-45m Lunch break) subtract, as in `klog total`. aostime entries cannot be
negative, so a record's negative durations are taken off the ends of its own finished entries:
first its durations (aostime chose their times), the last listed first, then its ranges, the last
listed first. A shortened entry says so in its notes; one used up entirely is left out with a
warning. So a record's entries add up to its klog total; when that total is below zero, the part
no entry can absorb is left out, with a warning.

A wall time a DST change skips (2:30 on a spring-forward day in Europe/Berlin) is most likely
written by a clock not yet changed: it is read with the offset before the change, so moved forward
by the gap (2:30 -> 3:30), as Python (PEP 495), java.time and most tools read it, with a warning.
A range that then does not end after its start is left out, with a warning; the rest of the file
is imported. A wall time the autumn change repeats means its first occurrence. Lengths are real
elapsed time: a range across a DST change is shorter or longer than klog's wall-clock difference.

The entry summary is the description, less the tags ending its first line (those `aos export
--format klog` appends); the record summary and every tag (entry tags first, then the record's, as
name or name=value) are kept in the notes. A `#project=NAME` tag names the entry's project and a
`#task=NAME` tag its task (the entry's own, else its record's; aostime's klog export writes them);
these two are not kept among the tags. Otherwise the project is chosen from the tags like
Timewarrior's (records.choose_project). Entries carry no id, so the source_id is a hash of
the date, the entry and its summary (and its rank among identical ones).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from aostime.domain.timeparse import localize, zone_name
from aostime.errors import BadInput
from aostime.interchange.records import (
    Batch,
    ImportedEntry,
    UniqueIds,
    clean_name,
    content_id,
    fail,
    join_notes,
)

SOURCE = "klog"

_BLANKS = " \t"  # klog's blank lines and separators are made of these two only
_INDENTS = ("    ", "   ", "  ", "\t")  # klog takes the first that a record's first indented line starts with
# [0-9], not \d: klog (Go) reads ASCII digits only, and Python's \d would take any script's digits
_DATE = re.compile(r"([0-9]{4})([-/])([0-9]{2})\2([0-9]{2})(?=[ \t]|$)")  # one separator, not both
_SHOULD_TOTAL = re.compile(r"[ \t]+\([ \t]*([^!)]*)![ \t]*\)")
_DURATION = re.compile(r"([+-])?(?:([0-9]+)h)?(?:([0-9]+)m)?")
_TIME = r"<?[0-9]{1,2}:[0-9]{2}(?:am|pm)?>?"
_RANGE = re.compile(rf"({_TIME}) *- *({_TIME}|\?+)(?=[ \t]|$)")  # only spaces around the dash
_TIME_PARTS = re.compile(r"(<)?([0-9]{1,2}):([0-9]{2})(am|pm)?(>)?")
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


# -- the text: records, summaries, entries --------------------------------------------------


class _Record:
    def __init__(self, day: date, line: int) -> None:
        self.day, self.line = day, line
        self.summary: list[str] = []
        self.entries: list[dict] = []  # {"line", "kind", "value", "text", "summary": [str]}
        self.unit: str | None = None  # one level of indentation


def _is_blank_char(char: str) -> bool:
    """The spec's "blank character": a tab or any Unicode space separator (Zs)."""
    return char == "\t" or unicodedata.category(char) == "Zs"


def _records(text: str, path: str) -> list[_Record]:
    records: list[_Record] = []
    current: _Record | None = None
    # split on \n only: str.splitlines() would also break at \x85 or \u2028 inside a summary
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.removesuffix("\r")
        where = f"line {number}"
        if not line.strip(_BLANKS):
            current = None
        elif current is None:
            current = _Record(_headline(line, path, where), number)
            records.append(current)
        else:
            _record_line(current, line, path, where, number)
    return records


def _headline(line: str, path: str, where: str) -> date:
    match = _DATE.match(line)
    if not match:
        raise fail(path, where, f"a record must start with a date like 2026-03-02: {line.strip()[:60]!r}")
    try:
        day = date(int(match.group(1)), int(match.group(3)), int(match.group(4)))
    except ValueError:
        raise fail(path, where, f"{match.group(0)!r} is not a calendar date") from None
    rest = line[match.end() :]
    should = _SHOULD_TOTAL.match(rest)
    if should:
        if _duration(should.group(1), path, where) is None:
            raise fail(path, where, f"({should.group(1)}!) is not a should-total like (8h!)")
        rest = rest[should.end() :]
    if rest.strip(_BLANKS):
        raise fail(path, where, f"only a should-total like (8h!) may follow the date: {rest.strip()[:60]!r}")
    return day


def _record_line(record: _Record, line: str, path: str, where: str, number: int) -> None:
    if record.unit is None:
        record.unit = next((unit for unit in _INDENTS if line.startswith(unit)), None)
        if record.unit is None:
            if _is_blank_char(line[0]):
                raise fail(path, where, "indent entries with 4 (or 2, 3) spaces or one tab; a record summary "
                           "line must not start with a blank")  # fmt: skip
            record.summary.append(line.rstrip())
            return
    unit = record.unit
    if line.startswith(unit * 2) and record.entries:
        record.entries[-1]["summary"].append(_summary_line(line[len(unit) * 2 :], path, where))
    elif line.startswith(unit) and line[len(unit)] not in _BLANKS:
        record.entries.append(_entry_line(line[len(unit) :], path, where, number))
    elif not _is_blank_char(line[0]):
        raise fail(path, where, "the record summary must come before the entries (indent entries once)")
    else:
        raise fail(path, where, "indentation differs from the record's other lines")


def _summary_line(text: str, path: str, where: str) -> str:
    if all(_is_blank_char(char) for char in text):
        raise fail(path, where, "a line of an entry summary must not be blank")
    return text.strip()


def _duration(token: str, path: str, where: str) -> int | None:
    """'1h30m', '-45m', '+2h', '119m' -> signed seconds; None if the token is no duration."""
    match = _DURATION.fullmatch(token)
    if not match or not (match.group(2) or match.group(3)):
        return None
    if match.group(2) and match.group(3) and int(match.group(3)) > 59:
        raise fail(path, where, f"{token!r}: minutes must be below 60 when hours are given")
    seconds = int(match.group(2) or 0) * 3600 + int(match.group(3) or 0) * 60
    return -seconds if match.group(1) == "-" else seconds


def _entry_line(body: str, path: str, where: str, number: int) -> dict:
    # As klog: a duration is everything up to the first space or tab; else it must be a range.
    token = re.split(r"[ \t]", body, maxsplit=1)[0]
    seconds = _duration(token, path, where)
    if seconds is not None:
        kind, value, text = "duration", seconds, token
    else:
        match = _RANGE.match(body)
        if not match:
            raise fail(
                path, where, f"not an entry (a range 9:00 - 10:00, a duration 1h30m, or 9:00 - ?): {body[:60]!r}"
            )
        kind = "open" if match.group(2).startswith("?") else "range"
        value, text = (match.group(1), match.group(2)), match.group(0)
    # one space or tab separates the entry from its summary (klog keeps any further blanks)
    first = body[len(text) + 1 :].strip()
    return {"line": number, "kind": kind, "value": value, "text": text, "summary": [first] if first else []}


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
    try:
        return datetime.combine(day + timedelta(days=shift), time(hour, minute))
    except OverflowError:
        raise fail(path, where, f"{text!r} falls outside the calendar") from None


# -- wall times to instants -----------------------------------------------------------------


def _instant(naive: datetime, zone: tzinfo, batch: Batch, where: str) -> datetime:
    """A wall time in the zone, as UTC; one a DST gap skips is moved forward by the gap."""
    try:
        return localize(naive, zone, f"{naive:%Y-%m-%d %H:%M}")
    except BadInput as exc:
        moved = _after_gap(naive, zone)
        if moved is None:  # not a gap: out of aostime's range of years
            raise fail(batch.path, where, str(exc)) from None
    shown = moved.astimezone(zone)
    batch.warnings.append(
        f"{batch.path}: {where}: {naive:%H:%M} does not exist on {naive:%Y-%m-%d} in the local zone (skipped "
        f"by a DST change); read with the offset before the change, as {shown:%H:%M}"
    )
    return moved


def _after_gap(naive: datetime, zone: tzinfo) -> datetime | None:
    """The naive time read with the offset in force before the gap. Offsets are taken around the
    time too, since not every tzinfo gives the earlier offset for fold=0 (dateutil's does not):
    the reading wanted is the earliest one whose wall time lies after the naive time."""
    try:
        offsets = {naive.replace(tzinfo=zone, fold=1).utcoffset()}
        offsets |= {(naive + timedelta(days=days)).replace(tzinfo=zone).utcoffset() for days in (-2, -1, 0, 1, 2)}
        readings = [(naive - offset).replace(tzinfo=UTC) for offset in offsets if offset is not None]
        later = [instant for instant in readings if instant.astimezone(zone).replace(tzinfo=None) > naive]
    except OverflowError:  # the calendar's first or last days: no gap to find
        return None
    return min(later, default=None)


# -- records to entries ---------------------------------------------------------------------


@dataclass
class _Piece:
    """One entry line on its way to an entry: its times in UTC once known."""

    item: dict
    where: str
    summary: str
    key: str
    start: datetime | None = None
    end: datetime | None = None
    kept: bool = True
    notes: list[str] = field(default_factory=list)

    def label(self) -> str:
        first = self.summary.split("\n", 1)[0]
        return f"{self.item['text']} {first}" if first else self.item["text"]

    def seconds(self) -> int:
        return int((self.end - self.start).total_seconds())


def _span(seconds: int) -> str:
    """3600 -> '1h', 2700 -> '45m', 5400 -> '1h30m' (klog's way of writing a duration)."""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes else "") + (f"{seconds}s" if seconds else "")
    return text or "0m"


def _drop(batch: Batch, piece: _Piece, why: str) -> None:
    piece.kept = False
    batch.dropped += 1
    batch.warnings.append(f"{batch.path}: {piece.where}: {why}")


def _place(piece: _Piece, day: date, zone: tzinfo, batch: Batch) -> None:
    """A range's or an open range's times, checked as klog checks them (in wall time)."""
    first, last = piece.item["value"]
    begin = _clock(first, day, batch.path, piece.where)
    piece.start = _instant(begin, zone, batch, piece.where)
    if piece.item["kind"] == "open":
        return
    finish = _clock(last, day, batch.path, piece.where)
    if finish < begin:
        raise fail(batch.path, piece.where, f"the range {piece.item['text']!r} ends before it starts")
    if finish == begin:
        _drop(batch, piece, f"a range of no length ({piece.item['text']}) was left out")
        return
    piece.end = _instant(finish, zone, batch, piece.where)
    if piece.end <= piece.start:  # both ends moved across a DST gap onto each other
        _drop(batch, piece, f"the range {piece.item['text']} has no length once read in the local zone; left out")


def _lay(durations: list[_Piece], record: _Record, zone: tzinfo, day_start: time, batch: Batch) -> None:
    """Durations end to end from day_start, each exactly its length (in real time)."""
    if not durations:
        return
    cursor = _instant(datetime.combine(record.day, day_start), zone, batch, f"line {record.line}")
    for piece in durations:
        try:
            piece.start, piece.end = cursor, cursor + timedelta(seconds=piece.item["value"])
        except OverflowError:
            raise fail(batch.path, piece.where, f"{piece.item['text']} runs past the calendar's end") from None
        cursor = piece.end


def _deduct(record: _Record, pieces: list[_Piece], negatives: list[_Piece], batch: Batch) -> None:
    """Negative durations come off the ends of the record's durations, then its ranges, the last
    listed first (see the module docstring)."""
    owed = -sum(piece.item["value"] for piece in negatives)
    if not owed:
        return
    reason = ", ".join(piece.label() for piece in negatives)
    finished = [p for p in pieces if p.kept and p.end is not None]
    durations = [p for p in finished if p.item["kind"] == "duration"]
    ranges = [p for p in finished if p.item["kind"] == "range"]
    for piece in [*reversed(durations), *reversed(ranges)]:
        cut = min(owed, piece.seconds())
        owed -= cut
        piece.end -= timedelta(seconds=cut)
        piece.notes.append(f"klog: {_span(cut)} taken off for {reason}")
        if not piece.seconds():
            _drop(batch, piece, f"{piece.item['text']} was used up by the record's negative durations ({reason})")
        if not owed:
            return
    batch.dropped += 1
    batch.warnings.append(
        f"{batch.path}: line {record.line}: the record of {record.day} totals -{_span(owed)} in klog; aostime has "
        f"no negative time, so -{_span(owed)} of {reason} was left out"
    )


def _pieces(record: _Record, ids: UniqueIds) -> list[_Piece]:
    pieces = []
    for item in record.entries:
        summary = "\n".join(item["summary"])
        key = ids(content_id(record.day.isoformat(), item["text"], summary))
        pieces.append(_Piece(item, f"line {item['line']}", summary, key))
    return pieces


def _add_record(record: _Record, batch: Batch, ids: UniqueIds, zone: tzinfo, day_start: time) -> None:
    pieces = _pieces(record, ids)
    opened = [p for p in pieces if p.item["kind"] == "open"]
    if len(opened) > 1:
        raise fail(batch.path, opened[1].where, "a record may hold only one open range")
    durations, negatives = [], []
    for piece in pieces:
        if piece.item["kind"] != "duration":
            _place(piece, record.day, zone, batch)
        elif piece.item["value"] > 0:
            durations.append(piece)
        else:
            piece.kept = False  # a negative becomes a deduction, not an entry
            if piece.item["value"] == 0:
                _drop(batch, piece, f"a zero duration ({piece.item['text']}) was left out")
            else:
                negatives.append(piece)
    _lay(durations, record, zone, day_start, batch)
    _deduct(record, pieces, negatives, batch)
    record_summary = "\n".join(record.summary)
    record_tags = tags_of(record_summary)
    for piece in pieces:
        if piece.kept:
            tags = tuple(dict.fromkeys(tags_of(piece.summary) + record_tags))
            project, task = _named(tags, "project="), _named(tags, "task=")
            tags = tuple(t for t in tags if not t.startswith(("project=", "task=")))
            notes = join_notes(record_summary, *piece.notes)
            batch.entries.append(ImportedEntry(piece.start, piece.end, project, piece.where, SOURCE, piece.key,
                                               task=task, description=_untagged(piece.summary), notes=notes,
                                               tags=tags))  # fmt: skip


_TRAILING_TAGS = re.compile(rf"(?:^|[ \t]+)(?:{_TAG.pattern}[ \t]*)+$")


def _named(tags: tuple[str, ...], prefix: str) -> str | None:
    """The value of the first tag `prefix`VALUE (#project="Website Redesign"), as a name."""
    return next((clean_name(t[len(prefix) :]) for t in tags if t.startswith(prefix) and clean_name(t[len(prefix) :])),
                None)  # fmt: skip


def _untagged(summary: str) -> str:
    """The summary less the tags ending its first line (kept as the entry's tags, or the project and task)."""
    first, newline, rest = summary.partition("\n")
    return _TRAILING_TAGS.sub("", first) + newline + rest


def parse(text: str, path: str, zone: tzinfo, day_start: time = time(9, 0)) -> Batch:
    batch = Batch("klog", path, zone=zone_name(zone))
    ids = UniqueIds()
    for record in _records(text, path):
        _add_record(record, batch, ids, zone, day_start)
    return batch
