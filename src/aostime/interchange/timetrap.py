"""Timetrap: the CSV `t display --format csv` prints (lib/timetrap/formatters/csv.rb).

    start,end,note,sheet
    "2026-03-02 09:00:00","2026-03-02 10:30:00","Homepage ""hero"" draft","Website Redesign"

Every field is quoted and a quote in the note doubled. The times are the local wall time Timetrap
keeps, without a zone, so they are read in aostime's zone (a time in a DST gap is an error; in the
repeated hour of autumn the first is meant). Timetrap leaves running entries out of its CSV, so an
import never starts a timer. The sheet is the project (its client: --client, else a project of
that name, else "Imported"), the note the description. Rows carry no id: the source_id is the
row's position, the date it starts on (as written) and its sheet, with its rank among the rows of
that date and sheet, so that a row whose times or note were corrected updates its entry; the zone
the times were read in is kept, and a re-import in another zone is refused.
"""

from __future__ import annotations

import csv
from datetime import datetime, tzinfo

from aostime.domain.names import fold
from aostime.domain.timeparse import localize, zone_name
from aostime.errors import BadInput
from aostime.interchange.records import (
    NO_PROJECT,
    Batch,
    ImportedEntry,
    UniqueIds,
    clean_name,
    clean_text,
    content_id,
    fail,
)

SOURCE = "timetrap"
HEADER = ("start", "end", "note", "sheet")
STAMP = "%Y-%m-%d %H:%M:%S"  # the formatter's time_format


def _rows(text: str, path: str) -> list[list[str]]:
    # the formatter ends rows with \n; a note may hold line breaks inside its quotes
    try:
        return list(csv.reader(text.splitlines(keepends=True)))
    except csv.Error as exc:
        raise fail(path, "", f"is not valid CSV ({exc})") from None


def _check_header(row: list[str], path: str) -> None:
    if tuple(cell.strip().casefold() for cell in row) != HEADER:
        raise fail(path, "row 1", f"the header is not Timetrap's 'start,end,note,sheet': {','.join(row)[:60]!r}")


def _moment(text: str, zone: tzinfo, path: str, where: str, what: str) -> datetime:
    try:
        naive = datetime.strptime(text.strip(), STAMP)
    except ValueError:
        raise fail(path, where, f"{what} {text!r} is not a time like 2026-03-02 09:00:00") from None
    try:
        return localize(naive, zone, text.strip())
    except BadInput as exc:
        raise fail(path, where, str(exc)) from None


def parse(text: str, path: str, zone: tzinfo) -> Batch:
    """The CSV -> a batch of finished entries; an entry of no length is left out with a warning."""
    batch = Batch("timetrap", path, zone=zone_name(zone), weak_ids=True)
    rows = _rows(text, path)
    if not rows or not any(c.strip() for c in rows[0]):
        return batch  # Timetrap always writes the header; an empty input is taken as no entries
    _check_header(rows[0], path)
    ids = UniqueIds()
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"row {number}"
        if len(row) != len(HEADER):
            raise fail(path, where, f"has {len(row)} fields; Timetrap writes 4 (start, end, note, sheet)")
        start_text, end_text, note, sheet = row
        start = _moment(start_text, zone, path, where, "start")
        end = _moment(end_text, zone, path, where, "end")
        if end < start:
            raise fail(path, where, f"end {end_text} is before start {start_text}")
        if end == start:
            batch.dropped += 1
            batch.warnings.append(f"{path}: {where}: an entry of no length was left out")
            continue
        key = ids(content_id(start_text.strip()[:10], fold(sheet)))  # its day and sheet, and its rank there
        project = clean_name(sheet) or NO_PROJECT
        batch.entries.append(ImportedEntry(start, end, project, where, SOURCE, key, description=clean_text(note)))
    return batch
