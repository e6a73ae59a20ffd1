"""Detailed CSV exports of Toggl Track, Clockify, Harvest and Kimai, and aostime's own CSV.

Columns are matched by header name (case-insensitive, any order, extra columns ignored; a
currency suffix such as 'Amount (USD)' or 'Billable Rate (EUR)' is allowed). Without --format
the format is told from the header. Dates and times are local wall time (TZ). Day/month order is
decided from all the file's dates together, or given (--date-order, the date_order setting), and
an order nothing settles is refused: see csv_dates.

Rates and amounts are kept as the source gives them: the source's amount is the entry's amount
even where it differs from duration x rate (a fixed price, the source's own rounding). Toggl
gives only an amount: the rate is then the amount per hour, rounded to the cent. The currency
(ImportedEntry.currency) is the one the file names: Toggl 'Amount (EUR)', Clockify 'Billable
Rate (USD)', Harvest's Currency column, Kimai's Currency column or its money cells (' NZD 48.75 ',
'48,75 €'). Invoiced: Harvest 'Invoiced?', Clockify 'Invoiced' Yes or an 'Invoice ID', Kimai
'Exported' (Cleared/Yes/1) - so that work billed in the old tool is not billed again.

Harvest rows have a date and hours, no times of day: each person's rows of a date are laid end
to end from day_start ON THAT DATE (moved earlier when they would run past midnight; more hours
than the day has are refused), so every row keeps its date (csv_dates.lay_out_days). Toggl and
Clockify rows without an end take their Duration. Kimai's spreadsheet exports end with a totals
row (no date, no names, the summed duration such as '[00]:00' and prices); it is left out, only
as the last row and only in that shape.

Identity, for re-import (source = the format's name, source_id):
- the export's own id when it has an ID column (some Kimai exports; Toggl and Clockify detailed
  CSVs carry none);
- else the row's position, which survives a corrected time: the format, the person (e-mail,
  else user name), the date the row starts on as the file writes it (so the same under any TZ),
  the client and the project (case-insensitive), and the row's rank among the file's rows of that
  person, date, client and project, in file order ('<key>#2' is the second). Times, description,
  tags, task, billable, amounts and any extra or missing column are not part of it: a row whose
  times or text were corrected in the source updates its entry. The client and project are, so
  that exports filtered by client or project never share positions; a row moved to another
  project is still found by its times (services/reimport.py). Such ids are only positions
  (Batch.weak_ids): an entry is taken by one only when it is plausibly the same work.
Times are wall time without an offset: the zone they were read in is kept with the entries, and
importing the file again in another zone is refused (it would move every entry).
aostime's own CSV carries its source and source_id columns.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import time, tzinfo
from typing import TextIO

from aostime.domain.names import fold
from aostime.errors import BadInput
from aostime.interchange.csv_columns import COLUMNS, FORMATS, REQUIRED, Header, detect
from aostime.interchange.csv_dates import date_order, decide_order
from aostime.interchange.csv_rows import READERS, RowContext, harvest_starts, is_kimai_totals
from aostime.interchange.records import (
    Batch,
    EntryStream,
    ImportedEntry,
    UniqueIds,
    content_id,
    fail,
)  # fmt: skip
from aostime.interchange.writers.csv_cells import uncell

__all__ = ["COLUMNS", "FORMATS", "REQUIRED", "Header", "date_order", "detect", "parse"]

# -- reading --------------------------------------------------------------------------------

Opener = Callable[[], TextIO]  # a fresh text stream of the file, from its start


def _rows(open_text: Opener, path: str) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of every row that is not blank, read from a fresh stream."""
    try:
        with open_text() as stream:
            first = stream.readline().lstrip("\ufeff")
            try:
                delimiter = csv.Sniffer().sniff(first, delimiters=",;\t").delimiter
            except csv.Error:
                delimiter = ","
            for number, row in enumerate(csv.reader(_chain(first, stream), delimiter=delimiter), 1):
                if any(cell.strip() for cell in row):
                    yield number, [uncell(cell) for cell in row]  # aostime's own quote before a formula
    except csv.Error as exc:
        raise fail(path, "", f"is not valid CSV ({exc})") from None
    except UnicodeDecodeError as exc:
        raise fail(path, "", f"is not UTF-8 text (byte {exc.start} of a block)") from None


def _chain(first: str, stream: TextIO) -> Iterator[str]:
    yield first
    yield from stream


def opener(text: str) -> Opener:
    """A CSV export held in memory, read like a file."""
    return lambda: io.StringIO(text, newline="")


def _header(names: list[str], fmt: str | None, path: str) -> tuple[str, Header]:
    if fmt is None:
        fmt = detect(names)
        if fmt is None:
            raise fail(path, "row 1", f"the header does not look like {', '.join(FORMATS)}; give --format")
    elif fmt not in FORMATS:
        raise BadInput(f"unknown CSV format {fmt!r}; known: {', '.join(FORMATS)}")
    header = Header(names, fmt)
    missing = header.missing(fmt)
    if missing:
        raise fail(path, "row 1", f"the {fmt} header lacks the column(s) {', '.join(missing)}")
    return fmt, header


# -- rows -> entries ------------------------------------------------------------------------


@dataclass
class _Scan:
    """What the first pass over a file settles: its format and header, how many rows it has,
    the distinct cells of its date columns (in first-seen order: the day/month order is decided
    from all of them), and whether its last row is Kimai's totals row."""

    fmt: str
    header: Header
    count: int = 0
    last: int = 0
    dates: dict[str, None] = field(default_factory=dict)
    totals_row: bool = False


def parse(
    source: str | Opener, path: str, fmt: str | None, zone: tzinfo, day_start: time = time(9, 0),
    order_setting: str | None = None, explicit_order: str | None = None,
) -> Batch:  # fmt: skip
    """The entries of a CSV export (its text, or an opener of it: a big file is read in two
    passes and its entries as they are imported, never all in memory). `explicit_order` is
    --date-order, `order_setting` the date_order setting (see csv_dates.decide_order)."""
    open_text = opener(source) if isinstance(source, str) else source
    scan = _scan(open_text, path, fmt)
    ctx = RowContext(path, zone, decide_order(list(scan.dates), explicit_order, order_setting, path))
    if scan.fmt == "harvest":  # a day's rows are laid out together: Harvest's rows are held (no times to stream)
        ctx.starts = harvest_starts(scan.header, list(_body(open_text, path, scan)), ctx, day_start)
    batch = Batch(scan.fmt if scan.fmt != "aostime" else "aostime-csv", path)
    if scan.fmt != "aostime":  # the peers write wall time without an offset; their ids are positions
        from aostime.domain.timeparse import zone_name

        batch.zone, batch.weak_ids = zone_name(zone), "id" not in scan.header.index
        batch.dated_only = scan.fmt == "harvest"
    batch.entries = EntryStream(lambda report: _entries(open_text, scan, ctx, report), scan.count, batch)
    if isinstance(source, str):  # in memory already: its entries too, and a bad row refuses it here
        batch.entries = list(batch.entries)
    return batch


def _scan(open_text: Opener, path: str, fmt: str | None) -> _Scan:
    rows = _rows(open_text, path)
    first = next(rows, None)
    if first is None:
        raise fail(path, "", "is empty; expected a header row and entries")
    fmt, header = _header(first[1], fmt, path)
    scan = _Scan(fmt, header)
    last_row: list[str] = []
    for number, row in rows:
        scan.count, scan.last, last_row = scan.count + 1, number, row
        for i in header.date_columns:
            if i < len(row):
                scan.dates.setdefault(row[i])
    if fmt == "kimai" and scan.count and is_kimai_totals(header, last_row):
        scan.totals_row, scan.count = True, scan.count - 1
        _forget_dates(scan, header, last_row)
    return scan


def _forget_dates(scan: _Scan, header: Header, row: list[str]) -> None:
    """The totals row has no dates; what it has in a date column does not count."""
    for i in header.date_columns:
        if i < len(row) and not row[i].strip():
            scan.dates.pop(row[i], None)


def _body(open_text: Opener, path: str, scan: _Scan) -> Iterator[tuple[str, list[str]]]:
    rows = _rows(open_text, path)
    next(rows)  # the header
    for number, row in rows:
        if scan.totals_row and number == scan.last:
            return
        yield f"row {number}", row


def _entries(open_text: Opener, scan: _Scan, ctx: RowContext, report: Batch) -> Iterator[ImportedEntry]:
    """The rows as entries; what is left out goes to `report` (dropped, warnings)."""
    fmt, header, path = scan.fmt, scan.header, ctx.path
    ids = UniqueIds()
    make = READERS[fmt]
    for where, row in _body(open_text, path, scan):
        entry = make(header, row, ctx, where)
        if entry.end is not None and entry.end < entry.start:
            raise fail(path, where, "ends before it starts")
        if entry.end is not None and entry.end == entry.start:
            report.dropped += 1
            report.warnings.append(f"{path}: {where}: an entry of no length was left out")
            continue
        if fmt != "aostime":
            entry = entry._replace(source=fmt, source_id=_identity(fmt, header, row, entry, ctx, ids))
        yield entry


def _identity(fmt: str, header: Header, row: list[str], entry: ImportedEntry, ctx: RowContext, ids: UniqueIds) -> str:
    """The source's own id, else the key described in the module docstring (with the row's
    occurrence among rows of the same key)."""
    own = header.text(row, "id")
    if own:
        return ids(own)
    who = header.text(row, "email") or header.text(row, "user") or entry.user or ""
    day = entry.start.astimezone(ctx.zone).date().isoformat()  # the date as written, whatever the zone
    return ids(content_id(fmt, fold(who), day, fold(entry.client or ""), fold(entry.project or "")))
