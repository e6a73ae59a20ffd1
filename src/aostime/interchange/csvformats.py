"""Detailed CSV exports of Toggl Track, Clockify, Harvest and Kimai, and aostime's own CSV.

Columns are matched by header name (case-insensitive, any order, extra columns ignored; a
currency suffix such as 'Amount (USD)' or 'Billable Rate (EUR)' is allowed). Without --format
the format is told from the header. Dates and times are local wall time (TZ); day/month order is
taken from the file itself (a first part above 12 means day first, a second part above 12 means
month first; dotted dates are day first; otherwise month first, as in the US), so Clockify's
'2022-07-27 21:00' and '7/27/22 9:00 PM' both read right.

Rates and amounts are kept as the source gives them: the source's amount is the entry's amount
even where it differs from duration x rate (a fixed price, the source's own rounding). Toggl
gives only an amount: the rate is then the amount per hour, rounded to the cent. Harvest has
no times of day, only a date and hours: its entries are laid end to end from the day_start
setting (09:00) per person and day, in file order.

Foreign rows carry no stable id, so each gets a hash of its cells (and its rank among identical
rows) as source_id; the source is the format's name. aostime's own CSV re-imports by content.
"""

from __future__ import annotations

import csv
import re
from datetime import date, datetime, time, timedelta, tzinfo

from aostime.domain.timeparse import localize
from aostime.errors import BadInput
from aostime.interchange.records import (
    Batch,
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
    tags_note,
)  # fmt: skip

FORMATS = ("aostime", "toggl", "clockify", "harvest", "kimai")
NO_PROJECT = "No project"

# logical field -> accepted header names (case-insensitive); a name ending in "(" also matches
# any currency suffix, e.g. "amount (" matches "Amount (USD)" and "Amount ()".
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "toggl": {
        "user": ("user",), "email": ("email",), "client": ("client",), "project": ("project",),
        "task": ("task",), "description": ("description",), "billable": ("billable",),
        "start_date": ("start date",), "start_time": ("start time",), "end_date": ("end date",),
        "end_time": ("end time",), "tags": ("tags",), "amount": ("amount", "amount ("),
    },
    "clockify": {
        "project": ("project",), "client": ("client",), "description": ("description",),
        "task": ("task",), "user": ("user",), "email": ("email",), "tags": ("tags",),
        "billable": ("billable",), "start_date": ("start date",), "start_time": ("start time",),
        "end_date": ("end date",), "end_time": ("end time",),
        "rate": ("billable rate", "billable rate ("), "amount": ("billable amount", "billable amount ("),
    },
    "harvest": {
        "date": ("date",), "client": ("client",), "project": ("project",), "task": ("task",),
        "notes": ("notes",), "hours": ("hours",), "billable": ("billable?", "billable"),
        "invoiced": ("invoiced?", "invoiced"), "first_name": ("first name",), "last_name": ("last name",),
        "rate": ("billable rate",), "amount": ("billable amount",), "currency": ("currency",),
    },
    "kimai": {
        "date": ("date",), "from": ("from", "begin"), "to": ("to", "end"), "duration": ("duration",),
        "currency": ("currency",), "amount": ("price", "rate", "total price"),
        "hourly": ("hourly price", "hourly rate"), "fixed": ("fixed price", "fixed rate"),
        "alias": ("name",), "user": ("user", "username"), "email": ("e-mail", "email"),
        "client": ("customer",), "project": ("project",), "task": ("activity",),
        "description": ("description",), "billable": ("billable",), "exported": ("exported",),
        "tags": ("tags",),
    },
    "aostime": {
        "start": ("start_time",), "end": ("end_time",), "client": ("client_name",),
        "project": ("project_name",), "task": ("task_name",), "user": ("user_name",),
        "description": ("description",), "notes": ("notes",), "billable": ("billable",),
        "rate": ("hourly_rate",), "amount": ("amount",), "currency": ("currency",), "invoiced": ("invoiced",),
        "source": ("source",), "source_id": ("source_id",),
    },
}  # fmt: skip

REQUIRED = {
    "toggl": ("project", "start_date", "start_time", "end_date", "end_time"),
    "clockify": ("project", "start_date", "start_time", "end_date", "end_time"),
    "harvest": ("date", "project", "hours"),
    "kimai": ("date", "from", "to", "project"),
    "aostime": ("start", "end", "project"),
}


def _norm(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").split()).casefold()


class Header:
    """Where each logical field is in a row, for one format."""

    def __init__(self, names: list[str], fmt: str) -> None:
        normalised = [_norm(n) for n in names]
        self.index: dict[str, int] = {}
        for field, accepted in COLUMNS[fmt].items():
            for wanted in accepted:
                if wanted.endswith("("):
                    found = next((i for i, n in enumerate(normalised) if n.startswith(wanted)), None)
                else:
                    found = next((i for i, n in enumerate(normalised) if n == wanted), None)
                if found is not None:
                    self.index[field] = found
                    break
        self.names = names

    def missing(self, fmt: str) -> list[str]:
        return [COLUMNS[fmt][f][0] for f in REQUIRED[fmt] if f not in self.index]

    def get(self, row: list[str], field: str) -> str | None:
        i = self.index.get(field)
        if i is None or i >= len(row):
            return None
        return row[i]

    def suffix_currency(self, field: str) -> str | None:
        """'Billable Amount (EUR)' -> 'EUR'."""
        i = self.index.get(field)
        match = re.search(r"\(([A-Za-z]{3})\)\s*$", self.names[i]) if i is not None else None
        return match.group(1).upper() if match else None


def detect(names: list[str]) -> str | None:
    """The format a header row belongs to, or None."""
    have = {_norm(n) for n in names}

    def has(*wanted: str) -> bool:
        return all(w in have or any(h.startswith(w + " (") for h in have) for w in wanted)

    if has("start_time", "end_time", "project_name"):
        return "aostime"
    if has("hours", "date", "project") and ("billable?" in have or "hours rounded" in have or "first name" in have):
        return "harvest"
    if has("date", "project") and ("from" in have or "begin" in have) and ("customer" in have or "activity" in have):
        return "kimai"
    if has("start date", "start time", "end date", "end time", "project"):
        if "duration (h)" in have or "duration (decimal)" in have or has("billable rate") or has("billable amount"):
            return "clockify"
        names_raw = {n.replace("\ufeff", "").strip() for n in names}
        if "Start Date" in names_raw:  # Clockify capitalises, Toggl does not
            return "clockify"
        return "toggl"
    return None


# -- dates ----------------------------------------------------------------------------------

_NUMERIC_DATE = re.compile(r"\s*(\d{1,4})([/.\-])(\d{1,2})\2(\d{2,4})")


def date_order(values: list[str], setting: str | None = None) -> str | None:
    """How a file writes numeric dates, judged from all its dates: 'dmy' or 'mdy' when one of
    them can only be read one way (or the file uses dots, always day first); else the
    date_order setting; else None, and an ambiguous date in it is refused, never guessed."""
    dotted = False
    for value in values:
        match = _NUMERIC_DATE.match(value or "")
        if not match or len(match.group(1)) == 4:
            continue
        first, second = int(match.group(1)), int(match.group(3))
        if first > 12:
            return "dmy"
        if second > 12:
            return "mdy"
        dotted = dotted or match.group(2) == "."
    return "dmy" if dotted else setting


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
        from datetime import UTC

        return naive.astimezone(UTC).replace(microsecond=0)
    try:
        return localize(naive.replace(microsecond=0), zone, naive.isoformat(sep=" "))
    except BadInput as exc:
        raise fail(path, where, str(exc)) from None


def _tags(text: str | None) -> tuple[str, ...]:
    return tuple(t.strip() for t in (text or "").split(",") if t.strip())


def _reader(text: str) -> list[list[str]]:
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(first, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    return list(csv.reader(text.splitlines(keepends=True), delimiter=delimiter))


# -- rows -> entries ------------------------------------------------------------------------


def parse(
    text: str, path: str, fmt: str | None, zone: tzinfo, day_start: time = time(9, 0), order_setting: str | None = None
) -> Batch:  # fmt: skip
    try:
        rows = _reader(text)
    except csv.Error as exc:
        raise fail(path, "", f"is not valid CSV ({exc})") from None
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise fail(path, "", "is empty; expected a header row and entries")
    names = rows[0]
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
    batch = Batch(fmt if fmt != "aostime" else "aostime-csv", path)
    body = rows[1:]
    date_fields = [f for f in ("start_date", "end_date", "date") if f in header.index]
    order = date_order([header.get(r, f) or "" for r in body for f in date_fields], order_setting)
    ids = UniqueIds()
    stacked: dict[tuple[str, date], datetime] = {}
    make = {"toggl": _toggl, "clockify": _clockify, "harvest": _harvest, "kimai": _kimai, "aostime": _aostime}[fmt]
    for number, row in enumerate(body, 2):
        where = f"row {number}"
        entry = make(header, row, path, where, zone, order, stacked, day_start)
        if entry is None:
            continue
        if entry.end is not None and entry.end < entry.start:
            raise fail(path, where, "ends before it starts")
        if entry.end is not None and entry.end == entry.start:
            batch.dropped += 1
            batch.warnings.append(f"{path}: {where}: an entry of no length was left out")
            continue
        if fmt != "aostime":
            entry = entry._replace(source=fmt, source_id=ids(content_id(fmt, *row)))
        batch.entries.append(entry)
    return batch


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
    }


def _start_end(header: Header, row, path, where, zone, order) -> tuple[datetime, datetime]:
    get = header.get
    start = _naive(f"{get(row, 'start_date')} {get(row, 'start_time')}", order, path, where, "start")
    end = _naive(f"{get(row, 'end_date')} {get(row, 'end_time')}", order, path, where, "end")
    return _local(start, zone, path, where), _local(end, zone, path, where)


def _toggl(header, row, path, where, zone, order, stacked, day_start) -> ImportedEntry:
    start, end = _start_end(header, row, path, where, zone, order)
    fields = _common(header, row, path, where)
    amount = parse_cents(header.get(row, "amount"), path, where, "amount")
    rate = None
    seconds = int((end - start).total_seconds())
    if amount is not None and seconds > 0:
        rate = (amount * 3600 * 2 + seconds) // (seconds * 2)  # the amount per hour, half-up
    return ImportedEntry(
        start, end, where=where, user=clean_name(header.get(row, "user")),
        user_email=(header.get(row, "email") or "").strip() or None, rate_cents=rate, amount_cents=amount,
        currency=header.suffix_currency("amount"), **fields,
    )  # fmt: skip


def _clockify(header, row, path, where, zone, order, stacked, day_start) -> ImportedEntry:
    start, end = _start_end(header, row, path, where, zone, order)
    return ImportedEntry(
        start, end, where=where, user=clean_name(header.get(row, "user")),
        user_email=(header.get(row, "email") or "").strip() or None,
        rate_cents=parse_cents(header.get(row, "rate"), path, where, "billable rate"),
        amount_cents=parse_cents(header.get(row, "amount"), path, where, "billable amount"),
        currency=header.suffix_currency("amount") or header.suffix_currency("rate"),
        **_common(header, row, path, where),
    )  # fmt: skip


def _harvest(header, row, path, where, zone, order, stacked, day_start) -> ImportedEntry:
    get = header.get
    day = _naive(get(row, "date") or "", order, path, where, "date").date()
    seconds = parse_hours(get(row, "hours") or "", path, where)
    user = clean_name(f"{get(row, 'first_name') or ''} {get(row, 'last_name') or ''}")
    begin = stacked.get((user or "", day)) or _local(datetime.combine(day, day_start), zone, path, where)
    end = begin + timedelta(seconds=seconds)
    stacked[(user or "", day)] = end
    fields = _common(header, row, path, where)
    fields["description"] = clean_text(get(row, "notes"))
    return ImportedEntry(
        begin, end, where=where, user=user,
        rate_cents=parse_cents(get(row, "rate"), path, where, "billable rate"),
        amount_cents=parse_cents(get(row, "amount"), path, where, "billable amount"),
        invoiced=bool(parse_flag(get(row, "invoiced"), path, where, "invoiced")),
        currency=currency_code(get(row, "currency")), **fields,
    )  # fmt: skip


def _kimai(header, row, path, where, zone, order, stacked, day_start) -> ImportedEntry:
    get = header.get
    day = _naive(get(row, "date") or "", order, path, where, "date").date()
    begin = _naive(f"{day.isoformat()} {get(row, 'from')}", order, path, where, "from")
    to_text = (get(row, "to") or "").strip()
    finish = _naive(f"{day.isoformat()} {to_text}", order, path, where, "to") if to_text else None
    if finish is not None and finish < begin:
        finish += timedelta(days=1)  # Kimai writes only times: an entry past midnight ends the next day
    fixed = parse_cents(get(row, "fixed"), path, where, "fixed price")
    amount = parse_cents(get(row, "amount"), path, where, "price")
    if fixed and amount is None:
        amount = fixed
    alias, username = clean_name(get(row, "alias")), clean_name(get(row, "user"))
    exported = parse_flag(get(row, "exported"), path, where, "exported")
    return ImportedEntry(
        _local(begin, zone, path, where), _local(finish, zone, path, where) if finish else None, where=where,
        user=alias or username, user_email=(get(row, "email") or "").strip() or None,
        rate_cents=parse_cents(get(row, "hourly"), path, where, "hourly price"),
        amount_cents=amount if finish is not None else None, invoiced=bool(exported) and finish is not None,
        currency=currency_code(get(row, "currency")), **_common(header, row, path, where),
    )  # fmt: skip


def _aostime(header, row, path, where, zone, order, stacked, day_start) -> ImportedEntry:
    get = header.get
    start = _local(_naive(get(row, "start") or "", order, path, where, "start_time"), zone, path, where)
    end_text = (get(row, "end") or "").strip()
    end = _local(_naive(end_text, order, path, where, "end_time"), zone, path, where) if end_text else None
    fields = _common(header, row, path, where)
    fields["notes"] = clean_text(get(row, "notes"))
    source = (get(row, "source") or "").strip() or None
    return ImportedEntry(
        start, end, where=where, user=clean_name(get(row, "user")), currency=currency_code(get(row, "currency")),
        rate_cents=parse_cents(get(row, "rate"), path, where, "hourly_rate"),
        amount_cents=parse_cents(get(row, "amount"), path, where, "amount") if end else None,
        invoiced=bool(parse_flag(get(row, "invoiced"), path, where, "invoiced")) and end is not None,
        source=source, source_id=((get(row, "source_id") or "").strip() or None) if source else None,
        **fields,
    )  # fmt: skip
