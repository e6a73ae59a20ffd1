"""Watson's `watson log --json` and `watson log --csv` output (td-watson 2.1, watson/utils.py
frames_to_json and frames_to_csv).

    [{"id": "72b831f3...", "project": "Website Redesign", "start": "2026-03-02T09:00:00+00:00",
      "stop": "2026-03-02T10:30:00+00:00", "tags": ["design", "review"]}, ...]

    id,start,stop,project,tags
    72b831f,2026-03-02 09:00:00,2026-03-02 10:30:00,Website Redesign,"design, review"

The JSON holds each frame's full id and times with their UTC offset: its entries get source
"watson" and the frame id as source_id, exactly as the frames importer (watson.py) gives them, so
importing one after the other adds nothing twice. The CSV holds only the first 7 characters of
the id and times without an offset: its entries get the source_id '<short id>~<seconds>s' (the
short id alone would repeat among some ten thousand frames; the length does not change with the
offset), which no frames or JSON import shares. CSV times are read in aostime's zone, or at the
fixed offset given. Watson 2.1 with arrow 1.4 writes both formats at the UTC offset in force
when it logs, not the frame's own (the JSON stays exact, its offsets agree with its times), so
for frames from the other side of a DST change the CSV needs that fixed offset.

`watson log --current` adds the running frame with the id "current" and the time of logging as
its stop: it becomes the running timer (source_id 'running:<start>', as the state file's), and
the stop is ignored. `watson log` shows the last 7 days unless given --all or --from.

Projects and tags are as for the frames: every tag is kept as the entry's tag, and the first naming an
existing task of the project is the task (the service's rule).
"""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from aostime.domain.timeparse import localize
from aostime.errors import BadInput
from aostime.interchange.records import Batch, ImportedEntry, clean_name, fail, load_json
from aostime.interchange.watson import SOURCE

CURRENT = "current"  # the id `watson log --current` gives the running frame
CSV_HEADER = ("id", "start", "stop", "project", "tags")
CSV_STAMP = "%Y-%m-%d %H:%M:%S"  # frames_to_csv's 'YYYY-MM-DD HH:mm:ss'
_OFFSET = re.compile(r"([+-])(\d{2}):?(\d{2})")


def parse_offset(text: str) -> timezone:
    """'+01:00', '-0500', 'Z' -> a fixed zone (for CSV times)."""
    raw = text.strip()
    if raw.upper() in ("Z", "UTC"):
        return UTC
    match = _OFFSET.fullmatch(raw)
    if not match or int(match.group(2)) > 23 or int(match.group(3)) > 59:
        raise BadInput(f"UTC offset {text!r} is not like +01:00 or -05:00")
    delta = timedelta(hours=int(match.group(2)), minutes=int(match.group(3)))
    return timezone(-delta if match.group(1) == "-" else delta)


def parse(text: str, path: str, zone: tzinfo, offset: tzinfo | None = None) -> Batch:
    """Either format, told apart by its first character; blank text (Watson's CSV of no frames)
    is no entries."""
    batch = Batch("watson-log", path)
    body = text.lstrip()
    if not body:
        return batch
    if body[0] in "[{":  # an object is JSON too, and refused as not a list of frames
        _parse_json(batch, text, path)
    else:
        from aostime.domain.timeparse import zone_name

        batch.zone = zone_name(offset or zone)
        _parse_csv(batch, text, path, offset or zone)
    return batch


def _project(value, path: str, where: str) -> str:
    name = clean_name(value) if isinstance(value, str) else None
    if name is None:
        raise fail(path, where, f"project {value!r} is not a name")
    return name


def _entry(batch: Batch, path: str, where: str, frame_id: str, start: datetime, stop: datetime | None,
           project: str, tags: tuple[str, ...], short: bool) -> None:  # fmt: skip
    """One frame -> one entry; the running frame has no end and the state file's source_id."""
    if frame_id == CURRENT:
        source_id, end = f"running:{int(start.timestamp())}", None
    else:
        if stop is None or stop <= start:
            raise fail(path, f"{where} (id {frame_id})", "stop is not after start")
        seconds = int((stop - start).total_seconds())
        source_id, end = (f"{frame_id}~{seconds}s" if short else frame_id), stop
    batch.entries.append(ImportedEntry(start, end, project, where, SOURCE, source_id,
                                       tags=tags))  # fmt: skip


# -- JSON -----------------------------------------------------------------------------------


def _json_time(value, path: str, where: str, what: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise fail(path, where, f"{what} {value!r} is not a time with its offset like 2026-03-02T09:00:00+01:00")
    return moment.astimezone(UTC).replace(microsecond=0)


def _parse_json(batch: Batch, text: str, path: str) -> None:
    frames = load_json(text, path)
    if not isinstance(frames, list):
        raise fail(path, "", "is not `watson log --json` output (a JSON array of frames)")
    for number, frame in enumerate(frames, 1):
        where = f"frame {number}"
        if not isinstance(frame, dict) or not {"id", "start", "stop", "project"} <= frame.keys():
            raise fail(path, where, "is not a frame (id, start, stop, project, tags)")
        frame_id = frame["id"]
        if not isinstance(frame_id, str) or not frame_id:
            raise fail(path, where, f"id {frame_id!r} is not a frame id")
        tags = frame.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise fail(path, where, f"tags {tags!r} are not a list of strings")
        start = _json_time(frame["start"], path, where, "start")
        stop = None if frame_id == CURRENT else _json_time(frame["stop"], path, where, "stop")
        _entry(batch, path, where, frame_id, start, stop, _project(frame["project"], path, where), tuple(tags),
               short=False)  # fmt: skip


# -- CSV ------------------------------------------------------------------------------------


def _csv_time(text: str, zone: tzinfo, path: str, where: str, what: str) -> datetime:
    try:
        naive = datetime.strptime(text.strip(), CSV_STAMP)
    except ValueError:
        raise fail(path, where, f"{what} {text!r} is not a time like 2026-03-02 09:00:00") from None
    if isinstance(zone, timezone):  # a fixed offset: no gap, no repeated hour
        return naive.replace(tzinfo=zone).astimezone(UTC)
    try:
        return localize(naive, zone, text.strip())
    except BadInput as exc:
        raise fail(path, where, f"{exc} (give the offset Watson logged at, e.g. --utc-offset +01:00)") from None


def _parse_csv(batch: Batch, text: str, path: str, zone: tzinfo) -> None:
    try:
        rows = [r for r in csv.reader(text.splitlines(keepends=True)) if any(c.strip() for c in r)]
    except csv.Error as exc:
        raise fail(path, "", f"is not valid CSV ({exc})") from None
    if tuple(c.strip().casefold() for c in rows[0]) != CSV_HEADER:
        raise fail(path, "row 1", f"the header is not `watson log --csv`'s 'id,start,stop,project,tags': "
                   f"{','.join(rows[0])[:60]!r}")  # fmt: skip
    for number, row in enumerate(rows[1:], 2):
        where = f"row {number}"
        if len(row) != len(CSV_HEADER):
            raise fail(
                path, where, f"has {len(row)} fields; `watson log --csv` writes 5 (id, start, stop, project, tags)"
            )
        frame_id, start_text, stop_text, project, tag_text = row
        if not frame_id.strip():
            raise fail(path, where, "has no frame id")
        # frames_to_csv joins the tags with ', ': split on exactly that (a tag may hold a comma)
        tags = tuple(t for t in tag_text.split(", ") if t.strip())
        start = _csv_time(start_text, zone, path, where, "start")
        stop = None if frame_id == CURRENT else _csv_time(stop_text, zone, path, where, "stop")
        _entry(batch, path, where, frame_id.strip(), start, stop, _project(project, path, where), tags, short=True)
