"""One row of a detailed CSV export as an entry, format by format (Toggl Track, Clockify,
Harvest, Kimai, aostime's own CSV): the columns each tool writes, read as that tool means them
(csvformats.py has the rules and reads the file). Times are local wall time in the import's
zone, read by aostime's time grammar in the order the whole file settled."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta, tzinfo

from aostime.domain.timeparse import localize
from aostime.errors import BadInput
from aostime.interchange.csv_columns import NO_PROJECT, Header
from aostime.interchange.csv_dates import lay_out_days
from aostime.interchange.records import (
    ImportedEntry,
    clean_name,
    clean_text,
    currency_code,
    fail,
    parse_cents,
    parse_flag,
    parse_hours,
    parse_money,
)  # fmt: skip


@dataclass
class RowContext:
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


def _common(header: Header, row: list[str], path: str, where: str) -> dict:
    get = header.get
    tags = _tags(get(row, "tags"))
    return {
        "client": clean_name(get(row, "client")),
        "project": clean_name(get(row, "project")) or NO_PROJECT,
        "task": clean_name(get(row, "task")),
        "description": clean_text(get(row, "description")),
        "tags": tags,
        "notes": "",
        "billable": parse_flag(get(row, "billable"), path, where, "billable"),
        "user": clean_name(get(row, "user")),
        "user_email": header.text(row, "email") or None,
    }


def _start_end(header: Header, row, ctx: RowContext, where) -> tuple[datetime, datetime]:
    """Toggl's and Clockify's start and end; a row without an end takes its Duration."""
    get, path = header.get, ctx.path
    start = _local(_naive(f"{get(row, 'start_date')} {get(row, 'start_time')}", ctx.order, path, where, "start"),
                   ctx.zone, path, where)  # fmt: skip
    duration = header.text(row, "duration")
    if not header.text(row, "end_date") and not header.text(row, "end_time") and duration:
        return start, start + timedelta(seconds=parse_hours(duration, path, where, "duration"))
    end = _naive(f"{get(row, 'end_date')} {get(row, 'end_time')}", ctx.order, path, where, "end")
    return start, _local(end, ctx.zone, path, where)


_TO_THE_SECOND = re.compile(r"\d+:\d{1,2}:\d{1,2}(\s*[AaPp]\.?[Mm]\.?)?")
_CLOCK_SECONDS = re.compile(r"\d:\d{2}:\d{2}")


def _toggl_duration(header: Header, row, ctx: RowContext, where: str, start: datetime, end: datetime) -> datetime:
    """The end Toggl's own Duration gives, where it differs from end - start only by how the file
    rounds the times: Toggl keeps fractions of a second and writes start, end and duration each cut
    to the second (so end - start is 1 s off on some rows), or the times to the minute. A Duration
    without seconds, or one further off (not the same entry's length), leaves the end as written."""
    text = header.text(row, "duration")
    if not _TO_THE_SECOND.fullmatch(text):
        return end
    seconds = parse_hours(text, ctx.path, where, "duration")
    to_second = all(_CLOCK_SECONDS.search(header.text(row, name)) for name in ("start_time", "end_time"))
    tolerance = 1 if to_second else 119
    if abs((end - start).total_seconds() - seconds) <= tolerance:
        return start + timedelta(seconds=seconds)
    return end


def _toggl(header, row, ctx, where) -> ImportedEntry:
    start, end = _start_end(header, row, ctx, where)
    end = _toggl_duration(header, row, ctx, where, start, end)
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


def harvest_starts(header: Header, body, ctx: RowContext, day_start: time) -> dict[str, datetime]:
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


READERS = {"toggl": _toggl, "clockify": _clockify, "harvest": _harvest, "kimai": _kimai, "aostime": _aostime}
