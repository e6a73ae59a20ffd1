"""Dates in CSV exports: how a file orders day and month, and where date-only rows go.

Day/month order is decided once per file, from every date cell of every date column (Start Date,
End Date, Date of creation, Date...), never row by row and never guessed:

- a date whose first part is above 12 (27/07/2022) can only be day first, one whose second part
  is above 12 (07/27/2022) only month first; dotted dates (27.07.2022) are day first;
- a file showing both orders is refused;
- an explicit --date-order wins over the date_order setting, but a file whose dates contradict
  it is refused (the option names the file's order, it does not reinterpret the file);
- without evidence the option, else the date_order setting, reads the file; when neither is
  given and some date reads two ways (03/04/2024), the import is refused asking for one.

Year-first dates (2024-03-04, 2024/03/04) read one way and are no evidence either way.

Date-only rows (Harvest: a date and hours) are laid end to end from day_start ON THEIR DATE, per
person, in file order. When a day's rows would run past midnight the block starts earlier, so
that it ends at midnight (never before 00:00): every row starts and ends on its own date. A
person's day holding more hours than the day has is refused.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo

from aostime.domain.timeparse import localize
from aostime.errors import BadInput
from aostime.interchange.records import fail

ORDERS = ("dmy", "mdy", "ymd")
_NUMERIC_DATE = re.compile(r"\s*(\d{1,4})([/.\-])(\d{1,2})\2(\d{2,4})\b")


def _reading(value: str) -> tuple[str | None, bool]:
    """(the only order this date can be read in, or None; whether it reads two ways)."""
    match = _NUMERIC_DATE.match(value or "")
    if not match:
        return None, False
    if len(match.group(1)) == 4:
        return "ymd", False
    if match.group(2) == ".":
        return "dmy", False  # dotted dates are written day first wherever they are used
    first, second = int(match.group(1)), int(match.group(3))
    if first > 12:
        return "dmy", False
    if second > 12:
        return "mdy", False
    return None, first != second  # 04/04 is the same day either way


def evidence(values: list[str]) -> dict[str, str]:
    """order -> the first date that shows it ('dmy', 'mdy'; 'ymd' for year-first dates)."""
    found: dict[str, str] = {}
    for value in values:
        order, _ = _reading(value)
        if order is not None:
            found.setdefault(order, value.strip())
    return found


def first_ambiguous(values: list[str]) -> str | None:
    return next((v.strip() for v in values if _reading(v)[1]), None)


def decide_order(values: list[str], explicit: str | None, setting: str | None, path: str) -> str | None:
    """The order to read the file's dates in (see the module docstring), or a refusal."""
    shown = evidence(values)
    day_month = {k: v for k, v in shown.items() if k != "ymd"}
    if len(day_month) > 1:
        raise fail(path, "", f"its dates disagree: {day_month['dmy']!r} is day first, {day_month['mdy']!r} month "
                   "first; export the file again with one date format")  # fmt: skip
    ambiguous = first_ambiguous(values)
    if explicit is not None:
        _check_explicit(explicit, day_month, ambiguous, path)
        return explicit if explicit != "ymd" else None
    if day_month:
        return next(iter(day_month))
    if ambiguous is not None and not setting:
        raise fail(path, "", f"its dates could be day/month or month/day: {_both(ambiguous)}, and no date in the "
                   "file settles it; give --date-order dmy or mdy (or set it once: aos config set date_order dmy)")  # fmt: skip
    return setting or None


def _both(value: str) -> str:
    """'03/11/2026' -> "'03/11/2026' is 3 November 2026 (day first) or March 11, 2026 (month first)"."""
    match = _NUMERIC_DATE.match(value)
    first, second, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
    year += 2000 if len(match.group(4)) == 2 else 0
    try:
        dmy, mdy = date(year, second, first), date(year, first, second)
    except ValueError:  # a year the grammar refuses anyway; name the forms only
        return repr(value)
    return f"{value!r} is {dmy:%-d %B %Y} (day first) or {mdy:%B %-d, %Y} (month first)"


def _check_explicit(explicit: str, day_month: dict[str, str], ambiguous: str | None, path: str) -> None:
    if explicit not in ORDERS:
        raise BadInput(f"--date-order {explicit!r} is not one of {', '.join(ORDERS)}")
    if explicit == "ymd":
        other = next(iter(day_month.values()), None) or ambiguous
        if other is not None:
            raise fail(path, "", f"--date-order ymd, but {other!r} does not start with the year")
        return
    for order, value in day_month.items():
        if order != explicit:
            first = "day" if order == "dmy" else "month"
            raise fail(path, "", f"--date-order {explicit}, but {value!r} can only be read {first} first")


def date_order(values: list[str], setting: str | None = None) -> str | None:
    """How a file writes numeric dates, judged from all its dates: 'dmy' or 'mdy' when one of
    them can only be read one way; else the date_order setting; else None (kept for callers
    that only ask; parse() decides with decide_order, which also refuses)."""
    shown = {k: v for k, v in evidence(values).items() if k != "ymd"}
    if len(shown) == 1:
        return next(iter(shown))
    return setting


# -- date-only rows -------------------------------------------------------------------------


def lay_out_days(rows: list[tuple[str, date, int]], zone: tzinfo, day_start: time, path: str,
                 wheres: list[str]) -> list[datetime]:  # fmt: skip
    """The start of each (person, day, seconds) row: per person and date, end to end from
    day_start on that date, moved earlier when the day would spill past midnight."""
    totals: dict[tuple[str, date], int] = {}
    for person, day, seconds in rows:
        totals[(person, day)] = totals.get((person, day), 0) + seconds
    cursor: dict[tuple[str, date], datetime] = {}
    starts = []
    for (person, day, seconds), where in zip(rows, wheres, strict=True):
        key = (person, day)
        if key not in cursor:
            cursor[key] = _block_start(day, totals[key], zone, day_start, path, where, person)
        starts.append(cursor[key])
        cursor[key] = cursor[key] + timedelta(seconds=seconds)
    return starts


def _block_start(day: date, seconds: int, zone: tzinfo, day_start: time, path: str, where: str,
                 person: str) -> datetime:  # fmt: skip
    """day_start on `day`, or earlier so that `seconds` of work ends by midnight (UTC)."""
    midnight = _at(day, time(0), zone, path, where)
    next_midnight = _at(day + timedelta(days=1), time(0), zone, path, where)
    if seconds > (next_midnight - midnight).total_seconds():
        who = f" for {person}" if person else ""
        raise fail(path, where, f"the rows dated {day.isoformat()}{who} add up to {seconds / 3600:g} h, more than "
                   "the day has; aostime keeps every row on its own date")  # fmt: skip
    return max(midnight, min(_at(day, day_start, zone, path, where), next_midnight - timedelta(seconds=seconds)))


def _at(day: date, clock: time, zone: tzinfo, path: str, where: str) -> datetime:
    try:
        return localize(datetime.combine(day, clock), zone, f"{day.isoformat()} {clock:%H:%M}")
    except BadInput as exc:
        raise fail(path, where, str(exc)) from None
