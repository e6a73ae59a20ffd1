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
- else a key of what identifies the work and survives a harmless change: the format, the
  person (e-mail, else user name), the start and end instants (Harvest: the date and the
  duration) and the project, case-insensitive. Description, tags, task, amounts and any extra or
  missing column (an empty 'Amount ()') are not part of it. Rows with the same key in one file
  are told apart by their occurrence, in file order ('<key>#2').
aostime's own CSV carries its source and source_id columns.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import TextIO

from aostime.domain.names import fold
from aostime.domain.timeparse import localize
from aostime.errors import BadInput
from aostime.interchange.csv_columns import COLUMNS, FORMATS, NO_PROJECT, REQUIRED, Header, detect
from aostime.interchange.csv_dates import date_order, decide_order, lay_out_days
from aostime.interchange.records import (
    Batch,
    EntryStream,
    ImportedEntry,
    UniqueIds,
    clean_name,
    clean_text,
    content_id,
    currency_code,
    fail,
    parse_cents,
    parse_flag,
    parse_hours,
    parse_money,
    tags_note,
)  # fmt: skip

__all__ = ["COLUMNS", "FORMATS", "REQUIRED", "Header", "date_order", "detect", "parse"]

# -- reading --------------------------------------------------------------------------------

Opener = Callable[[], TextIO]  # a fresh text stream of the file, from its start


@dataclass
class _Context:
    path: str
    zone: tzinfo
    order: str | None
    starts: dict[str, datetime] = field(default_factory=dict)  # Harvest: where -> laid-out start


def _naive(text: str, order: str | None, path: str, where: str, what: str) -> datetime:
    """A file's date and time, read by aostime's time grammar: the file's own date order settles
    numeric dates; naive (local wall time) unless the text gives an offset."""
    from aostime.domain.timegrammar import read_written_time

    raw = " ".join((text or "").split())
    if not raw:
        raise fail(path, where, f"{what} is empty")
    try:
        return read_written_time(raw, order)
    except BadInput as exc:
        raise fail(path, where, f"{what}: {exc}") from None


def _local(naive: datetime, zone: tzinfo, path: str, where: str) -> datetime:
    if naive.tzinfo is not None:
        return naive.astimezone(UTC).replace(microsecond=0)
    naive = naive.replace(microsecond=0)
    try:
        return localize(naive, zone, "")
    except BadInput:  # worded again with the time, which is written only for a refusal
        try:
            return localize(naive, zone, naive.isoformat(sep=" "))
        except BadInput as exc:
            raise fail(path, where, str(exc)) from None


def _tags(text: str | None) -> tuple[str, ...]:
    return tuple(t.strip() for t in (text or "").split(",") if t.strip())


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
                    yield number, row
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
    ctx = _Context(path, zone, decide_order(list(scan.dates), explicit_order, order_setting, path))
    if scan.fmt == "harvest":  # a day's rows are laid out together: Harvest's rows are held (no times to stream)
        ctx.starts = _harvest_starts(scan.header, list(_body(open_text, path, scan)), ctx, day_start)
    batch = Batch(scan.fmt if scan.fmt != "aostime" else "aostime-csv", path)
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


def _entries(open_text: Opener, scan: _Scan, ctx: _Context, report: Batch) -> Iterator[ImportedEntry]:
    """The rows as entries; what is left out goes to `report` (dropped, warnings)."""
    fmt, header, path = scan.fmt, scan.header, ctx.path
    ids = UniqueIds()
    make = {"toggl": _toggl, "clockify": _clockify, "harvest": _harvest, "kimai": _kimai, "aostime": _aostime}[fmt]
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


def _identity(fmt: str, header: Header, row: list[str], entry: ImportedEntry, ctx: _Context, ids: UniqueIds) -> str:
    """The source's own id, else the key described in the module docstring (with the row's
    occurrence among rows of the same key)."""
    own = header.text(row, "id")
    if own:
        return ids(own)
    who = header.text(row, "email") or header.text(row, "user") or entry.user or ""
    if fmt == "harvest":  # no times of day: the date and the hours, not where the day's layout put them
        seconds = int((entry.end - entry.start).total_seconds())
        span = f"{entry.start.astimezone(ctx.zone).date().isoformat()}+{seconds}s"
    else:
        span = f"{entry.start.isoformat()}/{entry.end.isoformat() if entry.end else ''}"
    return ids(content_id(fmt, fold(who), span, fold(entry.project or "")))


def _common(header: Header, row: list[str], path: str, where: str) -> dict:
    get = header.get
    tags = _tags(get(row, "tags"))
    return {
        "client": clean_name(get(row, "client")),
        "project": clean_name(get(row, "project")) or NO_PROJECT,
        "task": clean_name(get(row, "task")),
        "description": clean_text(get(row, "description")),
        "tags": tags,
        "notes": tags_note(tags),
        "billable": parse_flag(get(row, "billable"), path, where, "billable"),
        "user": clean_name(get(row, "user")),
        "user_email": header.text(row, "email") or None,
    }


def _start_end(header: Header, row, ctx: _Context, where) -> tuple[datetime, datetime]:
    """Toggl's and Clockify's start and end; a row without an end takes its Duration."""
    get, path = header.get, ctx.path
    start = _local(_naive(f"{get(row, 'start_date')} {get(row, 'start_time')}", ctx.order, path, where, "start"),
                   ctx.zone, path, where)  # fmt: skip
    duration = header.text(row, "duration")
    if not header.text(row, "end_date") and not header.text(row, "end_time") and duration:
        return start, start + timedelta(seconds=parse_hours(duration, path, where, "duration"))
    end = _naive(f"{get(row, 'end_date')} {get(row, 'end_time')}", ctx.order, path, where, "end")
    return start, _local(end, ctx.zone, path, where)


def _toggl(header, row, ctx, where) -> ImportedEntry:
    start, end = _start_end(header, row, ctx, where)
    amount = parse_cents(header.get(row, "amount"), ctx.path, where, "amount")
    rate = None
    seconds = int((end - start).total_seconds())
    if amount is not None and seconds > 0:
        rate = (amount * 3600 * 2 + seconds) // (seconds * 2)  # the amount per hour, half-up
    return ImportedEntry(
        start, end, where=where, rate_cents=rate, amount_cents=amount, currency=header.suffix_currency("amount"),
        **_common(header, row, ctx.path, where),
    )  # fmt: skip


def _clockify(header, row, ctx, where) -> ImportedEntry:
    start, end = _start_end(header, row, ctx, where)
    path = ctx.path
    # an invoice id means the entry is on a Clockify invoice even where 'Invoiced' is absent
    invoiced = bool(parse_flag(header.get(row, "invoiced"), path, where, "invoiced")) or bool(
        header.text(row, "invoice_id")
    )
    return ImportedEntry(
        start, end, where=where,
        rate_cents=parse_cents(header.get(row, "rate"), path, where, "billable rate"),
        amount_cents=parse_cents(header.get(row, "amount"), path, where, "billable amount"),
        currency=header.suffix_currency("amount") or header.suffix_currency("rate"), invoiced=invoiced,
        **_common(header, row, path, where),
    )  # fmt: skip


def _harvest_person(header: Header, row: list[str]) -> str:
    return clean_name(f"{header.get(row, 'first_name') or ''} {header.get(row, 'last_name') or ''}") or ""


def _harvest_starts(header: Header, body, ctx: _Context, day_start: time) -> dict[str, datetime]:
    """Where each Harvest row starts: its person's rows of its date, end to end on that date."""
    laid = []
    for where, row in body:
        day = _naive(header.get(row, "date") or "", ctx.order, ctx.path, where, "date").date()
        seconds = parse_hours(header.get(row, "hours") or "", ctx.path, where)
        laid.append((_harvest_person(header, row), day, seconds))
    wheres = [where for where, _ in body]
    return dict(zip(wheres, lay_out_days(laid, ctx.zone, day_start, ctx.path, wheres), strict=True))


def _harvest(header, row, ctx, where) -> ImportedEntry:
    get, path = header.get, ctx.path
    begin = ctx.starts[where]
    end = begin + timedelta(seconds=parse_hours(get(row, "hours") or "", path, where))
    fields = _common(header, row, path, where)
    fields.update(description=clean_text(get(row, "notes")), user=_harvest_person(header, row) or None)
    return ImportedEntry(
        begin, end, where=where,
        rate_cents=parse_cents(get(row, "rate"), path, where, "billable rate"),
        amount_cents=parse_cents(get(row, "amount"), path, where, "billable amount"),
        invoiced=bool(parse_flag(get(row, "invoiced"), path, where, "invoiced")),
        currency=currency_code(get(row, "currency")), **fields,
    )  # fmt: skip


# -- Kimai ----------------------------------------------------------------------------------

# Kimai's 'Exported' column: 'Open'/'Cleared' (1.x), 'Yes'/'No' (2.x), '0'/'1' (its import format)
_CLEARED = {"cleared", "exported"}
_OPEN = {"open", "not exported"}
# a summed duration as Kimai's spreadsheet writer renders it: '[00]:00', '[12]:30', '12:30', 45000, 12.50
_DURATION_CELL = re.compile(r"\[?\d+\]?:\d{2}(?::\d{2})?|\d+(?:[.,]\d+)?")
_KIMAI_NAMES = ("date", "from", "to", "alias", "user", "email", "client", "project", "task", "description", "tags")


def is_kimai_totals(header: Header, row: list[str]) -> bool:
    """Kimai's totals row (its spreadsheet exports' last row): no date, no times and no names,
    a summed duration, and nothing but numbers or money in its other cells."""
    if any(header.text(row, name) for name in _KIMAI_NAMES):
        return False
    if not _DURATION_CELL.fullmatch(header.text(row, "duration")):
        return False
    for i, cell in enumerate(row):
        if i == header.index["duration"] or not cell.strip():
            continue
        try:
            parse_money(cell, "", "", "")
        except BadInput:
            return False
    return True


def _exported(text: str | None, path: str, where: str) -> bool:
    value = (text or "").strip().casefold()
    if value in _CLEARED or value in _OPEN:
        return value in _CLEARED
    return bool(parse_flag(text, path, where, "exported"))


def _kimai_money(header: Header, row: list[str], path: str, where: str) -> tuple[dict, str | None]:
    """Price, hourly and fixed price in cents, and the currency: the Currency column, else the one
    the money cells name (' NZD 48.75 ', '48,75 €'); cells naming another one are refused."""
    names = {"amount": "price", "hourly": "hourly price", "fixed": "fixed price"}
    cents, marks = {}, {}
    for name, what in names.items():
        cents[name], marks[name] = parse_money(header.get(row, name), path, where, what)
    currency = currency_code(header.get(row, "currency"))
    for name, mark in marks.items():
        if mark is not None and currency is not None and mark != currency:
            raise fail(path, where, f"the {names[name]} is in {mark} but the row's currency is {currency}")
        currency = currency or mark
    return cents, currency


def _kimai(header, row, ctx, where) -> ImportedEntry:
    get, path, order = header.get, ctx.path, ctx.order
    day = _naive(get(row, "date") or "", order, path, where, "date").date()
    begin = _naive(f"{day.isoformat()} {get(row, 'from')}", order, path, where, "from")
    to_text = header.text(row, "to")
    finish = _naive(f"{day.isoformat()} {to_text}", order, path, where, "to") if to_text else None
    if finish is not None and finish < begin:
        finish += timedelta(days=1)  # Kimai writes only times: an entry past midnight ends the next day
    cents, currency = _kimai_money(header, row, path, where)
    amount = cents["amount"]
    if cents["fixed"] and amount is None:
        amount = cents["fixed"]
    fields = _common(header, row, path, where)
    fields["user"] = clean_name(get(row, "alias")) or fields["user"]
    return ImportedEntry(
        _local(begin, ctx.zone, path, where), _local(finish, ctx.zone, path, where) if finish else None,
        where=where, rate_cents=cents["hourly"], amount_cents=amount if finish is not None else None,
        invoiced=_exported(get(row, "exported"), path, where) and finish is not None, currency=currency, **fields,
    )  # fmt: skip


def _aostime(header, row, ctx, where) -> ImportedEntry:
    get, path, zone = header.get, ctx.path, ctx.zone
    start = _local(_naive(get(row, "start") or "", ctx.order, path, where, "start_time"), zone, path, where)
    end_text = header.text(row, "end")
    end = _local(_naive(end_text, ctx.order, path, where, "end_time"), zone, path, where) if end_text else None
    fields = _common(header, row, path, where)
    fields["notes"] = clean_text(get(row, "notes"))
    source = header.text(row, "source") or None
    return ImportedEntry(
        start, end, where=where, currency=currency_code(get(row, "currency")),
        rate_cents=parse_cents(get(row, "rate"), path, where, "hourly_rate"),
        amount_cents=parse_cents(get(row, "amount"), path, where, "amount") if end else None,
        invoiced=bool(parse_flag(get(row, "invoiced"), path, where, "invoiced")) and end is not None,
        source=source, source_id=(header.text(row, "source_id") or None) if source else None,
        **fields,
    )  # fmt: skip
